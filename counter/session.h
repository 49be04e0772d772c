// A drawer session as the counter sees it: folded from the session's events in step order
// (store.h keeps them), so it is exactly what the log says. Receipts, voids, paid-in and -out,
// change-fund moves, counts, the close and its deposit slip.
//
// Pure data and functions; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/currency.h"
#include "core/events/codec.h"
#include "core/ids.h"
#include "core/result.h"
#include "counter/cash_count.h"
#include "counter/tenders.h"

namespace tally::counter {

// More receipts than a drawer takes in a day; a step beyond it is refused.
inline constexpr std::int32_t kMaxReceipts = 10'000;

struct VoidRecord {
  std::string requested_by;
  std::string request_reason;
  std::int64_t requested_at_us = 0;
  std::string approved_by;      // empty while it waits for a supervisor
  std::string approval_reason;
  std::int64_t approved_at_us = 0;
  bool approved() const { return !approved_by.empty(); }
};

struct Receipt {
  std::int32_t number = 0;
  std::string account;
  std::string payer_name;
  std::string language;  // "en" or "es"
  std::int64_t amount_minor = 0;
  std::int64_t change_minor = 0;
  std::vector<Tender> tenders;
  std::vector<EventId> event_ids;  // one PaymentReceived per tender
  std::string cashier;
  std::int64_t recorded_at_us = 0;
  std::optional<VoidRecord> void_record;
  bool voided() const { return void_record && void_record->approved(); }
  std::int64_t tendered_minor(TenderKind kind) const;  // applied, by tender kind
};

enum class MoveKind { paid_in, paid_out, transfer_out, transfer_in };
std::string_view move_name(MoveKind kind);  // "paid_in", ...

struct CashMove {
  MoveKind kind = MoveKind::paid_in;
  std::int64_t amount_minor = 0;
  std::string reason;
  std::string by;
  std::string other_session;  // transfers: the other drawer's session
  std::string received_by;    // transfers: the receiving cashier
  std::int64_t recorded_at_us = 0;
};

// A change-fund move one cashier asked for that the receiving cashier has not yet taken.
struct PendingTransfer {
  EventId request_id;
  std::int32_t request_step = 0;  // in the giving session
  std::string from_session;
  std::string to_session;
  std::int64_t amount_minor = 0;
  std::string reason;
  std::string requested_by;
};

struct CountRecord {
  std::int32_t number = 0;
  std::int32_t step = 0;
  CashCount cash;
  std::int64_t counted_minor = 0;
  std::int64_t expected_minor = 0;
  std::int64_t over_short_minor = 0;  // counted - expected
  std::vector<events::CounterItem> items;
  bool blind = false;
  std::string by;
  std::int64_t recorded_at_us = 0;
};

struct DepositSlip {
  std::string reference;  // the slip number the bank's deposit line carries
  CashCount cash;         // by denomination, when the float could be taken out of the count
  std::int64_t cash_minor = 0;
  std::vector<events::CounterItem> items;  // checks and money orders
  std::int64_t checks_minor = 0;
  std::int64_t money_orders_minor = 0;
  std::int64_t total_minor = 0;
  std::string bank_account;
  BusinessDate date;
};

struct CloseRecord {
  std::int32_t count_number = 0;
  std::string closed_by;
  std::string signed_off_by;
  std::string sign_off_reason;
  std::int64_t float_returned_minor = 0;
  std::int64_t recorded_at_us = 0;
  DepositSlip slip;
};

struct Session {
  std::string id;
  std::string drawer;
  std::string cashier;
  BusinessDate date;
  Currency currency = Currency::usd();
  CashCount opening;
  std::int64_t float_minor = 0;
  std::int64_t opened_at_us = 0;
  std::int32_t last_step = 0;
  std::vector<Receipt> receipts;  // by number: receipts[n - 1]
  std::vector<CashMove> moves;
  std::vector<PendingTransfer> pending_transfers;  // asked of or by this session
  std::vector<CountRecord> counts;
  std::optional<CloseRecord> close;
  std::map<std::int32_t, std::int32_t> step_receipts;  // step -> the receipt it paid or voided

  bool open() const { return !close.has_value(); }
  const Receipt* receipt(std::int32_t number) const;
  // The cash that should be in the drawer: counted opening float + cash taken (less change)
  // + paid-in - paid-out + change fund in - change fund out, voided receipts left out.
  std::int64_t expected_cash_minor() const;
  // Checks and money orders of receipts not voided, as a count must list them.
  std::vector<events::CounterItem> expected_items() const;
  std::int64_t total_minor(TenderKind kind) const;  // receipts not voided
  std::int64_t moved_minor(MoveKind kind) const;
  std::int64_t voided_minor() const;
};

// Folds a session's events, in step order. `events` come from Store::session_events.
Result<Session> fold_session(std::span<const events::Envelope> events);

}  // namespace tally::counter
