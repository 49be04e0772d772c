#include "core/events/event_ids.h"

#include <string>

namespace tally::events {

EventId ach_entry_id(std::string_view odfi_routing, std::string_view trace_number,
                     BusinessDate effective_date) {
  const std::string date = effective_date.to_iso();
  return EventId::from_business_key("ach", {odfi_routing, trace_number, date});
}

EventId lockbox_item_id(std::string_view lockbox_number, BusinessDate deposit_date,
                        std::string_view batch_number, std::string_view item_number) {
  const std::string date = deposit_date.to_iso();
  return EventId::from_business_key("lockbox", {lockbox_number, date, batch_number, item_number});
}

EventId card_transaction_id(std::string_view processor, std::string_view processor_reference) {
  return EventId::from_business_key("card", {processor, processor_reference});
}

EventId bank_line_id(std::string_view bank_account, std::string_view bank_reference) {
  return EventId::from_business_key("bank", {bank_account, bank_reference});
}

EventId bank_line_id_unreferenced(std::string_view file_sha256_hex, std::int64_t ordinal) {
  const std::string ord = std::to_string(ordinal);
  return EventId::from_business_key("bank-file-line", {file_sha256_hex, ord});
}

EventId counter_payment_id(std::string_view drawer_session, std::string_view receipt_number) {
  return EventId::from_business_key("counter", {drawer_session, receipt_number});
}

EventId command_id(std::string_view idempotency_key) {
  return EventId::from_business_key("command", {idempotency_key});
}

EventId derived_id(const EventId& source, std::string_view what) {
  const std::string hex = source.to_hex();
  return EventId::from_business_key("derived", {hex, what});
}

}  // namespace tally::events
