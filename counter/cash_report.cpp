#include "counter/cash_report.h"

#include "core/csv_cell.h"

#include <fmt/format.h>

#include <array>
#include <boost/json.hpp>
#include <cctype>

#include "core/html.h"
#include "core/money.h"
#include "counter/receipt_render.h"

namespace tally::counter {
namespace {

// The report's columns, in order: the CSV header and JSON keys, and the HTML headings. cells()
// produces a row's cells in the same order.
struct Column {
  std::string_view key;
  std::string_view heading;
};

constexpr std::array kColumns = {
    Column{"business_date", "Date"},
    Column{"cashier", "Cashier"},
    Column{"drawer", "Drawer"},
    Column{"session", "Session"},
    Column{"opening_float", "Float"},
    Column{"cash_count", "Cash #"},
    Column{"cash_total", "Cash"},
    Column{"check_count", "Checks #"},
    Column{"check_total", "Checks"},
    Column{"money_order_count", "Money orders #"},
    Column{"money_order_total", "Money orders"},
    Column{"card_count", "Cards #"},
    Column{"card_total", "Cards"},
    Column{"void_count", "Voids #"},
    Column{"void_total", "Voids"},
    Column{"paid_in", "Paid in"},
    Column{"paid_out", "Paid out"},
    Column{"transfers_in", "Transfers in"},
    Column{"transfers_out", "Transfers out"},
    Column{"expected_cash", "Expected cash"},
    Column{"counted_cash", "Counted cash"},
    Column{"over_short", "Over/short"},
    Column{"deposit_reference", "Deposit slip"},
    Column{"deposit_total", "Deposit"},
    Column{"bank_status", "Bank"},
};

struct Cell {
  enum class Kind { text, count, amount };
  Kind kind = Kind::text;
  std::string text;
  std::optional<std::int64_t> value;  // a count, or an amount in minor units; none: blank
};

Cell text(std::string value) {
  return {Cell::Kind::text, std::move(value), std::nullopt};
}
Cell count(std::int64_t value) {
  return {Cell::Kind::count, "", value};
}
Cell amount(std::optional<std::int64_t> minor) {
  return {Cell::Kind::amount, "", minor};
}

std::array<Cell, kColumns.size()> cells(const CashReportRow& r) {
  return {
      text(r.date.to_iso()),
      text(r.cashier),
      text(r.drawer),
      text(r.session_id),
      amount(r.opening_float_minor),
      count(r.cash.count),
      amount(r.cash.total_minor),
      count(r.check.count),
      amount(r.check.total_minor),
      count(r.money_order.count),
      amount(r.money_order.total_minor),
      count(r.card.count),
      amount(r.card.total_minor),
      count(r.voids.count),
      amount(r.voids.total_minor),
      amount(r.paid_in_minor),
      amount(r.paid_out_minor),
      amount(r.transfers_in_minor),
      amount(r.transfers_out_minor),
      amount(r.expected_cash_minor),
      amount(r.counted_cash_minor),
      amount(r.over_short_minor),
      text(r.deposit_reference),
      amount(r.deposit_total_minor),
      text(r.bank_status),
  };
}

// Exact decimal ("1234.56") for machines, grouped ("1,234.56") for people; "" when absent.
std::string cell_text(const Cell& c, const Currency& currency, bool for_people) {
  if (c.kind == Cell::Kind::text) return c.text;
  if (!c.value) return "";
  if (c.kind == Cell::Kind::count) return std::to_string(*c.value);
  const Money m(*c.value, currency);
  return for_people ? m.to_display() : m.to_string();
}

bool add(std::int64_t& sum, std::int64_t value) {
  const auto next = checked_add(sum, value);
  if (next) sum = *next;
  return next.has_value();
}
bool add(std::optional<std::int64_t>& sum, std::optional<std::int64_t> value) {
  if (!value) return true;
  if (!sum) sum = 0;
  return add(*sum, *value);
}
bool add(TenderTally& sum, const TenderTally& value) {
  return add(sum.count, value.count) && add(sum.total_minor, value.total_minor);
}

TenderTally tally_of(const Session& s, TenderKind kind) {
  TenderTally out{0, s.total_minor(kind)};
  for (const Receipt& r : s.receipts)
    if (!r.voided())
      for (const Tender& t : r.tenders)
        if (t.kind == kind) ++out.count;
  return out;
}

// ---- CSV ---------------------------------------------------------------------------------

// ---- HTML --------------------------------------------------------------------------------

// Landscape: 25 columns do not fit a portrait page.
constexpr std::string_view kReportCss =
    "body{font:12px system-ui,sans-serif;margin:1.5em;color:#000;background:#fff}"
    "h1{font-size:16px}table{border-collapse:collapse}th,td{border:1px solid #999;"
    "padding:2px 5px;text-align:left;vertical-align:top}th{background:#eee}"
    "td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}"
    "tfoot td{font-weight:bold;border-top:2px solid #000}"
    "@page{size:landscape;margin:10mm}@media print{body{margin:0}th{background:none}}";

std::string html_row(const std::array<Cell, kColumns.size()>& row, const Currency& currency,
                     std::string_view first_cell) {
  std::string out = "<tr>";
  for (std::size_t k = 0; k < row.size(); ++k) {
    const Cell& c = row[k];
    const std::string shown =
        k == 0 && !first_cell.empty() ? std::string(first_cell) : cell_text(c, currency, true);
    out +=
        (c.kind == Cell::Kind::text ? "<td>" : "<td class=\"n\">") + html_escape(shown) + "</td>";
  }
  return out + "</tr>\n";
}

}  // namespace

std::vector<CashReportRow> cash_report(
    std::span<const Session> sessions,
    const std::function<std::string(const Session&)>& bank_status) {
  std::vector<CashReportRow> rows;
  rows.reserve(sessions.size());
  for (const Session& s : sessions) {
    CashReportRow r;
    r.date = s.date;
    r.cashier = s.cashier;
    r.drawer = s.drawer;
    r.session_id = s.id;
    r.opening_float_minor = s.float_minor;
    r.cash = tally_of(s, TenderKind::cash);
    r.check = tally_of(s, TenderKind::check);
    r.money_order = tally_of(s, TenderKind::money_order);
    r.card = tally_of(s, TenderKind::card);
    for (const Receipt& receipt : s.receipts)
      if (receipt.voided()) ++r.voids.count;
    r.voids.total_minor = s.voided_minor();
    r.paid_in_minor = s.moved_minor(MoveKind::paid_in);
    r.paid_out_minor = s.moved_minor(MoveKind::paid_out);
    r.transfers_in_minor = s.moved_minor(MoveKind::transfer_in);
    r.transfers_out_minor = s.moved_minor(MoveKind::transfer_out);
    r.expected_cash_minor = s.expected_cash_minor();
    if (!s.counts.empty()) {
      r.counted_cash_minor = s.counts.back().counted_minor;
      r.over_short_minor = s.counts.back().over_short_minor;
    }
    if (s.close) {
      r.deposit_reference = s.close->slip.reference;
      r.deposit_total_minor = s.close->slip.total_minor;
    }
    if (bank_status) r.bank_status = bank_status(s);
    rows.push_back(std::move(r));
  }
  return rows;
}

std::optional<CashReportRow> cash_report_totals(std::span<const CashReportRow> rows) {
  CashReportRow t;
  for (const CashReportRow& r : rows) {
    const bool ok = add(t.opening_float_minor, r.opening_float_minor) && add(t.cash, r.cash) &&
                    add(t.check, r.check) && add(t.money_order, r.money_order) &&
                    add(t.card, r.card) && add(t.voids, r.voids) &&
                    add(t.paid_in_minor, r.paid_in_minor) &&
                    add(t.paid_out_minor, r.paid_out_minor) &&
                    add(t.transfers_in_minor, r.transfers_in_minor) &&
                    add(t.transfers_out_minor, r.transfers_out_minor) &&
                    add(t.expected_cash_minor, r.expected_cash_minor) &&
                    add(t.counted_cash_minor, r.counted_cash_minor) &&
                    add(t.over_short_minor, r.over_short_minor) &&
                    add(t.deposit_total_minor, r.deposit_total_minor);
    if (!ok) return std::nullopt;
  }
  return t;
}

std::string cash_report_csv(std::span<const CashReportRow> rows, const Currency& currency) {
  std::string out;
  for (std::size_t k = 0; k < kColumns.size(); ++k) {
    if (k > 0) out.push_back(',');
    out += kColumns[k].key;
  }
  out += "\r\n";
  for (const CashReportRow& r : rows) {
    const auto row = cells(r);
    for (std::size_t k = 0; k < row.size(); ++k) {
      if (k > 0) out.push_back(',');
      out += csv_cell(cell_text(row[k], currency, false));
    }
    out += "\r\n";
  }
  return out;
}

std::string cash_report_html(std::span<const CashReportRow> rows, const Currency& currency,
                             std::string_view title) {
  std::string out = fmt::format(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title>\n"
      "<style>{1}</style></head><body>\n<h1>{0}</h1>\n<p>Amounts in {2}.</p>\n<table>\n<thead><tr>",
      html_escape(title), kReportCss, currency.code());
  for (const Column& c : kColumns) out += "<th>" + html_escape(c.heading) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const CashReportRow& r : rows) out += html_row(cells(r), currency, "");
  if (rows.empty())
    out += fmt::format("<tr><td colspan=\"{}\">No drawer sessions.</td></tr>\n", kColumns.size());
  out += "</tbody>\n<tfoot>\n";
  if (const auto totals = cash_report_totals(rows)) {
    out += html_row(cells(*totals), currency, "Total");
  } else {
    out += fmt::format("<tr><td colspan=\"{}\">Totals overflow 64-bit minor units.</td></tr>\n",
                       kColumns.size());
  }
  return out + "</tfoot>\n</table>\n</body></html>\n";
}

boost::json::object cash_report_json(std::span<const CashReportRow> rows,
                                     const Currency& currency) {
  const auto to_json = [&](const CashReportRow& r, bool with_text) {
    boost::json::object o;
    const auto row = cells(r);
    for (std::size_t k = 0; k < row.size(); ++k) {
      const Cell& c = row[k];
      if (c.kind == Cell::Kind::text) {
        if (with_text) o[kColumns[k].key] = c.text;
      } else if (!c.value) {
        o[kColumns[k].key] = nullptr;
      } else if (c.kind == Cell::Kind::count) {
        o[kColumns[k].key] = *c.value;
      } else {
        o[kColumns[k].key] = cell_text(c, currency, false);
      }
    }
    return o;
  };
  boost::json::array list;
  for (const CashReportRow& r : rows) list.push_back(to_json(r, true));
  boost::json::object out;
  out["currency"] = currency.code();
  out["rows"] = std::move(list);
  if (const auto totals = cash_report_totals(rows))
    out["totals"] = to_json(*totals, false);
  else
    out["totals"] = nullptr;
  return out;
}

}  // namespace tally::counter
