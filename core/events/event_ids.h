// Deterministic event ids from business keys (DESIGN.md, "Money and identity"). The same
// real-world payment always gets the same id, however often its file arrives.
// Each function's key layout is permanent: see EventId::from_business_key.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/business_date.h"
#include "core/ids.h"

namespace tally::events {

// ACH entry (a payment, a return or a notification of change). A bank's trace number is
// unique only within one originator's file of one day: a second file the same day restarts
// its sequence at 0000001. So the key holds what tells two real entries apart (who sent it,
// the transaction code, the amount, the receiver's account, and for a return or NOC what it
// returns or corrects) beside the trace and effective date, while a corrected re-send of the
// same entry repeats every one of them and gets the same id. docs/identity.md has the cases.
struct AchEntryKey {
  std::string_view odfi_routing;      // the trace's first 8 digits
  std::string_view trace_number;      // 15 digits
  BusinessDate effective_date;
  std::string_view company_id;        // the batch's originator
  int transaction_code = 0;
  std::int64_t amount_minor = 0;
  std::string_view account_hash;      // keyed hash of the receiver's routing + account
  std::string_view detail;            // returns: original trace + R-code; NOCs: the change
};
EventId ach_entry_id(const AchEntryKey& key);

// Lockbox check. Batch and item numbers restart with every transmission of a day, so the key
// holds the check itself (amount, serial, the payer's keyed account hash) beside lockbox,
// deposit date, batch and item: a re-sent check is the same id, a second transmission's
// "batch 1 item 1" is not.
struct LockboxItemKey {
  std::string_view lockbox_number;
  BusinessDate deposit_date;
  std::int64_t batch_number = 0;
  std::int64_t item_number = 0;
  std::int64_t amount_minor = 0;
  std::string_view check_serial;
  std::string_view payer_account_hash;  // keyed hash of routing + account; empty if absent
};
EventId lockbox_item_id(const LockboxItemKey& key);

// A declared deposit (ACH settlement, lockbox total): its reference and the payments it
// covers (sorted ids). Two deposits under one reference that cover different payments are
// two deposits; the same payments declared again are the same deposit.
EventId deposit_id(std::string_view kind, std::string_view reference,
                   std::span<const EventId> covered_sorted);

// Card transaction: processor + the processor's transaction reference.
EventId card_transaction_id(std::string_view processor, std::string_view processor_reference);
// Bank statement line with a bank reference: bank account + bank reference.
EventId bank_line_id(std::string_view bank_account, std::string_view bank_reference);
// Bank statement line without a reference: the file's SHA-256 + the line's ordinal.
EventId bank_line_id_unreferenced(std::string_view file_sha256_hex, std::int64_t ordinal);
// The bank's opening and closing ledger balances of one account on one day (BAI2 03 010/015,
// camt OPBD/CLBD): kind "bank-balance", parts the account as bank lines key it (normalized,
// ingest/mappers/bank_line.h account_key), the date as YYYY-MM-DD, each amount in minor
// units ("-" when not given) and the source format. The same statement re-sent is the same
// event; a bank's later report of the day (an interim report then the final one, a
// correction, the other format) is another event, and the reconciler reads the latest.
EventId bank_balance_id(std::string_view bank_account_key, BusinessDate date,
                        std::optional<std::int64_t> opening_minor, std::optional<std::int64_t> closing_minor,
                        std::string_view source_format);
// Counter payment: drawer session + receipt number.
EventId counter_payment_id(std::string_view drawer_session, std::string_view receipt_number);
// Command from a person or client: the client's idempotency key (never expires).
EventId command_id(std::string_view idempotency_key);
// Events derived by Tally from another event (an NSF fee, an autopay removal): the source
// event's id and what was derived from it.
EventId derived_id(const EventId& source, std::string_view what);

}  // namespace tally::events
