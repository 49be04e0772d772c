#include "counter/receipt_render.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "core/html.h"
#include "core/money.h"
#include "counter/receipt_labels.h"

namespace tally::counter {
namespace {

using detail::Labels;
using detail::kEnglish;
using detail::labels_for;

std::string money(std::int64_t minor, const Currency& currency) {
  return Money(minor, currency).to_display();
}

std::string money_with_code(std::int64_t minor, const Currency& currency) {
  return fmt::format("{} {}", currency.code(), money(minor, currency));
}

std::string masked(std::string_view last4) {
  return fmt::format("****{}", last4);
}

// A paper's content before it is laid out: "label: value" facts, then amount lines (a detail
// line belongs to the line above it: a cash tender's change, a check's account).
struct Fact {
  std::string label;
  std::string value;
};
struct AmountLine {
  std::string label;
  std::string amount;  // may be empty: a detail without an amount
  bool detail = false;
};

std::vector<AmountLine> tender_lines(const Receipt& r, const Labels& l, const Currency& c) {
  std::vector<AmountLine> out;
  for (const Tender& t : r.tenders) {
    const auto& m = t.method;
    switch (t.kind) {
      case TenderKind::cash:
        out.push_back({std::string(l.cash), money(t.applied_minor, c), false});
        out.push_back({std::string(l.tendered), money(t.tendered_minor, c), true});
        out.push_back({std::string(l.change), money(t.change_minor, c), true});
        break;
      case TenderKind::check:
        out.push_back(
            {fmt::format("{} {}", l.check, m.check_number()), money(t.applied_minor, c), false});
        if (!m.account_last4().empty())
          out.push_back({fmt::format("{} {}", l.account, masked(m.account_last4())), "", true});
        break;
      case TenderKind::money_order:
        out.push_back({fmt::format("{} {}", l.money_order, m.check_number()),
                       money(t.applied_minor, c), false});
        break;
      case TenderKind::card: {
        std::string label(l.card);
        if (!m.card_brand().empty()) label += " " + m.card_brand();
        label += " " + masked(m.card_last4());
        out.push_back({std::move(label), money(t.applied_minor, c), false});
        out.push_back({fmt::format("{} {}", l.auth_code, m.auth_code()), "", true});
        break;
      }
    }
  }
  return out;
}

// `at_us` is when the paper's step happened: the payment, or the void's approval.
std::vector<Fact> receipt_facts(const Session& s, const Receipt& r, const Labels& l,
                                std::int64_t at_us) {
  std::vector<Fact> out = {
      {std::string(l.session), s.id},
      {std::string(l.drawer), s.drawer},
      {std::string(l.date), utc_minute_text(at_us)},
      {std::string(l.cashier), r.cashier.empty() ? s.cashier : r.cashier},
      {std::string(l.account), r.account},
  };
  if (!r.payer_name.empty()) out.push_back({std::string(l.payer), r.payer_name});
  return out;
}

// A void's paper is dated when it was approved (or asked for, while it waits) and also says
// when the receipt it undoes was taken.
std::vector<Fact> void_receipt_facts(const Session& s, const Receipt& r, const Labels& l) {
  std::int64_t at_us = r.recorded_at_us;
  if (r.void_record)
    at_us = r.voided() ? r.void_record->approved_at_us : r.void_record->requested_at_us;
  std::vector<Fact> out = receipt_facts(s, r, l, at_us);
  out.push_back({std::string(l.receipt_date), utc_minute_text(r.recorded_at_us)});
  return out;
}

// Who asked for the void and who approved it, with their reasons.
std::vector<Fact> void_facts(const Receipt& r, const Labels& l) {
  static const VoidRecord kNone;
  const VoidRecord& v = r.void_record ? *r.void_record : kNone;
  std::vector<Fact> out = {{std::string(l.requested_by), v.requested_by}};
  if (!v.request_reason.empty()) out.push_back({std::string(l.reason), v.request_reason});
  out.push_back({std::string(l.approved_by),
                 v.approved() ? v.approved_by : std::string(l.awaiting_approval)});
  if (!v.approval_reason.empty()) out.push_back({std::string(l.reason), v.approval_reason});
  return out;
}

// ---- text for the 40-column printer -------------------------------------------------------

// Columns a UTF-8 text takes: one per code point (the printer's font is single-width, and "¢"
// or "Ó" are two bytes but one column).
std::size_t columns(std::string_view text) {
  std::size_t n = 0;
  for (char ch : text)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  return n;
}

// The longest head of `text` that fits `width` columns, cut between code points.
std::string_view clip(std::string_view text, std::size_t width) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && n++ == width)
      return text.substr(0, i);
  }
  return text;
}

