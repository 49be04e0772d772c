// What a mapper knows about the file it maps, and the helpers every mapper uses to make
// envelopes and to identify customer accounts.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <utility>
#include <vector>
#include <string>
#include <string_view>

#include "core/account_reference.h"  // identify_account, for every mapper
#include "core/business_date.h"
#include "core/currency.h"
#include "core/events/codec.h"
#include "core/ids.h"

namespace tally::ingest {

class FileRegistry;
class FileMemory;
struct AccountSpans;

struct FileContext {
  std::string sha256;        // hex
  std::string file_name;
  std::string user;          // who ingested it
  Currency currency = Currency::usd();
  BusinessDate business_date = BusinessDate::today_utc();  // for records without a date
  std::int64_t recorded_at_us = 0;
  const FileRegistry* registry = nullptr;  // autopay originations, for returns and NOCs
  std::string account_hash_key;             // HMAC key for bank account numbers
  std::string sealing_key;                  // AES-256-GCM key for autopay account numbers
  FileMemory* memory = nullptr;             // what the file teaches the registry (file_memory.h)
  // The utility's card merchant accounts (CardSettings); empty: every card row is its own.
  std::vector<std::string> card_merchant_accounts;
  // The file's bytes and where bank account numbers sit in them: account_hash() records each
  // account number it is given (by position when the reader's view points into the file, by
  // value when it is a copy), so the kept copy of the file can mask them (kept_files.h).
  std::string_view bytes;
  AccountSpans* account_spans = nullptr;  // null: not collected
};

struct AccountSpans {
  static constexpr std::size_t kMaxCopies = 10'000;  // by value: each costs a scan of the file
  std::vector<std::pair<std::size_t, std::size_t>> ranges;  // offset, length in the file
  std::set<std::string> copies;
};

// Bank account numbers are never stored whole: the last four digits, and a keyed hash of
// routing + account so records of one account can be matched.
std::string mask_last4(std::string_view account_number);
std::string account_hash(const FileContext& file, std::string_view routing, std::string_view account_number);
// The same hash from the key alone: for account numbers typed at the counter, not read from a file.
std::string keyed_account_hash(std::string_view key, std::string_view routing, std::string_view account_number);

// A check's identity across files: "check:<account_hash(routing, account)>:<serial>", the
// serial's digits without leading zeros. Lockbox checks and X9.37 returned items both carry the
// payer's routing, account and check serial, so a return finds the check it takes back. None
// when a part is missing (no routing of 9 digits, no account, no serial digits).
std::optional<std::string> check_key(std::string_view hash_key, std::string_view routing,
                                     std::string_view account_number, std::string_view serial);
std::optional<std::string> check_key(const FileContext& file, std::string_view routing,
                                     std::string_view account_number, std::string_view serial);

// The partition key of an event about a customer: "customer:<id>", or "suspense" when the
// account is unknown. Every event about one payment uses the same key, so the ledger finds
// the payment on the partition where its return or application arrives.
std::string partition_key_for(std::string_view account_id);

// A new envelope with id, type, schema version, dates, source and partition key set; the
// caller fills the payload.
events::Envelope make_envelope(const EventId& id, events::EventType type,
                               std::string partition_key, BusinessDate business_date,
                               const FileContext& file, std::int64_t record_ordinal);

void set_amount(events::Amount* out, std::int64_t minor, const Currency& currency);

}  // namespace tally::ingest
