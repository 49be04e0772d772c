#include "counter/counter.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/accounts.h"
#include "core/events/event_ids.h"
#include "core/money.h"
#include "counter/errors.h"
#include "counter/step_builder.h"

namespace tally::counter {

using detail::set_amount;
using detail::check_who;
using detail::StepBuilder;

namespace {

constexpr std::size_t kMaxDrawerId = 32;

Error invalid(std::string message) { return counter_error(CounterErrc::invalid_argument, std::move(message)); }
Error state(std::string message) { return counter_error(CounterErrc::invalid_state, std::move(message)); }
Error forbidden(std::string message) { return counter_error(CounterErrc::forbidden, std::move(message)); }

// A drawer id names an account and a partition key: letters, digits, '-' and '_'.
Status check_drawer_id(std::string_view drawer) {
  const bool ok = !drawer.empty() && drawer.size() <= kMaxDrawerId &&
                  std::all_of(drawer.begin(), drawer.end(), [](char c) {
                    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                           c == '-' || c == '_';
                  });
  if (!ok) return invalid(fmt::format("drawer: 1 to {} letters, digits, '-' or '_'", kMaxDrawerId));
  return ok_status();
}

Status check_amount(std::int64_t minor, std::string_view field) {
  if (minor <= 0 || minor > kMaxAmountMinor) return invalid(fmt::format("{}: must be more than zero", field));
  return ok_status();
}

std::string money(std::int64_t minor, const Currency& currency) { return Money(minor, currency).to_display(); }

std::string yyyymmdd(BusinessDate date) {
  std::string iso = date.to_iso();
  std::erase(iso, '-');
  return iso;
}

}  // namespace

Counter::Counter(log::EventLog& log, Store& store, CounterSettings settings, CounterHooks hooks)
    : log_(log), store_(store), settings_(std::move(settings)), hooks_(std::move(hooks)) {}

Status Counter::drain() { return store_.drain(log_, settings_.drain_quiet_ms, settings_.read_ends); }

Result<Session> Counter::load(std::string_view id) {
  TALLY_TRY(std::vector<events::Envelope> events, store_.session_events(id));
  if (events.empty() || !events.front().has_drawer_opened())
    return counter_error(CounterErrc::not_found, fmt::format("no drawer session {}", id));
  return fold_session(events);
}

Result<Answer> Counter::answer(std::string_view session, std::int32_t step, bool replayed) {
  TALLY_TRY(Session s, load(session));
  Answer a;
  a.step = step;
  a.replayed = replayed;
  if (auto it = s.step_receipts.find(step); it != s.step_receipts.end()) a.receipt_number = it->second;
  for (const CountRecord& c : s.counts)
    if (c.step == step) a.count = c;
  a.closed = !s.open();
  a.session = std::move(s);
  return a;
}

Result<std::optional<Answer>> Counter::done_before(const events::Actor& actor) {
  if (actor.idempotency_key.empty()) return std::optional<Answer>();
  TALLY_TRY(auto done, store_.command(actor.user, actor.idempotency_key));
  if (!done) return std::optional<Answer>();
  TALLY_TRY(Answer a, answer(done->session, done->step, true));
  return std::optional<Answer>(std::move(a));
}

// What every command on a session of a cashier's own checks: it exists, is open, is today's,
// and is theirs.
namespace {
Status check_own_open_session(const Session& s, const events::Actor& actor, BusinessDate today) {
  if (!s.open()) return state(fmt::format("drawer session {} is closed", s.id));
  if (s.date != today)
    return state(fmt::format("drawer session {} is from {}: a supervisor closes it", s.id, s.date.to_iso()));
  if (actor.user != s.cashier)
    return forbidden(fmt::format("drawer session {} is {}'s", s.id, s.cashier));
  return ok_status();
}
// A receipt that may still be voided: its session open (after close, a reversal is an
// adjustment), the receipt there and not void already. Points into `s`.
Result<const Receipt*> voidable_receipt(const Session& s, std::int32_t receipt) {
  if (!s.open())
    return state(fmt::format("drawer session {} is closed: no voids after close, only a reversal", s.id));
  const Receipt* r = s.receipt(receipt);
  if (r == nullptr) return counter_error(CounterErrc::not_found, fmt::format("no receipt {} in session {}", receipt, s.id));
  if (r->voided()) return state(fmt::format("receipt {} is already void", receipt));
  return r;
}
}  // namespace

Result<Answer> Counter::open(const OpenInput& input, const events::Actor& actor) {
  std::lock_guard lock(mu_);
  TALLY_TRY_STATUS(check_who(actor));
  TALLY_TRY_STATUS(check_drawer_id(input.drawer));
  TALLY_TRY_STATUS(drain());
  TALLY_TRY(auto before, done_before(actor));
  if (before) return std::move(*before);
  TALLY_TRY(std::int64_t float_minor, count_total(input.float_count, settings_.currency, input.declared_minor));
  if (float_minor > settings_.max_float_minor)
    return invalid(fmt::format("float: {} is more than the {} a drawer opens with", money(float_minor, settings_.currency),
                               money(settings_.max_float_minor, settings_.currency)));
  const BusinessDate today = settings_.today();
  TALLY_TRY(auto open_id, store_.open_session(input.drawer));
  if (open_id) {
    TALLY_TRY(Session open, load(*open_id));
    if (open.date != today)
      return state(fmt::format("drawer {} has been open since {} (session {}): a supervisor closes it first",
                               input.drawer, open.date.to_iso(), open.id));
    return state(fmt::format("drawer {} is open (session {}, {})", input.drawer, open.id, open.cashier));
  }
  TALLY_TRY(std::vector<std::string> todays, store_.sessions_on(today));
  const std::string prefix = fmt::format("{}-{}-", input.drawer, yyyymmdd(today));
  const auto earlier = std::count_if(todays.begin(), todays.end(),
                                     [&](const std::string& id) { return id.starts_with(prefix); });
  const std::string session = prefix + std::to_string(earlier + 1);

  StepBuilder step(session, 1, today, actor);
  auto& e = step.add(events::DRAWER_OPENED, accounts::drawer(input.drawer));
  auto* o = e.mutable_drawer_opened();
  o->set_drawer_id(input.drawer);
  o->set_session_id(session);
  o->set_cashier(actor.user);
  set_amount(*o->mutable_opening_float(), float_minor, settings_.currency);
  put_count(input.float_count, *o->mutable_counted());
  TALLY_TRY_STATUS(step.publish(log_));
  TALLY_TRY_STATUS(drain());
  return answer(session, 1, false);
}

Result<Answer> Counter::pay(std::string_view session, const PaymentInput& input, const events::Actor& actor) {
  std::lock_guard lock(mu_);
  TALLY_TRY_STATUS(check_who(actor));
  TALLY_TRY(CheckedPayment payment, check_payment(input, settings_.currency, hooks_.account_hash));
  TALLY_TRY_STATUS(drain());
  TALLY_TRY(auto before, done_before(actor));
  if (before) return std::move(*before);
  TALLY_TRY(Session s, load(session));
  TALLY_TRY_STATUS(check_own_open_session(s, actor, settings_.today()));
  const auto receipt = static_cast<std::int32_t>(s.receipts.size() + 1);
  if (receipt > kMaxReceipts)
    return state(fmt::format("drawer session {} has taken {} payments: close it and open another", s.id, kMaxReceipts));

  StepBuilder step(s.id, s.last_step + 1, settings_.today(), actor);
  const std::string reference = fmt::format("{}/{}", s.id, receipt);
  for (std::size_t i = 0; i < payment.tenders.size(); ++i) {
    const Tender& t = payment.tenders[i];
    const EventId id = EventId::from_business_key("counter-payment", {s.id, std::to_string(receipt), std::to_string(i)});
    auto& e = step.add(events::PAYMENT_RECEIVED, accounts::customer(payment.account), id);
    auto* p = e.mutable_payment_received();
    p->set_channel(events::COUNTER);
    p->set_account_id(payment.account);
    set_amount(*p->mutable_amount(), t.applied_minor, settings_.currency);
    p->set_payer_name(payment.payer_name);
    p->set_external_reference(reference);
    *p->mutable_method() = t.method;
    p->set_effective_date(step.date().days());
    p->set_drawer_session(s.id);
    p->set_drawer_id(s.drawer);
    if (t.kind == TenderKind::cash) {
      set_amount(*p->mutable_cash_tendered(), t.tendered_minor, settings_.currency);
      set_amount(*p->mutable_change_given(), t.change_minor, settings_.currency);
    }
  }
  TALLY_TRY_STATUS(step.publish(log_, receipt, payment.language));
  if (hooks_.checks_taken && !payment.checks.empty()) {
    std::vector<CheckTaken> checks;
    for (const auto& c : payment.checks)
      checks.push_back({c.routing_number, c.account_number, c.number, c.amount_minor, payment.account,
                        events::event_id_of(step.events()[c.tender_index])});
    TALLY_TRY_STATUS(hooks_.checks_taken(checks));
  }
  TALLY_TRY_STATUS(drain());
  return answer(s.id, step.step(), false);
}

Result<Answer> Counter::request_void(std::string_view session, std::int32_t receipt, std::string_view reason,
                                     const events::Actor& actor) {
  std::lock_guard lock(mu_);
  TALLY_TRY_STATUS(check_who(actor));
  TALLY_TRY_STATUS(check_text(reason, "reason", kMaxTextBytes, true));
  TALLY_TRY_STATUS(drain());
  TALLY_TRY(auto before, done_before(actor));
  if (before) return std::move(*before);
  TALLY_TRY(Session s, load(session));
  TALLY_TRY(const Receipt* r, voidable_receipt(s, receipt));
  if (actor.user != s.cashier) return forbidden(fmt::format("drawer session {} is {}'s", s.id, s.cashier));
  if (r->void_record) return state(fmt::format("receipt {} is already waiting for a supervisor", receipt));

  StepBuilder step(s.id, s.last_step + 1, settings_.today(), actor);
  auto* q = step.add(events::COUNTER_REQUESTED, accounts::drawer(s.drawer)).mutable_counter_requested();
  q->set_kind(events::CounterRequested::VOID);
  q->set_session_id(s.id);
  q->set_receipt_number(receipt);
  set_amount(*q->mutable_amount(), r->amount_minor, settings_.currency);
  q->set_reason(std::string(reason));
  q->set_requested_by(actor.user);
  TALLY_TRY_STATUS(step.publish(log_, receipt, r->language));
  TALLY_TRY_STATUS(drain());
  return answer(s.id, step.step(), false);
}

Result<Answer> Counter::approve_void(std::string_view session, std::int32_t receipt, std::string_view reason,
                                     const events::Actor& supervisor) {
  std::lock_guard lock(mu_);
  TALLY_TRY_STATUS(check_who(supervisor));
  TALLY_TRY_STATUS(check_text(reason, "reason", kMaxTextBytes, false));
  TALLY_TRY_STATUS(drain());
  TALLY_TRY(auto before, done_before(supervisor));
  if (before) return std::move(*before);
  TALLY_TRY(Session s, load(session));
  TALLY_TRY(const Receipt* r, voidable_receipt(s, receipt));
  if (!r->void_record) return state(fmt::format("receipt {}: the cashier asks for the void first", receipt));
  if (supervisor.user == r->void_record->requested_by || supervisor.user == s.cashier)
    return forbidden("a void is approved by a second person, not the cashier who asked");
  if (r->amount_minor > settings_.void_reason_above_minor && reason.empty())
    return invalid(fmt::format("reason: required to void more than {}",
                               money(settings_.void_reason_above_minor, settings_.currency)));

  StepBuilder step(s.id, s.last_step + 1, settings_.today(), supervisor);
  for (std::size_t i = 0; i < r->event_ids.size(); ++i) {
    auto* v = step.add(events::PAYMENT_VOIDED, accounts::customer(r->account)).mutable_payment_voided();
    v->set_payment_event_id(std::string(r->event_ids[i].as_string_view()));
    v->set_reason(std::string(reason));
    v->set_supervisor(supervisor.user);
    v->set_requested_by(r->void_record->requested_by);
  }
  TALLY_TRY_STATUS(step.publish(log_, receipt, r->language));
  TALLY_TRY_STATUS(drain());
  return answer(s.id, step.step(), false);
}

Result<Answer> Counter::move_cash(std::string_view session, CashMoveKind kind, std::int64_t amount_minor,
                                  std::string_view reason, const events::Actor& actor) {
  std::lock_guard lock(mu_);
  TALLY_TRY_STATUS(check_who(actor));
  TALLY_TRY_STATUS(check_amount(amount_minor, "amount"));
  TALLY_TRY_STATUS(check_text(reason, "reason", kMaxTextBytes, true));
  TALLY_TRY_STATUS(drain());
  TALLY_TRY(auto before, done_before(actor));
  if (before) return std::move(*before);
  TALLY_TRY(Session s, load(session));
  TALLY_TRY_STATUS(check_own_open_session(s, actor, settings_.today()));
  if (kind == CashMoveKind::paid_out && amount_minor > s.expected_cash_minor())
    return state(fmt::format("paid-out of {} is more than the {} in the drawer", money(amount_minor, settings_.currency),
                             money(s.expected_cash_minor(), settings_.currency)));

  StepBuilder step(s.id, s.last_step + 1, settings_.today(), actor);
  auto* m = step.add(events::DRAWER_CASH_MOVED, accounts::drawer(s.drawer)).mutable_drawer_cash_moved();
  m->set_kind(kind == CashMoveKind::paid_in ? events::DrawerCashMoved::PAID_IN : events::DrawerCashMoved::PAID_OUT);
  m->set_drawer_id(s.drawer);
  m->set_session_id(s.id);
  set_amount(*m->mutable_amount(), amount_minor, settings_.currency);
  m->set_reason(std::string(reason));
  m->set_requested_by(actor.user);
  TALLY_TRY_STATUS(step.publish(log_));
  TALLY_TRY_STATUS(drain());
  return answer(s.id, step.step(), false);
}

Result<Answer> Counter::request_transfer(std::string_view from_session, std::string_view to_session,
                                         std::int64_t amount_minor, std::string_view reason,
                                         const events::Actor& actor) {
  std::lock_guard lock(mu_);
  TALLY_TRY_STATUS(check_who(actor));
  TALLY_TRY_STATUS(check_amount(amount_minor, "amount"));
  TALLY_TRY_STATUS(check_text(reason, "reason", kMaxTextBytes, true));
  TALLY_TRY_STATUS(drain());
  TALLY_TRY(auto before, done_before(actor));
  if (before) return std::move(*before);
  TALLY_TRY(Session from, load(from_session));
  TALLY_TRY_STATUS(check_own_open_session(from, actor, settings_.today()));
  TALLY_TRY(Session to, load(to_session));
  if (!to.open()) return state(fmt::format("drawer session {} is closed", to.id));
  if (to.drawer == from.drawer) return invalid("to_session: a transfer goes to another drawer");
  if (amount_minor > from.expected_cash_minor())
    return state(fmt::format("a transfer of {} is more than the {} in the drawer", money(amount_minor, settings_.currency),
                             money(from.expected_cash_minor(), settings_.currency)));

  StepBuilder step(from.id, from.last_step + 1, settings_.today(), actor);
  auto* q = step.add(events::COUNTER_REQUESTED, accounts::drawer(from.drawer)).mutable_counter_requested();
  q->set_kind(events::CounterRequested::TRANSFER);
  q->set_session_id(from.id);
  q->set_to_session_id(to.id);
  set_amount(*q->mutable_amount(), amount_minor, settings_.currency);
  q->set_reason(std::string(reason));
  q->set_requested_by(actor.user);
  TALLY_TRY_STATUS(step.publish(log_));
  TALLY_TRY_STATUS(drain());
  return answer(from.id, step.step(), false);
}

Result<Answer> Counter::accept_transfer(std::string_view to_session, const EventId& request,
                                        const events::Actor& actor) {
  std::lock_guard lock(mu_);
  TALLY_TRY_STATUS(check_who(actor));
  TALLY_TRY_STATUS(drain());
  TALLY_TRY(auto before, done_before(actor));
  if (before) return std::move(*before);
  TALLY_TRY(Session to, load(to_session));
  TALLY_TRY_STATUS(check_own_open_session(to, actor, settings_.today()));
  std::optional<PendingTransfer> pending;
  std::optional<Session> from;
  TALLY_TRY(std::vector<std::string> todays, store_.sessions_on(to.date));
  for (const std::string& id : todays) {
    TALLY_TRY(Session s, load(id));
    for (const PendingTransfer& t : s.pending_transfers)
      if (t.request_id == request && t.to_session == to.id) pending = t;
    if (pending) {
      from = std::move(s);
      break;
    }
  }
  if (!pending) return counter_error(CounterErrc::not_found, fmt::format("no transfer {} waits for session {}", request.to_hex(), to.id));
  if (!from->open()) return state(fmt::format("drawer session {} closed before the transfer was taken", from->id));
  if (pending->requested_by == actor.user) return forbidden("a transfer is taken by the receiving cashier, a second person");
  if (pending->amount_minor > from->expected_cash_minor())
    return state(fmt::format("drawer session {} no longer holds {}", from->id, money(pending->amount_minor, settings_.currency)));

  StepBuilder step(to.id, to.last_step + 1, settings_.today(), actor);
  auto* m = step.add(events::DRAWER_CASH_MOVED, accounts::drawer(to.drawer)).mutable_drawer_cash_moved();
  m->set_kind(events::DrawerCashMoved::TRANSFER);
  m->set_drawer_id(from->drawer);
  m->set_session_id(from->id);
  m->set_to_drawer_id(to.drawer);
  m->set_to_session_id(to.id);
  set_amount(*m->mutable_amount(), pending->amount_minor, settings_.currency);
  m->set_reason(pending->reason);
  m->set_requested_by(pending->requested_by);
  m->set_received_by(actor.user);
  m->set_request_event_id(std::string(request.as_string_view()));
  m->set_request_step(pending->request_step);
  TALLY_TRY_STATUS(step.publish(log_));
  TALLY_TRY_STATUS(drain());
  return answer(to.id, step.step(), false);
}

Result<Session> Counter::session(std::string_view id) {
  std::lock_guard lock(mu_);
  TALLY_TRY_STATUS(drain());
  return load(id);
}

Result<std::optional<std::string>> Counter::open_session(std::string_view drawer) {
  std::lock_guard lock(mu_);
  TALLY_TRY_STATUS(drain());
  return store_.open_session(drawer);
}

Result<std::vector<Session>> Counter::sessions_between(BusinessDate from, BusinessDate to) {
  std::lock_guard lock(mu_);
  TALLY_TRY_STATUS(drain());
  TALLY_TRY(std::vector<std::string> ids, store_.sessions_between(from, to));
  std::vector<Session> out;
  for (const std::string& id : ids) {
    TALLY_TRY(Session s, load(id));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace tally::counter
