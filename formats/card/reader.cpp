#include "formats/card/reader.h"

#include <exception>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/money.h"
#include "formats/card/batch_totals.h"
#include "formats/common/csv.h"
#include "formats/card/profile.h"
#include "formats/card/row.h"
#include "formats/common/pan.h"
#include "formats/common/text.h"

namespace tally::formats::card {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Processor references are often 16-digit numbers led by 8 or 9 (Adyen's PSP references);
// only numbers that can be cards are masked, so those keys survive (pan.h).
constexpr PanOptions kPanOptions{.require_card_prefix = true};

// File totals for the summary, overflow-checked.
class Totals {
 public:
  void add(const CardRecord& r, ParseReport& report) {
    ++rows_;
    if (!currency_) currency_ = r.currency();
    if (!(*currency_ == r.currency()) && !mixed_) {
      mixed_ = true;
      report.warning(Issue{r.line, r.record, "currency", "mixed_currencies",
                           fmt::format("rows in {} and {}: summary totals add both",
                                       currency_->code(), r.currency().code())});
    }
    switch (r.type) {
      case RecordType::kSale:
        add_to(sales_, r.gross, r, report);
        break;
      case RecordType::kRefund:
        add_to(refunds_, r.gross, r, report);
        break;
      case RecordType::kChargeback:
      case RecordType::kChargebackReversal:
        add_to(chargebacks_, r.gross, r, report);
        break;
      case RecordType::kFee:
        break;
      case RecordType::kPayout:
        ++payouts_;
        add_to(payouts_minor_, r.net, r, report);
        return;
      case RecordType::kOther:
        add_other(r, report);
        break;
    }
    add_to(fees_, r.fees, r, report);
    add_to(net_, r.net, r, report);
  }

  void fill(ParseReport& report, std::string_view profile, std::size_t batches) const {
    report.summary.set("profile", std::string(profile));
    report.summary.set("currency", mixed_      ? std::string("mixed")
                                   : currency_ ? std::string(currency_->code())
                                               : std::string());
    report.summary.set("rows", rows_);
    report.summary.set("sales_minor", sales_);
    report.summary.set("refunds_minor", refunds_);
    report.summary.set("chargebacks_minor", chargebacks_);
    report.summary.set("fees_minor", fees_);
    report.summary.set("net_minor", net_);
    report.summary.set("payouts", payouts_);
    report.summary.set("batches", static_cast<std::int64_t>(batches));
    report.summary.set("other_rows", other_rows_);
    report.summary.set("other_minor", other_minor_);
    for (const OtherType& t : other_types_) {
      report.summary.set("other_rows." + t.name, t.rows);
      report.summary.set("other_minor." + t.name, t.net_minor);
    }
    report.declared.set("payouts", payouts_);
    report.declared.set("payouts_minor", payouts_minor_);
  }

 private:
  // Per processor type (lower case). Only types a profile maps to kOther get here, so the
  // list is bounded by the profiles' tables.
  struct OtherType {
    std::string name;
    std::int64_t rows = 0;
    std::int64_t net_minor = 0;
  };

  void add_other(const CardRecord& r, ParseReport& report) {
    ++other_rows_;
    add_to(other_minor_, r.net, r, report);
    const std::string name = to_lower(r.processor_type);
    OtherType* t = nullptr;
    for (OtherType& o : other_types_)
      if (o.name == name) t = &o;
    if (!t) t = &other_types_.emplace_back(OtherType{name, 0, 0});
    ++t->rows;
    add_to(t->net_minor, r.net, r, report);
    report.warning(Issue{r.line, r.record, "type", "not_posted",
                         fmt::format("a {} row of net {}: kept and summed into its batch and "
                                     "other_minor; Tally does not post it",
                                     r.processor_type, r.net.to_string())});
  }

  static std::string to_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }

  void add_to(std::int64_t& total, const Money& amount, const CardRecord& r, ParseReport& report) {
    const auto sum = checked_add(total, amount.minor());
    if (sum) {
      total = *sum;
    } else if (!overflow_) {
      overflow_ = true;
      report.error(
          Issue{r.line, r.record, "", "amount_overflow", "file totals do not fit in 64 bits"});
    }
  }

  std::int64_t rows_ = 0, sales_ = 0, refunds_ = 0, chargebacks_ = 0, fees_ = 0, net_ = 0;
  std::int64_t payouts_ = 0, payouts_minor_ = 0;
  std::int64_t other_rows_ = 0, other_minor_ = 0;
  std::vector<OtherType> other_types_;
  std::optional<Currency> currency_;
  bool mixed_ = false;
  bool overflow_ = false;
};

std::string column_name(const std::vector<std::string>* header, std::size_t i) {
  if (header && i < header->size() && !(*header)[i].empty()) return (*header)[i];
  return fmt::format("column {}", i + 1);
}

// Masks card numbers in every field of the current record, warning once per field.
void mask_record(CsvReader& reader, const std::vector<std::string>* header, ParseReport& report) {
  for (std::size_t i = 0; i < reader.field_count(); ++i) {
    const std::size_t count = mask_pans(reader.field(i), nullptr, kPanOptions);
    if (count == 0) continue;
    report.warning(Issue{reader.field_line(i), reader.record_number(), column_name(header, i),
                         "pan_masked",
                         fmt::format("line {} column {} ({}): {} card number{} masked to the "
                                     "last four digits",
                                     reader.field_line(i), i + 1, column_name(header, i), count,
                                     count == 1 ? "" : "s")});
  }
}

bool all_empty(const CsvReader& reader) {
  for (std::size_t i = 0; i < reader.field_count(); ++i)
    if (!trim(reader.field(i)).empty()) return false;
  return true;
}

void csv_error(const CsvReader& reader, ParseReport& report) {
  const CsvError& e = reader.error();
  report.error(Issue{e.line, reader.record_number(), "", e.code, e.message});
}

// Reads the header row; the column map when it matches a profile.
std::optional<ColumnMap> read_header(CsvReader& reader, std::vector<std::string>& header,
                                     ParseReport& report) {
  const auto got = reader.next();
  if (got == CsvReader::Next::kEnd) {
    report.error(Issue{0, 0, "", "empty_file", "no header row"});
    return std::nullopt;
  }
  if (got == CsvReader::Next::kError) {
    csv_error(reader, report);
    return std::nullopt;
  }
  mask_record(reader, nullptr, report);
  for (std::size_t i = 0; i < reader.field_count(); ++i) header.push_back(reader.field(i));
  for (std::size_t i = 0; i < header.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (!trim(header[i]).empty() && same_header(header[i], header[j])) {
        report.error(
            Issue{reader.field_line(i), 1, header[i], "duplicate_column",
                  fmt::format("columns {} and {} are both named '{}'", j + 1, i + 1, header[i])});
        return std::nullopt;
      }
  auto map = match_header(header);
  if (!map)
    report.error(Issue{reader.record_line(), 1, "", "unknown_layout",
                       "the header row matches no card profile (generic layout: processor, "
                       "batch_id, settlement_date, type, processor_reference, gross, fees, net, "
                       "currency, ...; or an Adyen Settlement details report)"});
  return map;
}

void run(std::string_view bytes, Visitor& visitor, ParseReport& report) {
  if (bytes.substr(0, kBom.size()) == kBom) bytes.remove_prefix(kBom.size());
  CsvReader reader(bytes);
  std::vector<std::string> header;
  const auto map = read_header(reader, header, report);
  if (!map) return;

  const RowMapper mapper(*map, header);
  Totals totals;
  BatchTotals batches;
  CardRecord record;
  for (;;) {
    const auto got = reader.next();
    if (got == CsvReader::Next::kEnd) break;
    if (got == CsvReader::Next::kError) {
      csv_error(reader, report);
      break;
    }
    mask_record(reader, &header, report);
    if (all_empty(reader)) continue;  // spreadsheet exports end in ",,,," rows
    if (reader.field_count() != header.size()) {
      report.error(
          Issue{reader.record_line(), reader.record_number(), "", "column_count",
                fmt::format("{} fields, the header has {}", reader.field_count(), header.size())});
      continue;
    }
    if (!mapper.map(reader, record, report)) continue;
    totals.add(record, report);
    batches.add(record, report);
    visitor.on_record(record);
  }
  batches.finish(report);
  totals.fill(report, map->profile->name, batches.batch_count());
}

}  // namespace

ParseReport parse(std::string_view bytes, Visitor& visitor) {
  ParseReport report;
  report.format = "card";
  try {
    run(bytes, visitor, report);
  } catch (const std::exception& e) {
    report.error(Issue{0, 0, "", "internal_error", e.what()});
  } catch (...) {
    report.error(Issue{0, 0, "", "internal_error", "unexpected exception"});
  }
  report.accepted = report.errors.empty();
  return report;
}

ParseReport check(std::string_view bytes) {
  Visitor nothing;
  return parse(bytes, nothing);
}

}  // namespace tally::formats::card
