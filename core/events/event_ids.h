// Deterministic event ids from business keys (DESIGN.md, "Money and identity"). The same
// real-world payment always gets the same id, however often its file arrives.
// Each function's key layout is permanent: see EventId::from_business_key.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/business_date.h"
#include "core/ids.h"

namespace tally::events {

// ACH entry: ODFI routing (8 digits of the trace) + trace number + effective entry date.
EventId ach_entry_id(std::string_view odfi_routing, std::string_view trace_number,
                     BusinessDate effective_date);
// Lockbox item: lockbox number + deposit date + batch number + item number.
EventId lockbox_item_id(std::string_view lockbox_number, BusinessDate deposit_date,
                        std::string_view batch_number, std::string_view item_number);
// Card transaction: processor + the processor's transaction reference.
EventId card_transaction_id(std::string_view processor, std::string_view processor_reference);
// Bank statement line with a bank reference: bank account + bank reference.
EventId bank_line_id(std::string_view bank_account, std::string_view bank_reference);
// Bank statement line without a reference: the file's SHA-256 + the line's ordinal.
EventId bank_line_id_unreferenced(std::string_view file_sha256_hex, std::int64_t ordinal);
// Counter payment: drawer session + receipt number.
EventId counter_payment_id(std::string_view drawer_session, std::string_view receipt_number);
// Command from a person or client: the client's idempotency key (never expires).
EventId command_id(std::string_view idempotency_key);
// Events derived by Tally from another event (an NSF fee, an autopay removal): the source
// event's id and what was derived from it.
EventId derived_id(const EventId& source, std::string_view what);

}  // namespace tally::events