// Control characters become spaces: a newline or tab in a typed name would break the layout.
std::string paper_safe(std::string_view text) {
  std::string out(text);
  for (char& ch : out)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) ch = ' ';
  return out;
}

class Paper {
 public:
  void line(std::string_view text) {
    out_ += text;
    out_ += '\n';
  }
  void blank() { out_ += '\n'; }
  void rule(char ch = '-') { line(std::string(kPaperColumns, ch)); }

  // Breaks at spaces where it can, inside a word only when the word alone is too long; lines
  // after the first are indented, so a wrapped name reads as one item.
  void wrap(std::string_view text, std::size_t indent = 2) {
    const std::string clean = paper_safe(text);
    std::string_view rest = clean;
    std::string prefix;
    for (;;) {
      const std::size_t room = kPaperColumns - prefix.size();
      if (columns(rest) <= room) return line(prefix + std::string(rest));
      std::size_t cut = clip(rest, room).size();
      const bool at_space = rest[cut] == ' ';
      const std::size_t space = rest.substr(0, cut).rfind(' ');
      if (!at_space && space != std::string_view::npos && space > 0) cut = space;
      std::string_view head = rest.substr(0, cut);
      while (!head.empty() && head.back() == ' ') head.remove_suffix(1);
      line(prefix + std::string(head));
      rest.remove_prefix(cut);
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      if (rest.empty()) return;
      prefix.assign(indent, ' ');
    }
  }

  void center(std::string_view text) {
    const std::string clean = paper_safe(text);
    const std::size_t n = columns(clean);
    if (n > kPaperColumns) return wrap(clean, 0);
    line(std::string((kPaperColumns - n) / 2, ' ') + clean);
  }

  // The label on the left, the amount right-aligned; a label too long for one line wraps
  // and the amount goes on a line of its own, so nothing is cut off.
  void amount(std::string_view label, std::string_view value) {
    const std::string clean = paper_safe(label);
    const std::size_t width = columns(clean), value_width = columns(value);
    if (width + 1 + value_width <= kPaperColumns)
      return line(clean + std::string(kPaperColumns - width - value_width, ' ') +
                  std::string(value));
    wrap(clean);
    line(std::string(kPaperColumns - std::min(value_width, kPaperColumns), ' ') +
         std::string(clip(value, kPaperColumns)));
  }

