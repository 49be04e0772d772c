// Autopay enrolment and removal as commands: a billing technician enrols a customer's bank
// account (or removes it) through the HTTP API instead of the billing system's enrollment
// file. The events are the ones that file makes (ingest/mappers/billing_mapper.cpp): an
// AutopayEnrolled with the account number masked to its last four, a keyed hash of routing +
// account, and the number sealed (AES-256-GCM, sealing.h) for origination; an AutopayRemoved
// with a reason. The ledger keeps the mandate from either alike (ledger/README.md, autopay).
//
// Why ingest/: sealing and the account hash live here (ingest's keys), and ingest does not
// depend on the ledger; the caller checks against the books what needs them (whether the
// customer is enrolled, ledger::Ledger::autopay) before removing.
//
// The full account number is never logged, put in an error message or stored but sealed.
//
// Threads: appends to the log (safe from several threads). Nothing is appended unless every
// check passed.
#pragma once

#include <string>

#include "core/business_date.h"
#include "core/events/actor.h"
#include "core/ids.h"
#include "core/log/event_log.h"
#include "core/result.h"
#include "ingest/sealing.h"

namespace tally::ingest {

inline constexpr std::size_t kMinBankAccountDigits = 4;   // the NACHA DFI account field
inline constexpr std::size_t kMaxBankAccountDigits = 17;
inline constexpr std::size_t kMaxHolderNameBytes = 64;    // what the ledger keeps of it
inline constexpr std::size_t kMaxRemovalReasonBytes = 200;

struct AutopayEnrolment {
  std::string account;         // the customer, as the person wrote it (core/account_reference.h)
  std::string routing_number;  // 9 digits with a valid ABA check digit
  std::string account_number;  // the customer's bank account: 4..17 digits
  std::string account_type = "checking";  // "checking" or "savings"
  std::string holder_name;     // 1..kMaxHolderNameBytes, no control characters
  events::Actor actor;         // who enrols it
  BusinessDate business_date = BusinessDate::today_utc();
};

struct AutopayRemovalRequest {
  std::string account;  // the customer
  std::string reason;   // 1..kMaxRemovalReasonBytes, no control characters
  events::Actor actor;
  BusinessDate business_date = BusinessDate::today_utc();
};

struct MandateOutcome {
  EventId event_id;
  std::string account_id;     // the customer, as identified ("100117")
  std::string account_last4;  // enrolment: the bank account, masked; removal: empty
  log::Appended appended;
};

// Publishes AUTOPAY_ENROLLED. Errors (IngestErrc::bad_input, the message naming the field and
// never holding the account number): the actor fails events::check_actor; the account is not a
// customer account number; the routing number is not 9 digits with its check digit; the
// account number is not 4..17 digits; the type is not checking or savings; the holder name is
// empty, too long or holds a control character. Log failures as they come.
//
// The id is events::command_id("autopay-enrol:" + user + "\n" + idempotency key) (a fresh key
// when the actor has none); the number is sealed with seal_deterministic in the context of that
// id, so a retried enrolment is the same event. The partition key is "customer:<id>".
// `keys` needs account_hash and sealing (load_keys).
Result<MandateOutcome> enrol_autopay(log::EventLog& log, const IngestKeys& keys,
                                     const AutopayEnrolment& request);

// Publishes AUTOPAY_REMOVED with the reason. Errors (IngestErrc::bad_input): the actor fails
// events::check_actor, the account is not a customer account number, the reason is empty, too
// long or holds a control character. The id: events::command_id("autopay-remove:" + user +
// "\n" + idempotency key).
Result<MandateOutcome> remove_autopay(log::EventLog& log, const AutopayRemovalRequest& request);

}  // namespace tally::ingest
