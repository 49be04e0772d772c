#include "formats/billing/columns.h"

#include <fmt/format.h>

#include "core/business_date.h"
#include "formats/common/text.h"

namespace tally::formats::billing {

std::vector<std::optional<std::size_t>> map_columns(const CsvReader& header,
                                                    const std::vector<ColumnSpec>& specs,
                                                    ParseReport& report) {
  std::vector<std::optional<std::size_t>> index(specs.size());
  for (std::size_t c = 0; c < header.field_count(); ++c) {
    const std::string_view name = trim(header.field(c));
    bool known = false;
    for (std::size_t s = 0; s < specs.size(); ++s) {
      if (specs[s].name != name) continue;
      known = true;
      if (index[s]) report.error({header.record_line(), 1, std::string(name), "duplicate_column",
                                  fmt::format("column '{}' appears twice", name)});
      index[s] = c;
    }
    if (!known)
      report.warning({header.record_line(), 1, std::string(name), "unknown_column",
                      fmt::format("column '{}' is not part of the layout; ignored", name)});
  }
  for (std::size_t s = 0; s < specs.size(); ++s)
    if (specs[s].required && !index[s])
      report.error({header.record_line(), 1, std::string(specs[s].name), "missing_column",
                    fmt::format("required column '{}' is missing from the header", specs[s].name)});
  return index;
}

std::optional<BusinessDate> parse_bill_date(std::string_view text) {
  text = trim(text);
  if (auto iso = BusinessDate::parse_iso(text)) return iso;
  if (text.size() == 10 && text[2] == '/' && text[5] == '/') {
    const std::string ymd = std::string(text.substr(6, 4)) + std::string(text.substr(0, 2)) +
                            std::string(text.substr(3, 2));
    return BusinessDate::parse_yyyymmdd(ymd);
  }
  return std::nullopt;
}

}  // namespace tally::formats::billing
