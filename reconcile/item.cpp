#include "reconcile/item.h"

#include "core/currency.h"
#include "core/events/channels.h"
#include "core/money.h"
#include "core/events/codec.h"
#include "core/value_codec.h"
#include "reconcile/errors.h"

namespace tally::reconcile {
namespace {

constexpr std::uint8_t kItemVersion = 1;

std::string clip(std::string_view text) {
  return std::string(text.substr(0, kMaxItemTextBytes));
}

// The field of a colon-separated reference: "ach:1946000123:1:2026-12-04", 1 -> "1946000123".
std::string_view field(std::string_view reference, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t colon = reference.find(':');
    if (colon == std::string_view::npos) return {};
    reference.remove_prefix(colon + 1);
  }
  return reference.substr(0, reference.find(':'));
}

std::optional<Item> deposit_item(const events::Envelope& e) {
  const auto& d = e.deposit_declared();
  if (!d.has_net() || d.net().minor() <= 0) return std::nullopt;
  Item item;
  item.kind = ItemKind::deposit;
  item.amount_minor = d.net().minor();
  item.currency = d.net().currency();
  item.date = BusinessDate::from_days(d.deposit_date() != 0 ? d.deposit_date() : e.business_date());
  item.channel = std::string(events::deposit_channel(d));
  if (item.channel.empty()) return std::nullopt;  // the ledger refuses it: nothing is in transit
  item.bank_account = clip(d.bank_account());
  item.reference = clip(d.deposit_reference());
  item.key = !d.payout_id().empty() ? clip(d.payout_id()) : deposit_key(d.deposit_reference());
  if (item.key.empty() && d.kind() == events::DepositDeclared::DRAWER_CLOSE)
    item.key = item.reference;  // the deposit slip
  item.description = clip(events::DepositDeclared::Kind_Name(d.kind()));
  return item;
}

std::optional<Item> return_item(const events::Envelope& e) {
  const auto& r = e.payment_returned();
  if (!r.has_amount() || r.amount().minor() <= 0) return std::nullopt;
  // A card refund is netted into the processor's payout, as chargebacks are: the bank never
  // shows it on its own.
  if (r.original_channel() == events::CARD) return std::nullopt;
  Item item;
  item.kind = ItemKind::returned;
  item.amount_minor = r.amount().minor();
  item.currency = r.amount().currency();
  item.date = BusinessDate::from_days(r.return_date() != 0 ? r.return_date() : e.business_date());
  std::string_view channel = events::channel_name(r.original_channel());
  if (channel.empty()) channel = r.kind() == events::CHECK_RETURN ? "lockbox" : "ach";
  item.channel = std::string(channel);
  item.reference = clip(r.original_reference());
  item.key = clip(r.return_code());
  item.description = clip(r.kind() == events::CHECK_RETURN ? "returned check" : "ACH return");
  return item;
}

std::optional<Item> bank_item(const events::Envelope& e) {
  const auto& t = e.bank_transaction();
  if (t.reversal() || !t.has_amount() || t.amount().minor() <= 0) return std::nullopt;
  if (t.direction() != events::BankTransaction::CREDIT && t.direction() != events::BankTransaction::DEBIT)
    return std::nullopt;
  Item item;
  item.kind = t.direction() == events::BankTransaction::CREDIT ? ItemKind::bank_credit : ItemKind::bank_debit;
  item.amount_minor = t.amount().minor();
  item.currency = t.amount().currency();
  item.date = BusinessDate::from_days(t.booking_date() != 0 ? t.booking_date() : e.business_date());
  item.bank_account = clip(t.bank_account());
  item.reference = clip(t.bank_reference());
  item.reference2 = clip(t.customer_reference());
  item.description = clip(t.description());
  return item;
}

// Every amount, currency and date an item holds is one the rules can add and count with:
// an event outside them is left to the ledger, which refuses it with its reason.
bool usable(const Item& item) {
  return item.amount_minor > 0 && item.amount_minor <= kMaxAmountMinor && Currency::from_code(item.currency) &&
         item.date.days() >= kFirstItemDay && item.date.days() <= kLastItemDay;
}

}  // namespace

std::string deposit_key(std::string_view reference) {
  const std::string_view scheme = reference.substr(0, reference.find(':'));
  if (scheme == "lockbox" || scheme == "ach") return std::string(field(reference, 1));
  return {};
}

std::optional<Item> item_of(const events::Envelope& e) {
  std::optional<Item> item;
  switch (e.payload_case()) {
    case events::Envelope::kDepositDeclared:
      item = deposit_item(e);
      break;
    case events::Envelope::kPaymentReturned:
      item = return_item(e);
      break;
    case events::Envelope::kBankTransaction:
      item = bank_item(e);
      break;
    default:
      return std::nullopt;
  }
  if (!item || !usable(*item)) return std::nullopt;
  item->id = events::event_id_of(e);
  return item;
}

void encode_item(const Item& item, std::string& out) {
  ValueWriter w(out);
  w.u8(kItemVersion);
  w.bytes(item.id.as_string_view());
  w.u8(static_cast<std::uint8_t>(item.kind));
  w.i64(item.amount_minor);
  w.str(item.currency);
  w.i32(item.date.days());
  for (const std::string* s : {&item.channel, &item.bank_account, &item.reference, &item.reference2,
                               &item.key, &item.description})
    w.str(*s);
}

Result<Item> decode_item(std::string_view value) {
  ValueReader r(value);
  Item item;
  const std::uint8_t version = r.u8();
  const auto id = EventId::from_bytes(r.bytes(EventId::kBytes));
  const auto kind = static_cast<ItemKind>(r.u8());
  item.amount_minor = r.i64();
  item.currency = std::string(r.str(8));
  item.date = BusinessDate::from_days(r.i32());
  for (std::string* s : {&item.channel, &item.bank_account, &item.reference, &item.reference2,
                         &item.key, &item.description})
    *s = std::string(r.str(kMaxItemTextBytes));
  const bool known_kind = kind == ItemKind::deposit || kind == ItemKind::returned ||
                          kind == ItemKind::bank_credit || kind == ItemKind::bank_debit;
  if (!r.done() || version != kItemVersion || !id || !known_kind)
    return reconcile_error(ReconcileErrc::corrupt, "a stored item does not decode");
  item.id = *id;
  item.kind = kind;
  return item;
}

std::string_view kind_name(ItemKind kind) {
  switch (kind) {
    case ItemKind::deposit:
      return "deposit";
    case ItemKind::returned:
      return "return";
    case ItemKind::bank_credit:
      return "bank credit";
    case ItemKind::bank_debit:
      return "bank debit";
  }
  return "?";
}

}  // namespace tally::reconcile
