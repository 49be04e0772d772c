// Closing a drawer: the count, the over/short, the sign-off above the limit, and the close
// with its deposit slip (DrawerClosed and DepositDeclared in one step).
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/accounts.h"
#include "core/money.h"
#include "counter/counter.h"
#include "counter/errors.h"
#include "counter/step_builder.h"

namespace tally::counter {

using detail::set_amount;
using detail::check_who;
using detail::StepBuilder;

namespace {

std::string money(std::int64_t minor, const Currency& currency) { return Money(minor, currency).to_display(); }

// The checks and money orders the cashier listed must be the ones taken (receipts not voided):
// a missing check is found at the counter, not at the bank.
Status check_listed_items(const std::vector<events::CounterItem>& taken,
                          const std::vector<std::pair<std::string, std::int64_t>>& listed,
                          const Currency& currency) {
  std::multimap<std::pair<std::string, std::int64_t>, int> expected;
  for (const auto& item : taken) expected.emplace(std::pair{item.number(), item.amount().minor()}, item.receipt_number());
  for (const auto& [number, amount] : listed) {
    auto it = expected.find({number, amount});
    if (it == expected.end())
      return counter_error(CounterErrc::invalid_argument,
                           fmt::format("items: number {} for {} was not taken in this session", number,
                                       money(amount, currency)));
    expected.erase(it);
  }
  if (!expected.empty()) {
    const auto& [key, receipt] = *expected.begin();
    return counter_error(CounterErrc::invalid_argument,
                         fmt::format("items: number {} for {} (receipt {}) is not in the count", key.first,
                                     money(key.second, currency), receipt));
  }
  return ok_status();
}

std::int64_t abs_minor(std::int64_t v) { return v < 0 ? -v : v; }

// The close of `s` from its count `c`: DrawerClosed, then the deposit of what is not the float.
void add_close_events(StepBuilder& step, const Session& s, const CountRecord& c, std::string_view signed_off_by,
                      std::string_view reason, const CounterSettings& settings) {
  const Currency& cur = settings.currency;
  const std::int64_t float_returned = std::min(s.float_minor, c.counted_minor);
  const std::int64_t cash_deposit = c.counted_minor - float_returned;
  std::int64_t checks = 0, money_orders = 0;
  for (const auto& item : c.items)
    (item.method() == events::MethodDetails::CHECK ? checks : money_orders) += item.amount().minor();
  const std::string slip = "DS-" + s.id;

  auto* d = step.add(events::DRAWER_CLOSED, accounts::drawer(s.drawer)).mutable_drawer_closed();
  d->set_drawer_id(s.drawer);
  d->set_session_id(s.id);
  d->set_cashier(s.cashier);
  put_count(c.cash, *d->mutable_counted());
  set_amount(*d->mutable_counted_cash(), c.counted_minor, cur);
  set_amount(*d->mutable_expected_cash(), c.expected_minor, cur);
  set_amount(*d->mutable_over_short(), c.over_short_minor, cur);
  set_amount(*d->mutable_checks_total(), checks, cur);
  set_amount(*d->mutable_money_orders_total(), money_orders, cur);
  set_amount(*d->mutable_card_total(), s.total_minor(TenderKind::card), cur);
  set_amount(*d->mutable_float_returned(), float_returned, cur);
  d->set_signed_off_by(std::string(signed_off_by));
  d->set_sign_off_reason(std::string(reason));
  d->set_count_number(c.number);
  d->set_deposit_reference(slip);

  const std::int64_t total = cash_deposit + checks + money_orders;
  if (total == 0) return;  // nothing goes to the bank
  auto* dep = step.add(events::DEPOSIT_DECLARED, accounts::drawer(s.drawer)).mutable_deposit_declared();
  dep->set_kind(events::DepositDeclared::DRAWER_CLOSE);
  dep->set_deposit_reference(slip);
  dep->set_channel(events::COUNTER);
  set_amount(*dep->mutable_gross(), total, cur);
  set_amount(*dep->mutable_net(), total, cur);
  dep->set_deposit_date(step.date().days());
  dep->set_bank_account(settings.bank_account);
  dep->set_item_count(static_cast<std::int64_t>(c.items.size()));
  dep->set_drawer_id(s.drawer);
  // The float goes back to the safe as it came out when the count holds it; otherwise the
  // slip gives the cash as a total only.
  if (float_returned == s.float_minor)
    if (auto deposited = minus(c.cash, s.opening)) put_count(*deposited, *dep->mutable_cash());
  for (const auto& item : c.items) *dep->add_items() = item;
}

}  // namespace

Result<Answer> Counter::close(std::string_view session, const CountInput& count, Authority authority,
                              const events::Actor& actor) {
  std::lock_guard lock(mu_);
  TALLY_TRY_STATUS(check_who(actor));
  TALLY_TRY(std::int64_t counted, count_total(count.cash, settings_.currency, count.declared_minor));
  TALLY_TRY_STATUS(drain());
  TALLY_TRY(auto before, done_before(actor));
  if (before) return std::move(*before);
  TALLY_TRY(Session s, load(session));
  if (!s.open()) return counter_error(CounterErrc::invalid_state, fmt::format("drawer session {} is closed", s.id));
  const bool supervisor = authority == Authority::supervisor;
  if (!supervisor) {
    if (actor.user != s.cashier)
      return counter_error(CounterErrc::forbidden, fmt::format("drawer session {} is {}'s", s.id, s.cashier));
    if (s.date != settings_.today())
      return counter_error(CounterErrc::invalid_state,
                           fmt::format("drawer session {} is from {}: a supervisor closes it", s.id, s.date.to_iso()));
  }
  const std::vector<events::CounterItem> items = s.expected_items();
  if (count.items) TALLY_TRY_STATUS(check_listed_items(items, *count.items, settings_.currency));

  CountRecord c;
  c.number = static_cast<std::int32_t>(s.counts.size() + 1);
  c.cash = count.cash;
  c.counted_minor = counted;
  c.expected_minor = s.expected_cash_minor();
  c.over_short_minor = counted - c.expected_minor;
  c.items = items;
  c.blind = settings_.blind_close && !supervisor;

  StepBuilder step(s.id, s.last_step + 1, settings_.today(), actor);
  auto* k = step.add(events::DRAWER_COUNTED, accounts::drawer(s.drawer)).mutable_drawer_counted();
  k->set_drawer_id(s.drawer);
  k->set_session_id(s.id);
  k->set_count_number(c.number);
  put_count(c.cash, *k->mutable_counted());
  set_amount(*k->mutable_counted_cash(), c.counted_minor, settings_.currency);
  set_amount(*k->mutable_expected_cash(), c.expected_minor, settings_.currency);
  set_amount(*k->mutable_over_short(), c.over_short_minor, settings_.currency);
  for (const auto& item : items) *k->add_items() = item;
  k->set_blind(c.blind);
  // Within the limit the count closes the drawer; above it the count is kept and waits for a
  // recount or a supervisor's sign-off. A supervisor's own close is its sign-off.
  if (supervisor || abs_minor(c.over_short_minor) <= settings_.sign_off_above_minor)
    add_close_events(step, s, c, supervisor && c.over_short_minor != 0 ? actor.user : "", "", settings_);
  TALLY_TRY_STATUS(step.publish(log_));
  TALLY_TRY_STATUS(drain());
  return answer(s.id, step.step(), false);
}

Result<Answer> Counter::sign_off(std::string_view session, std::string_view reason,
                                 const events::Actor& supervisor) {
  std::lock_guard lock(mu_);
  TALLY_TRY_STATUS(check_who(supervisor));
  TALLY_TRY_STATUS(check_text(reason, "reason", kMaxTextBytes, true));
  TALLY_TRY_STATUS(drain());
  TALLY_TRY(auto before, done_before(supervisor));
  if (before) return std::move(*before);
  TALLY_TRY(Session s, load(session));
  if (!s.open()) return counter_error(CounterErrc::invalid_state, fmt::format("drawer session {} is closed", s.id));
  if (s.counts.empty())
    return counter_error(CounterErrc::invalid_state, fmt::format("drawer session {} has not been counted", s.id));
  if (supervisor.user == s.cashier)
    return counter_error(CounterErrc::forbidden, "a close is signed off by a second person, not the cashier");
  // The latest count is the one signed off; a count older than the last step (a payment
  // since) no longer describes the drawer.
  const CountRecord& c = s.counts.back();
  if (c.step != s.last_step)
    return counter_error(CounterErrc::invalid_state,
                         fmt::format("drawer session {} changed after count {}: count it again", s.id, c.number));

  StepBuilder step(s.id, s.last_step + 1, settings_.today(), supervisor);
  add_close_events(step, s, c, supervisor.user, reason, settings_);
  TALLY_TRY_STATUS(step.publish(log_));
  TALLY_TRY_STATUS(drain());
  return answer(s.id, step.step(), false);
}

}  // namespace tally::counter
