// Stored values the ledger keeps for people's commands (state tags of keys.h): who asked for
// what (the audit index), adjustments waiting for a second person, and what a payment held in
// suspense said of itself. Like records.h, every layout starts with a version byte and a
// decoder checks it and the sizes, returning LedgerErrc::corrupt rather than trusting bad bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/business_date.h"
#include "core/currency.h"
#include "core/events/codec.h"
#include "core/ids.h"
#include "core/result.h"
#include "ledger/refusal.h"

namespace tally::ledger {

// Bounds of what a command carries into the books. The reason is cut to this in a journal
// memo too, so a longer one would not be seen whole anywhere.
inline constexpr std::size_t kMaxAdjustmentReasonBytes = 200;
// A Source field (user, token id, request id, client address, idempotency key) as the audit
// index keeps it: longer ones are cut, never refused (the event is the log's; the index only
// points at it).
inline constexpr std::size_t kMaxAuditFieldBytes = 256;

// What the ledger did with a command's event. The values are stored: never change them.
enum class AuditOutcome : std::uint8_t {
  kApplied = 1,      // in the journal
  kRefused = 2,      // broke a posting rule: an INVALID_EVENT discrepancy says why
  kParked = 3,       // waits for its payment (a return or chargeback a person entered)
  kConflicting = 4,  // its id was seen before with another payload: not applied
};
// "applied", "refused", "parked", "conflicting".
std::string_view audit_outcome_name(AuditOutcome outcome);

// state 'u' (by time) and 'U' (by user, then time): one command, who asked and what became
// of it. Written in the batch that decides the outcome; an event parked and applied later is
// written again (same key) as applied.
//   u8 version=1, 16 event id, be32 event type, be32 business date, be64 recorded-at,
//   str user, str token id, str request id, str client address, str idempotency key,
//   u8 outcome, be16 refusal code
struct AuditEntry {
  PartitionId partition;  // from the key, not stored in the value
  EventId event_id;
  std::uint32_t event_type = 0;  // events::EventType
  BusinessDate business_date;
  std::int64_t recorded_at_us = 0;  // the event's, UTC microseconds
  std::string user;
  std::string token_id;
  std::string request_id;
  std::string client_address;
  std::string idempotency_key;
  AuditOutcome outcome = AuditOutcome::kApplied;
  RefusalCode refusal = RefusalCode::unspecified;  // refused or conflicting: why
};

// A person's command: its source names a user and no file. File events (file_sha256 set) and
// events Tally derives itself (no user) are not commands.
bool is_command(const events::Envelope& e);
// The entry for a command's event, its Source fields cut to kMaxAuditFieldBytes.
AuditEntry audit_entry_of(const events::Envelope& e, AuditOutcome outcome, RefusalCode refusal);
void encode_audit(const AuditEntry& v, std::string& out);
Result<AuditEntry> decode_audit(std::string_view value);

// state 'j': an adjustment a person asked for (AdjustmentRequested), and whether a second
// person approved it (AdjustmentPosted naming it). While pending it is also listed under 'J'.
//   u8 version=1, 16 request id, str account id, be64 amount, 3 currency, str reason,
//   str requested by, be32 business date, be64 recorded-at, u8 status, str approved by,
//   16 posted event id (zeros while pending)
enum class AdjustmentStatus : std::uint8_t { kPending = 1, kApproved = 2 };
struct AdjustmentRequestState {
  EventId request_id;
  std::string account_id;  // the customer ("100117")
  std::int64_t amount_minor = 0;  // positive raises what the customer owes
  Currency currency = Currency::usd();
  std::string reason;
  std::string requested_by;
  BusinessDate business_date;
  std::int64_t recorded_at_us = 0;
  AdjustmentStatus status = AdjustmentStatus::kPending;
  std::string approved_by;
  EventId posted_id;  // the AdjustmentPosted that approved it
};
void encode_adjustment_request(const AdjustmentRequestState& v, std::string& out);
Result<AdjustmentRequestState> decode_adjustment_request(std::string_view value);

// state 's': what a payment received for no known account said of itself, so staff can tell
// whose money it is (suspense.h). Written only for payments that go to suspense: few.
//   u8 version=1, be32 business date, str payer name, str external reference,
//   str check number, str remittance, str deposit reference
inline constexpr std::size_t kMaxPayerNameBytes = 140;
inline constexpr std::size_t kMaxCheckNumberBytes = 32;
inline constexpr std::size_t kMaxRemittanceBytes = 512;
inline constexpr std::size_t kMaxSuspenseReferenceBytes = 200;
struct SuspenseDetail {
  BusinessDate business_date;
  std::string payer_name;
  std::string external_reference;
  std::string check_number;
  std::string remittance;
  std::string deposit_reference;
};
// From a PaymentReceived, each field cut to its bound.
SuspenseDetail suspense_detail_of(const events::Envelope& payment);
void encode_suspense_detail(const SuspenseDetail& v, std::string& out);
Result<SuspenseDetail> decode_suspense_detail(std::string_view value);

}  // namespace tally::ledger