  void facts(const std::vector<Fact>& list) {
    for (const Fact& f : list) wrap(f.label + ": " + f.value);
  }
  void amounts(const std::vector<AmountLine>& lines) {
    for (const AmountLine& a : lines) {
      const std::string label = a.detail ? "  " + a.label : a.label;
      if (a.amount.empty())
        wrap(label, 4);
      else
        amount(label, a.amount);
    }
  }

  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// ---- HTML --------------------------------------------------------------------------------

// Sized for an 80 mm roll or the corner of a page; black on white, nothing to download.
constexpr std::string_view kPaperCss =
    "body{font:13px/1.4 'Courier New',monospace;max-width:80mm;margin:1em auto;color:#000;"
    "background:#fff}h1{font-size:15px;text-align:center;margin:0}"
    "h2{font-size:14px;text-align:center;margin:.3em 0}h3{font-size:13px;margin:.6em 0 .2em}"
    "table{width:100%;border-collapse:collapse}th{text-align:left;font-weight:normal;"
    "padding-right:.8em;vertical-align:top;white-space:nowrap}td{vertical-align:top;"
    "overflow-wrap:anywhere}td.n,th.n{text-align:right;white-space:nowrap}"
    "thead th{border-bottom:1px solid #000}tr.d td{padding-left:1.5em;font-size:12px}"
    "tr.t td{font-weight:bold;border-top:2px solid #000}hr{border:0;border-top:1px dashed #000}"
    ".void{border:4px double #000;font-size:24px;font-weight:bold;text-align:center;"
    "margin:.5em 0;padding:.2em}p.c{text-align:center}@media print{body{margin:0}}";

std::string page_start(const Labels& l, std::string_view title) {
  return fmt::format(
      "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\n"
      "<style>{}</style></head><body>\n",
      l.lang, html_escape(title), kPaperCss);
}

constexpr std::string_view kPageEnd = "</body></html>\n";

std::string facts_html(const std::vector<Fact>& facts) {
  std::string out = "<table>\n";
  for (const Fact& f : facts)
    out += "<tr><th>" + html_escape(f.label) + "</th><td>" + html_escape(f.value) + "</td></tr>\n";
  return out + "</table>\n";
}

// Amount lines, then the total in bold.
std::string amounts_html(const std::vector<AmountLine>& lines, std::string_view total_label,
                         std::string_view total) {
  std::string out = "<table>\n";
  for (const AmountLine& a : lines)
    out += std::string(a.detail ? "<tr class=\"d\">" : "<tr>") + "<td>" + html_escape(a.label) +
           "</td><td class=\"n\">" + html_escape(a.amount) + "</td></tr>\n";
  out += "<tr class=\"t\"><td>" + html_escape(total_label) + "</td><td class=\"n\">" +
         html_escape(total) + "</td></tr>\n";
  return out + "</table>\n";
}

std::string heading_html(const ReceiptHeader& h, std::string_view title) {
  return "<h1>" + html_escape(h.office_name) + "</h1>\n<h2>" + html_escape(title) + "</h2>\n";
}

// ---- deposit slip ------------------------------------------------------------------------

struct SlipItems {
  std::vector<const events::CounterItem*> checks, money_orders;
};

SlipItems split_items(const DepositSlip& slip) {
  SlipItems out;
  for (const auto& item : slip.items)
    (item.method() == events::MethodDetails::MONEY_ORDER ? out.money_orders : out.checks)
        .push_back(&item);
  return out;
}

std::vector<Fact> slip_facts(const Session& s, const Labels& l) {
  const CloseRecord& close = *s.close;
  return {
      {std::string(l.slip_number), close.slip.reference},
      {std::string(l.date), close.slip.date.to_iso()},
      {std::string(l.bank_account), close.slip.bank_account},
      {std::string(l.session), s.id},
      {std::string(l.drawer), s.drawer},
      {std::string(l.prepared_by), close.closed_by},
  };
}

std::string slip_title(const Labels& l, const Session& s) {
  return s.close ? fmt::format("{} {}", l.deposit_slip, s.close->slip.reference)
                 : std::string(l.deposit_slip);
}

// Bounded: count_total keeps pieces to kMaxPieces of a known note, far from overflow.
std::int64_t denomination_minor(std::int64_t value, std::int64_t pieces) {
  return value * pieces;
}

}  // namespace

std::string utc_minute_text(std::int64_t at_us) {
  constexpr std::int64_t kUsPerMinute = 60'000'000;
  constexpr std::int64_t kMinutesPerDay = 24 * 60;
  // Floor division: a time before the epoch still lands on the right day and minute.
  std::int64_t minutes = at_us / kUsPerMinute - (at_us % kUsPerMinute < 0 ? 1 : 0);
  std::int64_t day = minutes / kMinutesPerDay;
  std::int64_t minute_of_day = minutes % kMinutesPerDay;
  if (minute_of_day < 0) {
    minute_of_day += kMinutesPerDay;
    --day;
  }
  return fmt::format("{} {:02}:{:02} UTC",
                     BusinessDate::from_days(static_cast<std::int32_t>(day)).to_iso(),
                     minute_of_day / 60, minute_of_day % 60);
}

