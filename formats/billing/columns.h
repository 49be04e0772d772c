// Header-row handling shared by the billing CSVs: find named columns, require some, warn on
// unknown ones.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/business_date.h"
#include "formats/common/csv.h"
#include "formats/common/report.h"

namespace tally::formats::billing {

struct ColumnSpec {
  std::string_view name;
  bool required;
};

// Index of each spec'd column in the header, in spec order (nullopt when absent).
// Reports missing required columns as errors and unknown ones as warnings.
std::vector<std::optional<std::size_t>> map_columns(const CsvReader& header,
                                                    const std::vector<ColumnSpec>& specs,
                                                    ParseReport& report);

// "YYYY-MM-DD" or "MM/DD/YYYY".
std::optional<BusinessDate> parse_bill_date(std::string_view text);

}  // namespace tally::formats::billing
