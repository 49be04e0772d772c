// Applying a payment held in suspense to a customer's account: the command behind
// `tally suspense apply` and the HTTP API's. It checks the request against the books as they
// stand, builds the PaymentApplied event and appends it to the log; the ledger posts it when
// it next applies the log (the caller's apply loop or post_pending), as it does every event,
// so a command and a replay give the same books.
//
// Threads: reads the ledger (safe beside the apply loop) and appends to the log (safe from
// several threads). Nothing is appended unless every check passed.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/business_date.h"
#include "core/events/actor.h"
#include "core/ids.h"
#include "core/log/event_log.h"
#include "core/result.h"
#include "ledger/ledger.h"
#include "ledger/suspense.h"

namespace tally::ledger {

struct SuspenseApplyRequest {
  EventId payment_id;   // a payment held in suspense (suspense_payments)
  std::string account;  // the customer, as the person wrote it (core/account_reference.h)
  events::Actor actor;  // who applies it: applied_by and the event's Source
  // The books have never billed this customer: apply anyway (a new account the billing
  // system has not exported yet). Without it such an account is refused (needs_confirmation),
  // since a mistyped account number is the likelier cause.
  bool confirm_new_account = false;
  BusinessDate business_date = BusinessDate::today_utc();
};

struct SuspenseApplied {
  EventId event_id;        // of the PaymentApplied event
  std::string account_id;  // the customer, as identified ("100117", not "customer:100117")
  SuspenseItem payment;    // what was applied: amount, currency, how it came in
  log::Appended appended;  // where the event went in the log
};

// Whether the books know the customer as the billing system's: a bill (BillIssued) posted to
// customer:<id> among its newest kKnownCustomerLines journal lines, or more lines than that
// (a customer with that much history is no typo). A bill of zero posts nothing, so does not
// count.
inline constexpr std::size_t kKnownCustomerLines = 1000;
Result<bool> billed_customer(const Ledger& ledger, std::string_view customer_id);

// What an application is checked against: the payment held in suspense (find_in_suspense) and
// whether the customer was billed (billed_customer). On one machine both come from its books
// (books_facts); on Kafka the books of the suspense account's partition and of the customer's
// may be on two other nodes, which are asked (api/suspense_peers.h).
struct SuspenseFacts {
  std::function<Result<std::optional<SuspenseItem>>(const EventId& payment_id)> held;
  std::function<Result<bool>(std::string_view customer_id)> billed;
};
SuspenseFacts books_facts(const Ledger& ledger);

// Errors (LedgerErrc): invalid_argument when the actor fails events::check_actor (no user, too
// long, a control character) or the account is not a customer account number;
// needs_confirmation when the books have never billed the customer (billed_customer) and the
// request does not set confirm_new_account (the message says how to confirm); not_found when
// the payment is not in suspense (never received, applied already, returned or voided);
// storage and log failures, and the facts' own, as they come.
//
// The event's id comes from the payment (events::command_id("suspense-apply:" + payment id)):
// applying the same payment twice, to any account, is one application. The event is keyed to
// the suspense account's partition, whose rule posts it only while the payment is still held
// there (rules_payments.cpp), so a check made against facts a moment old never applies a
// payment twice.
Result<SuspenseApplied> apply_from_suspense(log::EventLog& log, const SuspenseFacts& facts,
                                            const SuspenseApplyRequest& request);
inline Result<SuspenseApplied> apply_from_suspense(log::EventLog& log, const Ledger& ledger,
                                                   const SuspenseApplyRequest& request) {
  return apply_from_suspense(log, books_facts(ledger), request);
}

}  // namespace tally::ledger