std::string receipt_html(const Session& s, const Receipt& r, const ReceiptHeader& h) {
  const Labels& l = labels_for(r.language);
  const std::string title = fmt::format("{} {}", l.receipt, r.number);
  std::string out = page_start(l, title) + heading_html(h, title);
  if (r.voided()) out += "<div class=\"void\">" + html_escape(l.void_mark) + "</div>\n";
  out += facts_html(receipt_facts(s, r, l, r.recorded_at_us)) + "<hr>\n";
  out += amounts_html(tender_lines(r, l, s.currency), l.total_paid,
                      money_with_code(r.amount_minor, s.currency));
  if (r.voided()) {
    out += "<div class=\"void\">" + html_escape(l.void_mark) + "</div>\n";
    out += facts_html(void_facts(r, l));
  } else {
    out += "<p class=\"c\">" + html_escape(l.thank_you) + "</p>\n";
  }
  return out + std::string(kPageEnd);
}

std::string receipt_text(const Session& s, const Receipt& r, const ReceiptHeader& h) {
  const Labels& l = labels_for(r.language);
  Paper p;
  p.center(h.office_name);
  p.center(fmt::format("{} {}", l.receipt, r.number));
  if (r.voided()) {
    p.rule('*');
    p.center(fmt::format("*** {} ***", l.void_mark));
    p.rule('*');
  }
  p.rule();
  p.facts(receipt_facts(s, r, l, r.recorded_at_us));
  p.rule();
  p.amounts(tender_lines(r, l, s.currency));
  p.rule('=');
  p.amount(l.total_paid, money_with_code(r.amount_minor, s.currency));
  p.blank();
  if (r.voided()) {
    p.center(fmt::format("*** {} ***", l.void_mark));
    p.facts(void_facts(r, l));
  } else {
    p.center(l.thank_you);
  }
  return p.take();
}

std::string void_receipt_html(const Session& s, const Receipt& r, const ReceiptHeader& h) {
  const Labels& l = labels_for(r.language);
  const std::string title = fmt::format("{} {}", l.void_of, r.number);
  std::string out = page_start(l, title) + heading_html(h, title);
  // The mark only once approved: until then the receipt stands (void_facts says it waits).
  if (r.voided()) out += "<div class=\"void\">" + html_escape(l.void_mark) + "</div>\n";
  out += facts_html(void_receipt_facts(s, r, l)) + "<hr>\n";
  out += amounts_html(tender_lines(r, l, s.currency), l.amount_voided,
                      money_with_code(r.amount_minor, s.currency));
  out += "<hr>\n" + facts_html(void_facts(r, l));
  return out + std::string(kPageEnd);
}

std::string void_receipt_text(const Session& s, const Receipt& r, const ReceiptHeader& h) {
  const Labels& l = labels_for(r.language);
  Paper p;
  p.center(h.office_name);
  p.rule('*');
  p.center(fmt::format("{} {}", l.void_of, r.number));
  p.rule('*');
  p.facts(void_receipt_facts(s, r, l));
  p.rule();
  p.amounts(tender_lines(r, l, s.currency));
  p.rule('=');
  p.amount(l.amount_voided, money_with_code(r.amount_minor, s.currency));
  p.rule();
  p.facts(void_facts(r, l));
  return p.take();
}

