#include "api/reconcile_json.h"

#include "api/discrepancies.h"
#include "core/currency.h"
#include "core/money.h"
#include "reconcile/decide.h"
#include "reconcile/explain.h"
#include "reconcile/reports.h"

namespace tally::api {
namespace {

boost::json::object item_json(const reconcile::Item& item) {
  boost::json::object out{{"id", item.id.to_hex()},
                          {"kind", reconcile::kind_name(item.kind)},
                          {"amount_minor", item.amount_minor},
                          {"currency", item.currency},
                          {"date", item.date.to_iso()}};
  if (!item.channel.empty()) out["channel"] = item.channel;
  if (!item.bank_account.empty()) out["bank_account"] = item.bank_account;
  if (!item.reference.empty()) out["reference"] = item.reference;
  if (!item.reference2.empty()) out["customer_reference"] = item.reference2;
  if (!item.key.empty()) out["key"] = item.key;
  if (!item.description.empty()) out["description"] = item.description;
  return out;
}

boost::json::object step_json(const reconcile::DiscrepancyStep& s) {
  boost::json::object out{{"state", events::DiscrepancyResolved::State_Name(s.step.state())},
                          {"by", s.step.by()},
                          {"recorded_at_us", s.recorded_at_us}};
  if (!s.step.reason_code().empty()) out["reason_code"] = s.step.reason_code();
  if (!s.step.note().empty()) out["note"] = s.step.note();
  return out;
}

// The daily report's amount text ("1234.56") beside the minor units.
std::string amount_text(std::int64_t minor, std::string_view currency) {
  const auto c = Currency::from_code(currency);
  return c ? Money(minor, *c).to_string() : std::to_string(minor);
}

boost::json::object channel_totals_json(const std::string& channel, const reconcile::ChannelTotals& t) {
  return {{"channel", channel},
          {"deposits", t.deposits},
          {"declared_minor", t.declared_minor},
          {"declared", amount_text(t.declared_minor, t.currency)},
          {"matched_minor", t.matched_minor},
          {"matched", amount_text(t.matched_minor, t.currency)},
          {"proposed_minor", t.proposed_minor},
          {"proposed", amount_text(t.proposed_minor, t.currency)},
          {"open_minor", t.open_minor},
          {"open", amount_text(t.open_minor, t.currency)},
          {"currency", t.currency}};
}

}  // namespace

boost::json::object run_report_json(const reconcile::RunReport& report) {
  boost::json::object by_rule, raised;
  for (const auto& [rule, n] : report.by_rule) by_rule[rule] = n;
  for (const auto& [kind, n] : report.raised) raised[kind] = n;
  boost::json::array matches;
  for (const events::Envelope& e : report.decided)
    if (e.has_reconcile_matched())
      matches.push_back(boost::json::object{
          {"id", events::event_id_of(e).to_hex()},
          {"rule", events::ReconcileMatched::Rule_Name(e.reconcile_matched().rule())},
          {"status", events::ReconcileMatched::Status_Name(e.reconcile_matched().status())},
          {"explanation", reconcile::explanation_of(e.reconcile_matched())}});
  return {{"date", report.date.to_iso()},
          {"open_expected", report.open_expected},
          {"open_bank", report.open_bank},
          {"confirmed", report.confirmed},
          {"proposed", report.proposed},
          {"by_rule", by_rule},
          {"raised", raised},
          {"answered", report.answered},
          {"books_entries", report.books_entries},
          {"seen_again", report.seen_again},
          {"published", report.published},
          {"decided", report.decided.size()},
          {"matches", matches}};
}

boost::json::object match_json(const reconcile::StoredMatch& stored, const reconcile::Store& store) {
  const auto& m = stored.match;
  boost::json::array criteria, expected, bank, settled;
  for (const auto& c : reconcile::criteria_of(m))
    criteria.push_back(boost::json::object{{"name", c.name}, {"expected", c.expected}, {"observed", c.observed}, {"met", c.met}});
  auto items = [&](const auto& ids, boost::json::array& out) {
    for (const std::string& bytes : ids) {
      const auto id = EventId::from_bytes(bytes);
      if (!id) continue;
      auto item = store.item(*id);
      if (item.ok() && item->has_value())
        out.push_back(item_json(**item));
      else
        out.push_back(boost::json::object{{"id", id->to_hex()}});
    }
  };
  items(m.expected_ids(), expected);
  items(m.bank_line_ids(), bank);
  for (const auto& s : m.settled())
    settled.push_back(boost::json::object{
        {"channel", s.channel()}, {"amount_minor", s.amount().minor()}, {"currency", s.amount().currency()}});
  boost::json::object out{{"id", stored.id.to_hex()},
                          {"date", stored.date.to_iso()},
                          {"rule", events::ReconcileMatched::Rule_Name(m.rule())},
                          {"status", events::ReconcileMatched::Status_Name(m.status())},
                          {"explanation", reconcile::explanation_of(m)},
                          {"bank_account", m.bank_account()},
                          {"expected_minor", m.expected_minor()},
                          {"bank_minor", m.bank_minor()},
                          {"currency", m.currency()},
                          {"amount_difference_minor", m.bank_minor() - m.expected_minor()},
                          {"reference", m.reference()},
                          {"day_lag", m.day_lag()},
                          {"decided_by", m.decided_by()},
                          {"criteria", criteria},
                          {"expected", expected},
                          {"bank_lines", bank},
                          {"settled", settled}};
  if (const auto proposal = EventId::from_bytes(m.proposal_id())) out["proposal_id"] = proposal->to_hex();
  return out;
}

boost::json::object match_page_json(BusinessDate date, const reconcile::MatchPage& page, const reconcile::Store& store) {
  boost::json::array matches;
  for (const reconcile::StoredMatch& m : page.matches) matches.push_back(match_json(m, store));
  boost::json::object out{{"date", date.to_iso()}, {"matches", std::move(matches)}};
  if (page.next_after) out["next_after"] = page.next_after->to_hex();
  return out;
}

boost::json::object deposit_range_json(const std::vector<reconcile::DayTotals>& days) {
  const reconcile::Report report = reconcile::deposit_range_report(days);
  boost::json::array out;
  for (const reconcile::DayTotals& day : days) {
    boost::json::array channels;
    for (const auto& [channel, t] : day.channels) channels.push_back(channel_totals_json(channel, t));
    out.push_back(boost::json::object{{"date", day.date.to_iso()}, {"channels", std::move(channels)}});
  }
  return {{"title", report.title},
          {"from", days.empty() ? "" : days.front().date.to_iso()},
          {"to", days.empty() ? "" : days.back().date.to_iso()},
          {"days", std::move(out)}};
}

boost::json::object decision_json(std::string_view proposal, bool confirmed, std::string_view by) {
  return {{"proposal", proposal}, {"decision", confirmed ? "confirmed" : "rejected"}, {"by", by}};
}

boost::json::object discrepancy_json(const node::ListedDiscrepancy& d, std::int64_t now_us) {
  boost::json::array steps;
  for (const auto& s : d.steps) steps.push_back(step_json(s));
  // A ledger item keeps the fields it has always had (kind, code, event_id, age_seconds, ...).
  boost::json::object out = d.ledger_item ? not_in_books_json(*d.ledger_item, now_us) : boost::json::object{};
  out["id"] = d.id;
  out["origin"] = d.origin;
  out["kind"] = d.kind;
  out["status"] = reconcile::status_name(d.status);
  out["severity"] = reconcile::severity_name(d.severity);
  out["age_days"] = d.age_days;
  out["description"] = d.description;
  out["steps"] = std::move(steps);
  if (d.origin == "reconcile") {
    out["amount_minor"] = d.amount_minor;
    out["currency"] = d.currency;
    boost::json::array related;
    for (const std::string& bytes : d.raised->related_event_ids())
      if (const auto id = EventId::from_bytes(bytes)) related.push_back(boost::json::string(id->to_hex()));
    out["related"] = related;
    if (!d.raised->bank_account().empty()) out["bank_account"] = d.raised->bank_account();
    if (!d.raised->channel().empty()) out["channel"] = d.raised->channel();
  }
  if (d.since) out["since"] = d.since->to_iso();
  return out;
}

}  // namespace tally::api
