#include "app/counter_output.h"

#include <fmt/format.h>

#include <cstdio>

#include "core/printable.h"

namespace tally::app {
namespace {

using boost::json::object;

std::string text_of(const object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v != nullptr && v->is_string() ? printable(v->as_string()) : std::string();
}

std::int64_t number_of(const object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v != nullptr && v->is_int64() ? v->as_int64() : 0;
}

int raw(const object& answer) {
  std::puts(boost::json::serialize(answer).c_str());
  return 0;
}

// "check 1234 021000021 ...6789 20.00", "card VISA ...4242 AUTH12 35.50", "cash 60.00
// change 10.00".
std::string tender_line(const object& t) {
  const std::string type = text_of(t, "type");
  std::string line = type;
  if (type == "check")
    line += fmt::format(" {} {} ...{}", text_of(t, "number"), text_of(t, "routing_number"),
                        text_of(t, "account_last4"));
  if (type == "money_order") line += " " + text_of(t, "number");
  if (type == "card")
    line += fmt::format(" {} ...{} {}", text_of(t, "card_brand"), text_of(t, "card_last4"),
                        text_of(t, "auth_code"));
  if (type == "cash")
    return line + fmt::format(" {} (change {})", text_of(t, "tendered"), text_of(t, "change"));
  return line + " " + text_of(t, "amount");
}

std::string void_state(const object& receipt) {
  const auto& v = receipt.at("void");
  if (!v.is_object()) return "";
  const object& o = v.as_object();
  if (text_of(o, "state") == "approved")
    return fmt::format("  VOID (asked by {}, approved by {})", text_of(o, "requested_by"),
                       text_of(o, "approved_by"));
  return fmt::format("  void asked by {}: waiting for a supervisor", text_of(o, "requested_by"));
}

void print_receipt_line(const object& r) {
  fmt::print("  #{:<4} {:<12} {:>12}  {}{}\n", number_of(r, "number"), text_of(r, "account"),
             text_of(r, "amount"), text_of(r, "payer_name"), void_state(r));
  for (const auto& t : r.at("tenders").as_array())
    fmt::print("          {}\n", tender_line(t.as_object()));
}

void print_head(const object& s) {
  fmt::print("session {}  drawer {}  cashier {}  {}  {}\n", text_of(s, "id"), text_of(s, "drawer"),
             text_of(s, "cashier"), text_of(s, "date"), text_of(s, "status"));
  const object& totals = s.at("totals").as_object();
  fmt::print("  float {}  cash {}  checks {}  money orders {}  cards {}  voided {}\n",
             text_of(s, "float"), text_of(totals, "cash"), text_of(totals, "check"),
             text_of(totals, "money_order"), text_of(totals, "card"), text_of(totals, "voided"));
  // Left out while the drawer is counted blind (api/counter_json.h).
  if (s.contains("expected_cash")) fmt::print("  expected cash {}\n", text_of(s, "expected_cash"));
}

}  // namespace

int print_counter_session(const object& s, bool json) {
  if (json) return raw(s);
  print_head(s);
  const auto& receipts = s.at("receipts").as_array();
  if (!receipts.empty()) fmt::print("receipts\n");
  for (const auto& r : receipts) print_receipt_line(r.as_object());
  for (const auto& m : s.at("moves").as_array()) {
    const object& o = m.as_object();
    fmt::print("  {} {} by {}: {}{}\n", text_of(o, "kind"), text_of(o, "amount"), text_of(o, "by"),
               text_of(o, "reason"),
               o.contains("other_session") ? " (" + text_of(o, "other_session") + ")" : "");
  }
  for (const auto& t : s.at("pending_transfers").as_array()) {
    const object& o = t.as_object();
    fmt::print("  transfer {} from {} to {} waits: request {}\n", text_of(o, "amount"),
               text_of(o, "from_session"), text_of(o, "to_session"), text_of(o, "request_id"));
  }
  for (const auto& c : s.at("counts").as_array()) {
    const object& o = c.as_object();
    fmt::print("  count {} by {}: counted {}, expected {}, over/short {}\n", number_of(o, "number"),
               text_of(o, "by"), text_of(o, "counted"), text_of(o, "expected"),
               text_of(o, "over_short"));
  }
  if (const auto& slip = s.at("slip"); slip.is_object())
    fmt::print("closed: deposit slip {} for {}\n", text_of(slip.as_object(), "reference"),
               text_of(slip.as_object(), "total"));
  return 0;
}

int print_counter_sessions(const object& list, bool json) {
  if (json) return raw(list);
  const auto& sessions = list.at("sessions").as_array();
  if (sessions.empty()) {
    fmt::print("no drawer sessions on {}\n", text_of(list, "date"));
    return 0;
  }
  fmt::print("{:<24} {:<10} {:<16} {:<7} {:>8} {:>12}  {}\n", "session", "drawer", "cashier",
             "status", "receipts", "expected", "deposit");
  for (const auto& item : sessions) {
    const object& s = item.as_object();
    fmt::print("{:<24} {:<10} {:<16} {:<7} {:>8} {:>12}  {}\n", text_of(s, "id"),
               text_of(s, "drawer"), text_of(s, "cashier"), text_of(s, "status"),
               number_of(s, "receipt_count"),
               s.contains("expected_cash") ? text_of(s, "expected_cash") : "-",
               text_of(s, "deposit_reference"));
  }
  return 0;
}

int print_counter_opened(const object& s, bool json) {
  if (json) return raw(s);
  fmt::print("opened drawer {}: session {} for {} with a float of {}\n", text_of(s, "drawer"),
             text_of(s, "id"), text_of(s, "cashier"), text_of(s, "float"));
  return 0;
}

int print_counter_payment(const object& p, bool json) {
  if (json) return raw(p);
  const object& r = p.at("receipt").as_object();
  fmt::print("receipt {} in {}: {} on account {}, change {}\n", number_of(p, "receipt_number"),
             text_of(p, "session"), text_of(r, "amount"), text_of(r, "account"),
             text_of(p, "change"));
  for (const auto& t : r.at("tenders").as_array()) fmt::print("  {}\n", tender_line(t.as_object()));
  fmt::print("print it: tally counter receipt {} {}\n", text_of(p, "session"),
             number_of(p, "receipt_number"));
  return 0;
}

int print_counter_void(const object& a, bool json) {
  if (json) return raw(a);
  const object& r = a.at("receipt").as_object();
  fmt::print("receipt {} in {} ({}):{}\n", number_of(a, "receipt_number"), text_of(a, "session"),
             text_of(r, "amount"), void_state(r));
  return 0;
}

int print_counter_cash(const object& a, bool json) {
  if (json) return raw(a);
  fmt::print("{} {} in {} by {}: {}\n", text_of(a, "kind") == "paid_in" ? "paid in" : "paid out",
             text_of(a, "amount"), text_of(a, "session"), text_of(a, "by"), text_of(a, "reason"));
  return 0;
}

int print_counter_transfer(const object& a, bool json) {
  if (json) return raw(a);
  if (text_of(a, "status") == "accepted") {
    fmt::print("transfer {} taken into {}\n", text_of(a, "request_id"), text_of(a, "session"));
    return 0;
  }
  fmt::print(
      "transfer of {} from {} to {} waits for the other cashier:\n  tally counter accept {} {} "
      "--by NAME\n",
      text_of(a, "amount"), text_of(a, "session"), text_of(a, "to_session"),
      text_of(a, "to_session"), text_of(a, "request_id"));
  return 0;
}

int print_counter_close(const object& a, bool json) {
  if (json) return raw(a);
  if (const auto* count = a.if_contains("count"); count != nullptr && count->is_object()) {
    const object& c = count->as_object();
    fmt::print("count {}: counted {}, expected {}, over/short {}\n", number_of(c, "number"),
               text_of(c, "counted"), text_of(c, "expected"), text_of(c, "over_short"));
  }
  if (text_of(a, "status") != "closed") {
    fmt::print("{} is not closed: the over/short needs a supervisor's sign-off (or count again)\n",
               text_of(a, "session"));
    return 0;
  }
  const object& slip = a.at("slip").as_object();
  fmt::print("{} closed: deposit slip {} for {}\n", text_of(a, "session"),
             text_of(slip, "reference"), text_of(slip, "total"));
  return 0;
}

}  // namespace tally::app