std::string deposit_slip_html(const Session& s, const ReceiptHeader& h) {
  const Labels& l = kEnglish;
  const Currency& c = s.currency;
  std::string out = page_start(l, slip_title(l, s)) + heading_html(h, l.deposit_slip);
  if (!s.close) return out + "<p>" + html_escape(l.no_slip) + "</p>\n" + std::string(kPageEnd);
  const DepositSlip& slip = s.close->slip;
  out += facts_html(slip_facts(s, l));

  out += "<h3>" + html_escape(l.cash) + "</h3>\n<table>\n<thead><tr><th>" +
         html_escape(l.denomination) + "</th><th class=\"n\">" + html_escape(l.pieces) +
         "</th><th class=\"n\">" + html_escape(l.amount) + "</th></tr></thead>\n";
  for (auto it = slip.cash.rbegin(); it != slip.cash.rend(); ++it) {
    if (it->second == 0) continue;
    out += "<tr><td>" + html_escape(denomination_label(it->first, c)) + "</td><td class=\"n\">" +
           std::to_string(it->second) + "</td><td class=\"n\">" +
           money(denomination_minor(it->first, it->second), c) + "</td></tr>\n";
  }
  out += "<tr class=\"t\"><td colspan=\"2\">" + html_escape(l.cash_total) +
         "</td><td class=\"n\">" + money(slip.cash_minor, c) + "</td></tr>\n</table>\n";

  const SlipItems items = split_items(slip);
  const auto item_table = [&](std::string_view title, std::string_view total_label,
                              const std::vector<const events::CounterItem*>& list,
                              std::int64_t total_minor) {
    std::string t = "<h3>" + html_escape(title) + "</h3>\n<table>\n<thead><tr><th>" +
                    html_escape(l.number) + "</th><th>" + html_escape(l.account) + "</th><th>" +
                    html_escape(l.receipt) + "</th><th class=\"n\">" + html_escape(l.amount) +
                    "</th></tr></thead>\n";
    for (const events::CounterItem* item : list)
      t += "<tr><td>" + html_escape(item->number()) + "</td><td>" +
           (item->account_last4().empty() ? "" : html_escape(masked(item->account_last4()))) +
           "</td><td>" + std::to_string(item->receipt_number()) + "</td><td class=\"n\">" +
           money(item->amount().minor(), c) + "</td></tr>\n";
    return t + "<tr class=\"t\"><td colspan=\"3\">" + html_escape(total_label) + " (" +
           std::to_string(list.size()) + ")</td><td class=\"n\">" + money(total_minor, c) +
           "</td></tr>\n</table>\n";
  };
  out += item_table(l.checks, l.checks_total, items.checks, slip.checks_minor);
  out +=
      item_table(l.money_orders, l.money_orders_total, items.money_orders, slip.money_orders_minor);

  out += "<hr>\n<table>\n<tr class=\"t\"><td>" + html_escape(l.grand_total) +
         "</td><td class=\"n\">" + html_escape(money_with_code(slip.total_minor, c)) +
         "</td></tr>\n</table>\n";
  return out + std::string(kPageEnd);
}

std::string deposit_slip_text(const Session& s, const ReceiptHeader& h) {
  const Labels& l = kEnglish;
  const Currency& c = s.currency;
  Paper p;
  p.center(h.office_name);
  p.center(l.deposit_slip);
  p.rule();
  if (!s.close) {
    p.wrap(l.no_slip);
    return p.take();
  }
  const DepositSlip& slip = s.close->slip;
  p.facts(slip_facts(s, l));
  p.rule();
  p.line(l.cash);
  for (auto it = slip.cash.rbegin(); it != slip.cash.rend(); ++it) {
    if (it->second == 0) continue;
    p.amount(fmt::format("  {} x {}", denomination_label(it->first, c), it->second),
             money(denomination_minor(it->first, it->second), c));
  }
  p.amount(l.cash_total, money(slip.cash_minor, c));

  const SlipItems items = split_items(slip);
  const auto item_lines = [&](std::string_view title, std::string_view total_label,
                              const std::vector<const events::CounterItem*>& list,
                              std::int64_t total_minor) {
    p.rule();
    p.line(title);
    for (const events::CounterItem* item : list) {
      p.amount("  " + item->number(), money(item->amount().minor(), c));
      std::string detail = fmt::format("{} {}", l.receipt, item->receipt_number());
      if (!item->account_last4().empty())
        detail = fmt::format("{} {}  {}", l.account, masked(item->account_last4()), detail);
      p.wrap("    " + detail, 6);
    }
    p.amount(fmt::format("{} ({})", total_label, list.size()), money(total_minor, c));
  };
  item_lines(l.checks, l.checks_total, items.checks, slip.checks_minor);
  item_lines(l.money_orders, l.money_orders_total, items.money_orders, slip.money_orders_minor);
  p.rule('=');
  p.amount(l.grand_total, money_with_code(slip.total_minor, c));
  return p.take();
}

}  // namespace tally::counter
