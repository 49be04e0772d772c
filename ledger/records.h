// The ledger's stored values (one struct per value kind of keys.h) and their binary layout.
// Every layout starts with a version byte; decoders check it, the sizes and the currency
// code, and return LedgerErrc::corrupt rather than trusting bad bytes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/business_date.h"
#include "core/currency.h"
#include "core/events/digest.h"
#include "core/ids.h"
#include "core/result.h"
#include "core/sha256.h"
#include "ledger/refusal.h"

namespace tally::ledger {

using Digest16 = events::Digest16;

inline constexpr std::size_t kMaxPostingsPerEntry = 16;
inline constexpr std::size_t kMaxMemoBytes = 512;
inline constexpr std::size_t kMaxTextBytes = 1024;

// One line of a journal entry. Debits are positive, credits negative.
struct Posting {
  std::string account;
  std::int64_t amount_minor = 0;
  Currency currency = Currency::usd();
};

// journal value: one accepted event. Every accepted event has exactly one entry (events
// that move no money have no postings), so the hash chain covers every state change.
//   u8 version=1, be64 sequence, 16 event id, be32 event type, be32 business date,
//   be64 log position, 16 payload digest, 32 previous entry hash,
//   varint count, count x (str account, be64 amount, 3 currency), str memo,
//   32 hash = SHA-256(all bytes before it)
struct Entry {
  EntrySequence seq;
  EventId event_id;
  std::uint32_t event_type = 0;
  BusinessDate business_date;
  LogPosition position;
  Digest16 payload_digest{};
  Sha256Digest prev_hash{};
  std::vector<Posting> postings;
  std::string memo;
  Sha256Digest hash{};  // stored hash (decode) or computed hash (encode)
};

// Appends the encoded entry to out and sets entry.hash. Asserts the postings sum to zero
// per currency: an unbalanced entry must never reach the disk.
void encode_entry(Entry& entry, std::string& out);
// Decodes; entry.hash is the stored hash. Does not check it (verify does: body_hash).
Result<Entry> decode_entry(std::string_view value);
// SHA-256 of an encoded entry's body (all but the trailing 32-byte hash).
Result<Sha256Digest> entry_body_hash(std::string_view value);
// True when the postings sum to zero in each currency (overflow counts as not balanced).
bool postings_balance(const std::vector<Posting>& postings);

// postings value: u8 version=1, be64 amount, 3 currency, be32 business date,
// be64 balance after (this partition's balance of the account after this posting),
// be32 max business date so far, u8 late (date earlier than an earlier posting's date)
struct PostingValue {
  std::int64_t amount_minor = 0;
  Currency currency = Currency::usd();
  BusinessDate business_date;
  std::int64_t balance_after_minor = 0;
  BusinessDate max_date;
  bool late = false;
};
void encode_posting(const PostingValue& v, std::string& out);
Result<PostingValue> decode_posting(std::string_view value);

// balances value: u8 version=1, 3 currency, be64 balance, be64 posting count,
// be64 last sequence, be32 max business date
struct BalanceValue {
  Currency currency = Currency::usd();
  std::int64_t balance_minor = 0;
  std::uint64_t postings = 0;
  EntrySequence last_seq;
  BusinessDate max_date;
};
void encode_balance(const BalanceValue& v, std::string& out);
Result<BalanceValue> decode_balance(std::string_view value);

// ids value: u8 version=1, u8 status, be64 sequence (applied) or log position (others),
// 16 payload digest
enum class IdStatus : std::uint8_t { kApplied = 1, kParked = 2, kRefused = 3 };
struct IdValue {
  IdStatus status = IdStatus::kApplied;
  std::uint64_t where = 0;
  Digest16 digest{};
};
void encode_id(const IdValue& v, std::string& out);
Result<IdValue> decode_id(std::string_view value);

// meta value per partition: u8 version=1, be64 next log position, be64 next sequence,
// 32 chain head, then be64 counters in the order of the struct.
struct PartitionState {
  LogPosition next_position{0};
  EntrySequence next_seq{1};
  Sha256Digest head{};             // hash of the last entry; zeros before the first
  std::uint64_t applied = 0;       // entries written
  std::uint64_t duplicates = 0;    // same id, same payload: skipped
  std::uint64_t conflicts = 0;     // same id, different payload: discrepancy
  std::uint64_t refused = 0;       // invalid events: discrepancy
  std::uint64_t parked = 0;        // waiting for their payment now
  std::uint64_t dead_letters = 0;  // records that did not decode
  std::uint64_t next_discrepancy = 1;
  std::uint64_t next_letter = 1;
  std::uint64_t next_removal = 1;
};
void encode_partition_state(const PartitionState& v, std::string& out);
Result<PartitionState> decode_partition_state(std::string_view value);

// state 'p': where a payment's money is now, written when a return, void or application
// changes it (before that, the payment's journal entry says it all).
struct PaymentState {
  std::string holder;    // customer:<id> or suspense
  std::string clearing;  // clearing:<channel>
  std::int64_t amount_minor = 0;
  Currency currency = Currency::usd();
  std::int64_t returned_minor = 0;  // returned, charged back or voided so far
  bool voided = false;
};
void encode_payment_state(const PaymentState& v, std::string& out);
Result<PaymentState> decode_payment_state(std::string_view value);

// state 'k': a chargeback, so its reversal knows whom to credit.
struct ChargebackState {
  std::string holder;
  std::string clearing;
  std::int64_t amount_minor = 0;
  Currency currency = Currency::usd();
  std::int64_t reversed_minor = 0;
};
void encode_chargeback_state(const ChargebackState& v, std::string& out);
Result<ChargebackState> decode_chargeback_state(std::string_view value);

// state 'd': an open drawer session's float, returned to the vault at close.
struct DrawerSession {
  std::string drawer_id;
  std::int64_t float_minor = 0;
  Currency currency = Currency::usd();
  bool open = true;
};
void encode_drawer_session(const DrawerSession& v, std::string& out);
Result<DrawerSession> decode_drawer_session(std::string_view value);

// state 'a': autopay enrolment and the business dates of recent NSF returns (newest last,
// at most kMaxNsfDates kept: enough for any removal threshold a policy may set).
inline constexpr std::size_t kMaxNsfDates = 64;
inline constexpr std::size_t kMaxWithheld = 32;
struct WithheldAmount {
  BusinessDate date;
  std::int64_t amount_minor = 0;
  std::string why;  // the return code, or "fee <code>"
};
struct AutopayState {
  bool enrolled = false;
  std::vector<BusinessDate> nsf_dates;
  // The mandate, from the last AutopayEnrolled: what origination needs. The account number
  // is sealed (AES-256-GCM under the ingest sealing key), never stored in clear.
  std::string routing;
  bool savings = false;
  std::string holder_name;
  std::string account_last4;
  std::string account_sealed;
  // What returns left on the mandate (ach_returns.h). An administrative return (R02 account
  // closed, ...) holds every debit until the mandate is corrected (a notice of change or a new
  // enrolment); an unauthorized one ends it (enrolled = false, ended_code).
  std::string hold_code;
  BusinessDate hold_date;
  std::string ended_code;
  // Amounts autopay must not debit again: a returned debit's amount (R01, R09: re-presented
  // only as its own entry; R08: never) and a return fee (never folded into a debit). Each
  // stands until the customer's balance is paid off after its date (autopay_query.h).
  std::vector<WithheldAmount> withheld;  // newest last, at most kMaxWithheld
};
void encode_autopay(const AutopayState& v, std::string& out);
Result<AutopayState> decode_autopay(std::string_view value);

// state 'l': a return letter to send.
struct ReturnLetter {
  std::string account;
  EventId payment_id;
  EventId return_id;
  std::string return_code;
  std::string reason;
  BusinessDate date;
  std::int64_t amount_minor = 0;
  std::int64_t fee_minor = 0;
  Currency currency = Currency::usd();
  // The returned entry as its return named it (an ACH trace number): autopay re-presents a
  // debit Tally originated by it. Empty in letters written before it was kept.
  std::string original_reference;
};
void encode_letter(const ReturnLetter& v, std::string& out);
Result<ReturnLetter> decode_letter(std::string_view value);

// state 'r': autopay removed by the NSF policy. removal_id = events::derived_id(trigger,
// "autopay-removed"): the id an AutopayRemoved event for it would carry.
struct AutopayRemoval {
  EventId removal_id;
  EventId trigger_id;
  std::string account;
  std::string reason;
  BusinessDate date;
};
void encode_removal(const AutopayRemoval& v, std::string& out);
Result<AutopayRemoval> decode_removal(std::string_view value);

// state 'q': an event the ledger did not apply, and why.
//   u8 version=1, be32 kind, 16 event id, be32 event type, be64 log position,
//   be32 business date, str reason, be64 recorded-at (the event's, UTC microseconds),
//   be16 refusal code (ledger/refusal.h).
// Values written before recorded-at or the code were added end early: they read as 0 and
// RefusalCode::unspecified.
struct Discrepancy {
  std::uint32_t kind = 0;  // events::DiscrepancyKind: CONFLICTING_EVENT, INVALID_EVENT
  EventId event_id;
  std::uint32_t event_type = 0;
  LogPosition position;
  BusinessDate business_date;
  std::string reason;  // the refusal's detail, for people
  std::int64_t recorded_at_us = 0;
  RefusalCode code = RefusalCode::unspecified;
};
void encode_discrepancy(const Discrepancy& v, std::string& out);
Result<Discrepancy> decode_discrepancy(std::string_view value);

// What a parked event waits for: the payment with a given event id, or a payment with a given
// external reference. The values are the byte stored in ParkedEvent: never change them.
enum class WaitKind : std::uint8_t {
  kPaymentId = 'i',  // the wait key is the payment's 16-byte event id
  kReference = 'r',  // the wait key is the payment's external reference
};

// state 'x': a return or chargeback whose payment has not arrived yet, with the encoded
// event, applied when the payment it waits for is applied.
//   u8 version=1, u8 wait kind, str wait key, be64 log position, str event bytes
struct ParkedEvent {
  WaitKind wait_kind = WaitKind::kPaymentId;
  std::string wait_key;  // 16-byte id or the reference
  LogPosition position;
  std::string event_bytes;
};
inline constexpr std::size_t kMaxParkedEventBytes = 64 * 1024;
void encode_parked(const ParkedEvent& v, std::string& out);
Result<ParkedEvent> decode_parked(std::string_view value);

// state 'L': a posting dated earlier than an earlier posting of its account (keys.h), so a
// balance as of a date adds it without reading the account's whole history (queries.cpp).
//   u8 version=1, be64 amount, be32 business date
// Values written before the version byte was added are the 12 bytes that follow it here.
struct LatePosting {
  std::int64_t amount_minor = 0;
  BusinessDate business_date;
};
void encode_late_posting(const LatePosting& v, std::string& out);
Result<LatePosting> decode_late_posting(std::string_view value);

}  // namespace tally::ledger
