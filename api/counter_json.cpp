#include "api/counter_json.h"

#include <fmt/format.h>

#include "core/money.h"

namespace tally::api {
namespace {

using boost::json::array;
using boost::json::object;

std::string money(std::int64_t minor, const Currency& currency) {
  return Money(minor, currency).to_string();
}

object tender_json(const counter::Tender& t, const Currency& currency) {
  object out{{"type", counter::tender_name(t.kind)}, {"amount", money(t.applied_minor, currency)}};
  if (t.kind == counter::TenderKind::cash) {
    out["tendered"] = money(t.tendered_minor, currency);
    out["change"] = money(t.change_minor, currency);
  }
  const events::MethodDetails& m = t.method;
  const auto add = [&](std::string_view name, const std::string& value) {
    if (!value.empty()) out[name] = value;
  };
  add("number", m.check_number());
  add("routing_number", m.routing_number());
  add("account_last4", m.account_last4());
  add("card_brand", m.card_brand());
  add("card_last4", m.card_last4());
  add("auth_code", m.auth_code());
  return out;
}

boost::json::value void_state_json(const counter::Receipt& r) {
  if (!r.void_record) return nullptr;
  const counter::VoidRecord& v = *r.void_record;
  object out{{"state", v.approved() ? "approved" : "requested"},
             {"requested_by", v.requested_by},
             {"request_reason", v.request_reason},
             {"requested_at_us", v.requested_at_us}};
  if (v.approved()) {
    out["approved_by"] = v.approved_by;
    out["approval_reason"] = v.approval_reason;
    out["approved_at_us"] = v.approved_at_us;
  }
  return out;
}

object move_json(const counter::CashMove& m, const Currency& currency) {
  object out{{"kind", counter::move_name(m.kind)},
             {"amount", money(m.amount_minor, currency)},
             {"reason", m.reason},
             {"by", m.by},
             {"recorded_at_us", m.recorded_at_us}};
  if (!m.other_session.empty()) out["other_session"] = m.other_session;
  if (!m.received_by.empty()) out["received_by"] = m.received_by;
  return out;
}

object item_json(const events::CounterItem& item, const Currency& currency) {
  object out{{"type", item.method() == events::MethodDetails::CHECK ? "check" : "money_order"},
             {"number", item.number()},
             {"amount", money(item.amount().minor(), currency)},
             {"receipt_number", item.receipt_number()}};
  if (!item.routing_number().empty()) out["routing_number"] = item.routing_number();
  if (!item.account_last4().empty()) out["account_last4"] = item.account_last4();
  return out;
}

array items_json(const std::vector<events::CounterItem>& items, const Currency& currency) {
  array out;
  for (const auto& item : items) out.push_back(item_json(item, currency));
  return out;
}

object close_record_json(const counter::CloseRecord& c, const Currency& currency) {
  return {{"count_number", c.count_number},
          {"closed_by", c.closed_by},
          {"signed_off_by", c.signed_off_by},
          {"sign_off_reason", c.sign_off_reason},
          {"float_returned", money(c.float_returned_minor, currency)},
          {"recorded_at_us", c.recorded_at_us}};
}

// What a list line and the whole session share.
object session_head_json(const counter::Session& s, bool show_expected) {
  object out{{"id", s.id},
             {"drawer", s.drawer},
             {"cashier", s.cashier},
             {"date", s.date.to_iso()},
             {"currency", s.currency.code()},
             {"status", s.open() ? "open" : "closed"},
             {"float", money(s.float_minor, s.currency)},
             {"opened_at_us", s.opened_at_us},
             {"receipt_count", static_cast<std::int64_t>(s.receipts.size())},
             {"deposit_reference", s.close ? s.close->slip.reference : std::string()}};
  object totals;
  for (const auto kind : {counter::TenderKind::cash, counter::TenderKind::check,
                          counter::TenderKind::money_order, counter::TenderKind::card})
    totals[counter::tender_name(kind)] = money(s.total_minor(kind), s.currency);
  totals["voided"] = money(s.voided_minor(), s.currency);
  out["totals"] = std::move(totals);
  if (show_expected) out["expected_cash"] = money(s.expected_cash_minor(), s.currency);
  return out;
}

}  // namespace

bool expected_cash_visible(const counter::Session& session, bool blind_close,
                           bool caller_supervises) {
  return caller_supervises || !blind_close || !session.open();
}

object cash_count_json(const counter::CashCount& count) {
  object out;
  for (const auto& [value, pieces] : count)
    if (pieces != 0) out[std::to_string(value)] = pieces;
  return out;
}

object receipt_json(const counter::Session& s, const counter::Receipt& r) {
  array tenders;
  for (const counter::Tender& t : r.tenders) tenders.push_back(tender_json(t, s.currency));
  return {{"number", r.number},
          {"session", s.id},
          {"account", r.account},
          {"payer_name", r.payer_name},
          {"language", r.language},
          {"amount", money(r.amount_minor, s.currency)},
          {"change", money(r.change_minor, s.currency)},
          {"tenders", std::move(tenders)},
          {"cashier", r.cashier},
          {"recorded_at_us", r.recorded_at_us},
          {"voided", r.voided()},
          {"void", void_state_json(r)}};
}

object count_json(const counter::CountRecord& c, const Currency& currency) {
  return {{"number", c.number},
          {"counted", money(c.counted_minor, currency)},
          {"expected", money(c.expected_minor, currency)},
          {"over_short", money(c.over_short_minor, currency)},
          {"cash", cash_count_json(c.cash)},
          {"items", items_json(c.items, currency)},
          {"blind", c.blind},
          {"by", c.by},
          {"recorded_at_us", c.recorded_at_us}};
}

object slip_json(const counter::DepositSlip& slip, const Currency& currency) {
  return {{"reference", slip.reference},
          {"date", slip.date.to_iso()},
          {"bank_account", slip.bank_account},
          {"cash", cash_count_json(slip.cash)},
          {"cash_total", money(slip.cash_minor, currency)},
          {"items", items_json(slip.items, currency)},
          {"checks_total", money(slip.checks_minor, currency)},
          {"money_orders_total", money(slip.money_orders_minor, currency)},
          {"total", money(slip.total_minor, currency)}};
}

object pending_transfer_json(const counter::PendingTransfer& t, const Currency& currency) {
  return {{"request_id", t.request_id.to_hex()},
          {"from_session", t.from_session},
          {"to_session", t.to_session},
          {"amount", money(t.amount_minor, currency)},
          {"reason", t.reason},
          {"requested_by", t.requested_by}};
}

object session_summary_json(const counter::Session& s, bool show_expected) {
  return session_head_json(s, show_expected);
}

object session_json(const counter::Session& s, bool show_expected) {
  object out = session_head_json(s, show_expected);
  out["opening_count"] = cash_count_json(s.opening);
  array receipts, moves, pending, counts;
  for (const counter::Receipt& r : s.receipts) receipts.push_back(receipt_json(s, r));
  for (const counter::CashMove& m : s.moves) moves.push_back(move_json(m, s.currency));
  for (const counter::PendingTransfer& t : s.pending_transfers)
    pending.push_back(pending_transfer_json(t, s.currency));
  for (const counter::CountRecord& c : s.counts) counts.push_back(count_json(c, s.currency));
  out["receipts"] = std::move(receipts);
  out["moves"] = std::move(moves);
  out["pending_transfers"] = std::move(pending);
  out["counts"] = std::move(counts);
  out["close"] = s.close ? boost::json::value(close_record_json(*s.close, s.currency)) : nullptr;
  out["slip"] = s.close ? boost::json::value(slip_json(s.close->slip, s.currency)) : nullptr;
  return out;
}

object drawer_json(std::string_view drawer, const std::optional<std::string>& open_session) {
  return {{"drawer", drawer},
          {"open_session", open_session ? boost::json::value(*open_session) : nullptr}};
}

std::string receipt_link(std::string_view session, std::int32_t receipt, std::string_view format,
                         bool void_paper) {
  return fmt::format("/api/v1/counter/sessions/{}/receipts/{}?format={}{}", session, receipt,
                     format, void_paper ? "&void=1" : "");
}

object payment_json(const counter::Answer& a) {
  const counter::Session& s = a.session;
  const counter::Receipt* r = s.receipt(a.receipt_number);
  if (r == nullptr) return {{"session", s.id}, {"receipt_number", a.receipt_number}};
  return {{"session", s.id},
          {"receipt_number", r->number},
          {"change", money(r->change_minor, s.currency)},
          {"receipt", receipt_json(s, *r)},
          {"links",
           {{"html", receipt_link(s.id, r->number, "html", false)},
            {"text", receipt_link(s.id, r->number, "text", false)}}}};
}

object void_json(const counter::Answer& a) {
  const counter::Session& s = a.session;
  const counter::Receipt* r = s.receipt(a.receipt_number);
  if (r == nullptr) return {{"session", s.id}, {"receipt_number", a.receipt_number}};
  return {{"session", s.id},
          {"receipt_number", r->number},
          {"void", void_state_json(*r)},
          {"receipt", receipt_json(s, *r)},
          {"links",
           {{"html", receipt_link(s.id, r->number, "html", true)},
            {"text", receipt_link(s.id, r->number, "text", true)}}}};
}

object transfer_json(const counter::Answer& a) {
  const counter::Session& s = a.session;
  for (const counter::PendingTransfer& t : s.pending_transfers)
    if (t.from_session == s.id && t.request_step == a.step) {
      object out = pending_transfer_json(t, s.currency);
      out["session"] = s.id;
      out["status"] = "pending";
      return out;
    }
  // Asked again after the other cashier took it: no longer pending.
  return {{"session", s.id}, {"status", "accepted"}};
}

object close_json(const counter::Answer& a) {
  const counter::Session& s = a.session;
  object out{{"session", s.id}, {"status", a.closed ? "closed" : "needs_sign_off"}};
  // A sign-off closes on the last count; a close answers with the count it recorded.
  const counter::CountRecord* count =
      a.count ? &*a.count : (s.counts.empty() ? nullptr : &s.counts.back());
  if (count != nullptr)
    out["count"] = {{"number", count->number},
                    {"counted", money(count->counted_minor, s.currency)},
                    {"expected", money(count->expected_minor, s.currency)},
                    {"over_short", money(count->over_short_minor, s.currency)}};
  if (s.close) {
    out["slip"] = slip_json(s.close->slip, s.currency);
    out["signed_off_by"] = s.close->signed_off_by;
  }
  return out;
}

}  // namespace tally::api
