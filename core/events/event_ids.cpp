#include "core/events/event_ids.h"

#include <string>

#include "core/sha256.h"

namespace tally::events {

EventId ach_entry_id(const AchEntryKey& key) {
  const std::string date = key.effective_date.to_iso();
  const std::string code = std::to_string(key.transaction_code);
  const std::string amount = std::to_string(key.amount_minor);
  return EventId::from_business_key("ach-entry", {key.odfi_routing, key.trace_number, date,
                                                  key.company_id, code, amount, key.account_hash,
                                                  key.detail});
}

EventId lockbox_item_id(const LockboxItemKey& key) {
  const std::string date = key.deposit_date.to_iso();
  const std::string batch = std::to_string(key.batch_number);
  const std::string item = std::to_string(key.item_number);
  const std::string amount = std::to_string(key.amount_minor);
  return EventId::from_business_key("lockbox-check",
                                    {key.lockbox_number, date, batch, item, amount,
                                     key.check_serial, key.payer_account_hash});
}

EventId deposit_id(std::string_view kind, std::string_view reference,
                   std::span<const EventId> covered_sorted) {
  std::string ids;
  ids.reserve(covered_sorted.size() * 32);
  for (const EventId& id : covered_sorted) ids += id.to_hex();
  const Sha256Digest digest = sha256(ids);  // the key's parts stay short
  const std::string covered = to_hex(digest);
  return EventId::from_business_key(kind, {reference, covered});
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

EventId bank_balance_id(std::string_view bank_account_key, BusinessDate date,
                        std::optional<std::int64_t> opening_minor, std::optional<std::int64_t> closing_minor,
                        std::string_view source_format) {
  const std::string day = date.to_iso();
  const auto figure = [](std::optional<std::int64_t> v) { return v ? std::to_string(*v) : std::string("-"); };
  const std::string opening = figure(opening_minor), closing = figure(closing_minor);
  return EventId::from_business_key("bank-balance", {bank_account_key, day, opening, closing, source_format});
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
