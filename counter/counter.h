// The counter: cash drawers from float to bank deposit. Each command checks what a cashier or
// supervisor asks against the drawer session as the log has it (store.h, session.h), builds
// the step's events and appends them to the event log, where the ledger posts them and the
// reconciler finds the deposit. The API and the CLI call these functions.
//
//   open          a drawer with a counted float; one open session per drawer, and a session
//                 left open from an earlier business day blocks the drawer until a supervisor
//                 closes it
//   pay           a customer's payment in one or more tenders; receipt numbers 1, 2, 3, ...
//                 per session, without gaps or repeats
//   request_void / approve_void
//                 the cashier asks, a supervisor (another person) approves: the tenders'
//                 payments are voided; above void_reason_above_minor the approval needs a reason
//   paid_in / paid_out, request_transfer / accept_transfer (change fund, both cashiers)
//   close         a count by denomination with the checks and money orders listed: the
//                 expected cash, the over/short and, within the limit (or signed off by a
//                 supervisor), the close and its deposit slip; a recount keeps every count
//   sign_off      a supervisor accepts the last count's over/short and closes
//
// Every command is idempotent by (user, idempotency key): done again, it answers what it did
// the first time (`replayed`). Commands run one at a time (one lock); each first reads the log
// to its end, so what it checks against includes every earlier step, after a crash too.
//
// Threads: every member may be called from any thread. Lifetime: the store and the log
// outlive the Counter.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/currency.h"
#include "core/events/actor.h"
#include "core/log/event_log.h"
#include "core/log/log_ends.h"
#include "core/result.h"
#include "counter/cash_count.h"
#include "counter/session.h"
#include "counter/store.h"
#include "counter/tenders.h"

namespace tally::counter {

struct CounterSettings {
  Currency currency = Currency::usd();
  // Above this, a supervisor approving a void must say why.
  std::int64_t void_reason_above_minor = 10'000;
  // An over/short above this (either way) needs a supervisor's sign-off to close.
  std::int64_t sign_off_above_minor = 500;
  // The cashier counts without seeing the expected cash; it is shown with the count's answer.
  bool blind_close = true;
  std::string bank_account;  // where drawer deposits go ("" : bank:default)
  std::int64_t max_float_minor = 1'000'000;
  // On Kafka a drain waits this long for more before it takes an empty poll for the end.
  int drain_quiet_ms = 0;
  // Where the log ends now (on Kafka): a drain that has read that far need not wait.
  log::EndsReader read_ends;
  std::function<BusinessDate()> today = [] { return BusinessDate::today_utc(); };
};

// A check taken at the counter, for the check register an X9.37 return is matched against.
struct CheckTaken {
  std::string routing_number;
  std::string account_number;  // whole, in memory only
  std::string number;
  std::int64_t amount_minor = 0;
  std::string account;  // the customer
  EventId payment;      // the tender's PaymentReceived
};

struct CounterHooks {
  AccountHasher account_hash;
  // Called after a payment's events are in the log. May be empty.
  std::function<Status(const std::vector<CheckTaken>&)> checks_taken;
};

enum class Authority { cashier, supervisor };

struct OpenInput {
  std::string drawer;
  CashCount float_count;
  std::optional<std::int64_t> declared_minor;  // the total the cashier wrote down
};

struct CountInput {
  CashCount cash;
  std::optional<std::int64_t> declared_minor;
  // The checks and money orders in the drawer, as (number, amount). nullopt: not listed, the
  // ones taken are taken as there.
  std::optional<std::vector<std::pair<std::string, std::int64_t>>> items;
};

enum class CashMoveKind { paid_in, paid_out };

// What a command did: the session afterwards, the step, and for a payment or void its receipt.
struct Answer {
  Session session;
  std::int32_t step = 0;
  std::int32_t receipt_number = 0;  // pay, request_void, approve_void
  bool replayed = false;            // the same (user, key) was done before
  bool closed = false;              // close, sign_off: the session is closed
  std::optional<CountRecord> count; // close: the count it recorded
};

class Counter {
 public:
  Counter(log::EventLog& log, Store& store, CounterSettings settings, CounterHooks hooks);

  Result<Answer> open(const OpenInput& input, const events::Actor& actor);
  Result<Answer> pay(std::string_view session, const PaymentInput& input, const events::Actor& actor);
  Result<Answer> request_void(std::string_view session, std::int32_t receipt, std::string_view reason,
                              const events::Actor& actor);
  Result<Answer> approve_void(std::string_view session, std::int32_t receipt, std::string_view reason,
                              const events::Actor& supervisor);
  Result<Answer> move_cash(std::string_view session, CashMoveKind kind, std::int64_t amount_minor,
                           std::string_view reason, const events::Actor& actor);
  Result<Answer> request_transfer(std::string_view from_session, std::string_view to_session,
                                  std::int64_t amount_minor, std::string_view reason,
                                  const events::Actor& actor);
  Result<Answer> accept_transfer(std::string_view to_session, const EventId& request,
                                 const events::Actor& actor);
  // A cashier closes their own session of today; a supervisor any session (also one left open
  // from an earlier day), and their close is its own sign-off.
  Result<Answer> close(std::string_view session, const CountInput& count, Authority authority,
                       const events::Actor& actor);
  Result<Answer> sign_off(std::string_view session, std::string_view reason,
                          const events::Actor& supervisor);

  Result<Session> session(std::string_view id);
  Result<std::optional<std::string>> open_session(std::string_view drawer);
  Result<std::vector<Session>> sessions_between(BusinessDate from, BusinessDate to);

  const CounterSettings& settings() const { return settings_; }

 private:
  class Step;
  Status drain();
  Result<Session> load(std::string_view id);
  Result<std::optional<Answer>> done_before(const events::Actor& actor);
  Result<Answer> answer(std::string_view session, std::int32_t step, bool replayed);

  log::EventLog& log_;
  Store& store_;
  CounterSettings settings_;
  CounterHooks hooks_;
  std::mutex mu_;
};

}  // namespace tally::counter
