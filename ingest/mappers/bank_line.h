// One bank statement line (a BAI2 16 record, a camt Ntry) as a BankTransaction event: the
// rules the BAI2 and camt mappers share, so a line gets the same id, partition and masking
// whichever format reported it.
//
// - Id (DESIGN.md, "Money and identity"): bank account + bank reference, so the same line
//   reported twice (an intraday report then the end-of-day statement, a re-sent file) is one
//   event; a line without a bank reference is keyed by the file's SHA-256 + its ordinal.
//   The account in the key is the utility's own account number, normalized (spaces and dashes
//   removed, upper-cased, leading zeros dropped), never the customer's.
// - A reference the bank repeats within one statement (a camt Stmt/Ntfctn/Rpt, a BAI2 account
//   report) would make the second line vanish as a duplicate; its key gets "#n"
//   (repeated_keys.h), so the money shows up: a duplicate bank item is a discrepancy a person
//   sees, a missing one is not. Across statements a repeat is the same line reported again
//   (cumulative intraday reports) and keeps its id.
// - The account is stored masked (last four) plus the keyed hash; the partition key is
//   "bank:<last4>".
//
// Header-only; not thread-safe (one BankLineIds per mapped file).
#pragma once

#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/accounts.h"
#include "core/business_date.h"
#include "core/currency.h"
#include "core/events/event_ids.h"
#include "ingest/file_context.h"
#include "ingest/mappers/repeated_keys.h"
#include "ingest/publisher.h"

namespace tally::ingest::bank_line {

// The account number as it keys event ids: "0012-345 678" and "12345678" are one account.
inline std::string account_key(std::string_view number) {
  std::string out;
  for (char c : number) {
    if (c == ' ' || c == '-') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  std::size_t zeros = 0;
  while (zeros + 1 < out.size() && out[zeros] == '0') ++zeros;
  return out.substr(zeros);
}

// References banks write when they have none (SWIFT MT940 habit, carried into camt).
inline bool is_no_reference(std::string_view reference) {
  return reference.empty() || reference == "NONREF" || reference == "NOTPROVIDED";
}

struct Line {
  std::string_view account_number;  // full; masked and hashed here, never stored
  std::string_view bank_reference;
  std::string_view customer_reference;
  bool credit = true;
  bool reversal = false;
  std::int64_t amount_minor = 0;  // positive
  Currency currency = Currency::usd();
  std::string type_code;
  BusinessDate booking_date;
  std::int32_t value_date_days = 0;  // 0: not given
  std::string description;
  std::string_view source_format;  // "bai2", "camt.053", ...
  std::int64_t ordinal = 0;        // 1-based record / entry ordinal in the file
};

// Ids of the lines of one file; new_statement() at each statement / account report.
class BankLineIds {
 public:
  void new_statement() { repeated_.clear(); }
  EventId id_for(const FileContext& file, const Line& line) {
    if (is_no_reference(line.bank_reference))
      return events::bank_line_id_unreferenced(file.sha256, line.ordinal);
    const std::string account = account_key(line.account_number);
    const EventId id = events::bank_line_id(account, line.bank_reference);
    const std::uint32_t n = repeated_.occurrence(id);
    if (n == 1) return id;
    return events::bank_line_id(account, std::string(line.bank_reference) + RepeatedKeys::suffix(n));
  }
  std::int64_t repeats() const { return repeated_.repeats(); }

 private:
  RepeatedKeys repeated_;
};

// Builds and emits the BankTransaction event for `line`.
inline void emit(const Line& line, const EventId& id, const FileContext& file, EventSink& sink) {
  const std::string last4 = mask_last4(line.account_number);
  events::Envelope env = make_envelope(id, events::BANK_TRANSACTION, accounts::bank(last4),
                                       line.booking_date, file, line.ordinal);
  auto* t = env.mutable_bank_transaction();
  t->set_bank_account(last4);
  t->set_account_hash(account_hash(file, "", line.account_number));
  if (!is_no_reference(line.bank_reference)) t->set_bank_reference(std::string(line.bank_reference));
  if (!is_no_reference(line.customer_reference))
    t->set_customer_reference(std::string(line.customer_reference));
  t->set_direction(line.credit ? events::BankTransaction::CREDIT : events::BankTransaction::DEBIT);
  set_amount(t->mutable_amount(), line.amount_minor, line.currency);
  t->set_type_code(line.type_code);
  t->set_booking_date(line.booking_date.days());
  t->set_value_date(line.value_date_days);
  t->set_description(line.description);
  t->set_source_format(std::string(line.source_format));
  t->set_reversal(line.reversal);
  sink.emit(std::move(env));
}

// Appends `piece` to `out` with a separator, keeping `out` within `max_bytes` (cut at a UTF-8
// character boundary).
inline void append_text(std::string& out, std::string_view piece, std::string_view separator,
                        std::size_t max_bytes) {
  if (piece.empty() || out.size() >= max_bytes) return;
  if (!out.empty()) out += separator;
  std::size_t room = max_bytes > out.size() ? max_bytes - out.size() : 0;
  if (piece.size() > room) {
    while (room > 0 && (static_cast<unsigned char>(piece[room]) & 0xC0) == 0x80) --room;
    piece = piece.substr(0, room);
  }
  out += piece;
}

}  // namespace tally::ingest::bank_line
