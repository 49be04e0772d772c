// Applying a payment held in suspense to a customer's account: the command behind
// `tally suspense apply` (and the HTTP API's, when it comes). It checks the request against
// the books as they stand, builds the PaymentApplied event and appends it to the log; the
// ledger posts it when it next applies the log (the caller's apply loop or post_pending), as
// it does every event, so a command and a replay give the same books.
//
// Threads: reads the ledger (safe beside the apply loop) and appends to the log (safe from
// several threads). Nothing is appended unless every check passed.
#pragma once

#include <string>

#include "core/business_date.h"
#include "core/ids.h"
#include "core/log/event_log.h"
#include "core/result.h"
#include "ledger/ledger.h"
#include "ledger/suspense.h"

namespace tally::ledger {

struct SuspenseApplyRequest {
  EventId payment_id;   // a payment held in suspense (suspense_payments)
  std::string account;  // the customer, as the person wrote it (core/account_reference.h)
  std::string user;     // who applies it: recorded in the event
  BusinessDate business_date = BusinessDate::today_utc();
};

struct SuspenseApplied {
  EventId event_id;        // of the PaymentApplied event
  std::string account_id;  // the customer, as identified ("100117", not "customer:100117")
  SuspenseItem payment;    // what was applied: amount, currency, how it came in
  log::Appended appended;  // where the event went in the log
};

// Errors (LedgerErrc): invalid_argument when no user is given, or the user is longer than
// kMaxIdBytes or holds a control character, or the account is not a customer account number;
// not_found when the payment is not in suspense (never received, applied already, returned or
// voided); storage and log failures as they come.
//
// The event's id comes from the payment (events::command_id("suspense-apply:" + payment id)):
// applying the same payment twice, to any account, is one application.
Result<SuspenseApplied> apply_from_suspense(log::EventLog& log, Ledger& ledger,
                                            const SuspenseApplyRequest& request);

}  // namespace tally::ledger
