// Test fixtures written for these tests: CSV text in the generic layout and in the shape of
// an Adyen Settlement details report, built row by row from named cells.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "formats/card/reader.h"

namespace card_fixtures {

using Cells = std::initializer_list<std::pair<std::string_view, std::string_view>>;

inline const std::vector<std::string_view> kGenericColumns = {
    "processor",  "merchant",  "batch_id",  "settlement_date",     "deposit_date",  "type",
    "card_brand", "last_four", "auth_code", "processor_reference", "our_reference", "gross",
    "fees",       "net",       "currency",  "reason_code",         "case_id"};

// Adyen's standard columns in their documented order, plus a reserved one.
inline const std::vector<std::string_view> kAdyenColumns = {"Company Account",
                                                            "Merchant Account",
                                                            "Psp Reference",
                                                            "Merchant Reference",
                                                            "Payment Method",
                                                            "Creation Date",
                                                            "TimeZone",
                                                            "Type",
                                                            "Modification Reference",
                                                            "Gross Currency",
                                                            "Gross Debit (GC)",
                                                            "Gross Credit (GC)",
                                                            "Exchange Rate",
                                                            "Net Currency",
                                                            "Net Debit (NC)",
                                                            "Net Credit (NC)",
                                                            "Commission (NC)",
                                                            "Markup (NC)",
                                                            "Scheme Fees (NC)",
                                                            "Interchange (NC)",
                                                            "Payment Method Variant",
                                                            "Modification Merchant Reference",
                                                            "Batch Number",
                                                            "Reserved4"};

// Quotes a cell when RFC 4180 needs it.
inline std::string csv_cell(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

inline std::string header(const std::vector<std::string_view>& columns) {
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + csv_cell(columns[i]);
  return out + "\n";
}

// One row: each named cell in its column, the rest empty.
inline std::string row(const std::vector<std::string_view>& columns, Cells cells) {
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i) out += ",";
    for (const auto& [name, value] : cells)
      if (name == columns[i]) out += csv_cell(value);
  }
  return out + "\n";
}

inline std::string generic_header() {
  return header(kGenericColumns);
}
inline std::string generic(Cells cells) {
  return row(kGenericColumns, cells);
}
inline std::string adyen_header() {
  return header(kAdyenColumns);
}
inline std::string adyen(Cells cells) {
  return row(kAdyenColumns, cells);
}

// A generic sale row of batch B1 with the given amounts; other cells are plausible values.
inline std::string sale(std::string_view ref, std::string_view gross, std::string_view fees,
                        std::string_view net, std::string_view batch = "B1") {
  return generic({{"processor", "acme"},
                  {"merchant", "M100"},
                  {"batch_id", batch},
                  {"settlement_date", "2026-11-20"},
                  {"deposit_date", "2026-11-22"},
                  {"type", "sale"},
                  {"card_brand", "visa"},
                  {"last_four", "1111"},
                  {"auth_code", "A1B2C3"},
                  {"processor_reference", ref},
                  {"our_reference", "ACCT-1001"},
                  {"gross", gross},
                  {"fees", fees},
                  {"net", net},
                  {"currency", "USD"}});
}

inline std::string payout(std::string_view net, std::string_view batch = "B1") {
  return generic({{"processor", "acme"},
                  {"merchant", "M100"},
                  {"batch_id", batch},
                  {"settlement_date", "2026-11-20"},
                  {"deposit_date", "2026-11-22"},
                  {"type", "payout"},
                  {"processor_reference", "PO-1"},
                  {"net", net},
                  {"currency", "USD"}});
}

// Collects what the reader hands over.
class Collect : public tally::formats::card::Visitor {
 public:
  void on_record(const tally::formats::card::CardRecord& r) override { records.push_back(r); }
  std::vector<tally::formats::card::CardRecord> records;
};

inline bool has_issue(const std::vector<tally::formats::Issue>& issues, std::string_view code) {
  for (const auto& i : issues)
    if (i.code == code) return true;
  return false;
}

inline const tally::formats::Issue* find_issue(const std::vector<tally::formats::Issue>& issues,
                                               std::string_view code) {
  for (const auto& i : issues)
    if (i.code == code) return &i;
  return nullptr;
}

inline std::int64_t summary_int(const tally::formats::ParseReport& r, std::string_view name) {
  const auto* v = r.summary.find(name);
  return v ? std::get<std::int64_t>(*v) : -999999;
}

inline std::int64_t declared_int(const tally::formats::ParseReport& r, std::string_view name) {
  const auto* v = r.declared.find(name);
  return v ? std::get<std::int64_t>(*v) : -999999;
}

}  // namespace card_fixtures
