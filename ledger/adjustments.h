// Adjustments to a customer's balance, by two people: one asks (AdjustmentRequested, no money
// moves), a second approves (AdjustmentPosted naming the request: Dr customer / Cr
// adjustments). The commands behind the HTTP API's adjustment routes and the CLI's.
//
// Like every command (suspense_apply.h): each function checks the request against the books as
// they stand, builds the event and appends it to the log; the ledger posts it when it next
// applies the log. The ledger keeps each request (state 'j', keys.h) when it applies it, and
// marks it approved when it applies the AdjustmentPosted that names it; it refuses an approval
// by the person who asked, of a request it does not hold, or of one approved already, so the
// rule holds whoever writes to the log.
//
// Threads: reads the ledger (safe beside the apply loop) and appends to the log (safe from
// several threads). Nothing is appended unless every check passed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/currency.h"
#include "core/events/actor.h"
#include "core/ids.h"
#include "core/log/event_log.h"
#include "core/result.h"
#include "ledger/command_records.h"
#include "ledger/ledger.h"

namespace tally::ledger {

struct AdjustmentRequest {
  std::string account;            // the customer, as the person wrote it (core/account_reference.h)
  std::int64_t amount_minor = 0;  // positive raises what the customer owes, negative lowers it
  Currency currency = Currency::usd();
  std::string reason;             // 1..kMaxAdjustmentReasonBytes, no control characters
  events::Actor actor;            // who asks: recorded as requested_by and in the Source
  BusinessDate business_date = BusinessDate::today_utc();
};

struct AdjustmentRequested {
  EventId request_id;      // of the AdjustmentRequested: what the approver names
  std::string account_id;  // the customer, as identified ("100117")
  std::optional<log::Appended> appended;  // nullopt: the books hold this request already (a retry)
};

// Errors (LedgerErrc): invalid_argument when the actor fails events::check_actor, the account is
// not a customer account number, the amount is zero or beyond kMaxAmountMinor either way, or
// the reason is empty, too long or holds a control character; conflicting_event when the
// actor's idempotency key was used by the same user for another request; storage and log
// failures as they come.
//
// The id is events::command_id("adjustment-request:" + user + "\n" + idempotency key) (a fresh
// key when the actor has none): a retried request is one request. The partition key is
// "customer:<id>", the customer's, where the approval goes too.
Result<AdjustmentRequested> request_adjustment(log::EventLog& log, const Ledger& ledger,
                                               const AdjustmentRequest& request);

struct AdjustmentApproved {
  EventId event_id;                // of the AdjustmentPosted
  AdjustmentRequestState request;  // what was approved, as the ledger holds it
  std::string approver;
  std::optional<log::Appended> appended;  // nullopt: approved before by the same person (a retry)
};

// Publishes the AdjustmentPosted of a pending request: its account, amount and reason,
// requested_by from the request, approver = actor.user, request_event_id = the request.
//
// Errors (LedgerErrc): invalid_argument when the actor fails events::check_actor or is the
// person who asked (a second person must approve); not_found when the ledger holds no such
// request (never asked, or not applied yet); already_done when another person approved it
// already; storage and log failures as they come.
//
// The id is events::derived_id(request id, "adjustment-approved"): approving twice posts once.
Result<AdjustmentApproved> approve_adjustment(log::EventLog& log, const Ledger& ledger,
                                              const EventId& request_event_id,
                                              const events::Actor& actor);

struct PendingAdjustment {
  PartitionId partition;
  AdjustmentRequestState request;
};

// Requests waiting for a second person, oldest first (by recorded-at, then id), merged across
// partitions; at most `limit` (1..kMaxQueryLimit, else invalid_argument).
Result<std::vector<PendingAdjustment>> pending_adjustments(const Ledger& ledger, std::size_t limit);

// A request the ledger holds, pending or approved; nullopt when it holds none with that id.
Result<std::optional<PendingAdjustment>> find_adjustment_request(const Ledger& ledger,
                                                                 const EventId& request_id);

}  // namespace tally::ledger
