// Items and events for the reconciler's tests.
#pragma once

#include <string>

#include "core/events/codec.h"
#include "reconcile/item.h"

namespace tally::reconcile::testing {

inline EventId test_id(std::string_view name) { return EventId::from_business_key("test", {name}); }
inline BusinessDate day(int y, int m, int d) { return *BusinessDate::from_ymd(y, m, d); }

inline Item expected_item(std::string_view name, ItemKind kind, std::int64_t amount, BusinessDate date,
                          std::string reference = "", std::string key = "", std::string channel = "lockbox") {
  Item item;
  item.id = test_id(name);
  item.kind = kind;
  item.amount_minor = amount;
  item.currency = "USD";
  item.date = date;
  item.channel = std::move(channel);
  item.reference = std::move(reference);
  item.key = std::move(key);
  return item;
}

inline Item bank_item(std::string_view name, ItemKind kind, std::int64_t amount, BusinessDate date,
                      std::string reference = "", std::string reference2 = "", std::string account = "8765") {
  Item item;
  item.id = test_id(name);
  item.kind = kind;
  item.amount_minor = amount;
  item.currency = "USD";
  item.date = date;
  item.bank_account = std::move(account);
  item.reference = std::move(reference);
  item.reference2 = std::move(reference2);
  return item;
}

inline events::Envelope base(std::string_view name, events::EventType type, BusinessDate date, std::string key) {
  events::Envelope e;
  e.set_id(std::string(test_id(name).as_string_view()));
  e.set_type(type);
  e.set_schema_version(events::kSchemaVersion);
  e.set_business_date(date.days());
  e.set_recorded_at_us(1);
  e.set_partition_key(std::move(key));
  return e;
}

inline events::Envelope deposit_event(std::string_view name, std::int64_t net, BusinessDate date,
                                      std::string reference, events::Channel channel = events::LOCKBOX) {
  events::Envelope e = base(name, events::DEPOSIT_DECLARED, date, "deposit:" + reference);
  auto* d = e.mutable_deposit_declared();
  d->set_kind(channel == events::ACH ? events::DepositDeclared::ACH_SETTLEMENT : events::DepositDeclared::LOCKBOX_TOTAL);
  d->set_channel(channel);
  d->set_deposit_reference(std::move(reference));
  d->mutable_net()->set_minor(net);
  d->mutable_net()->set_currency("USD");
  d->set_deposit_date(date.days());
  return e;
}

inline events::Envelope bank_event(std::string_view name, std::int64_t amount, BusinessDate date,
                                   std::string bank_ref, std::string customer_ref, bool credit = true,
                                   std::string description = "DEPOSIT") {
  events::Envelope e = base(name, events::BANK_TRANSACTION, date, "bank:8765");
  auto* t = e.mutable_bank_transaction();
  t->set_bank_account("8765");
  t->set_bank_reference(std::move(bank_ref));
  t->set_customer_reference(std::move(customer_ref));
  t->set_direction(credit ? events::BankTransaction::CREDIT : events::BankTransaction::DEBIT);
  t->mutable_amount()->set_minor(amount);
  t->mutable_amount()->set_currency("USD");
  t->set_booking_date(date.days());
  t->set_description(std::move(description));
  return e;
}

inline events::Envelope return_event(std::string_view name, std::int64_t amount, BusinessDate date) {
  events::Envelope e = base(name, events::PAYMENT_RETURNED, date, "customer:1");
  auto* r = e.mutable_payment_returned();
  r->set_kind(events::ACH_RETURN);
  r->mutable_amount()->set_minor(amount);
  r->mutable_amount()->set_currency("USD");
  r->set_return_code("R01");
  r->set_return_date(date.days());
  r->set_original_channel(events::ACH);
  return e;
}

}  // namespace tally::reconcile::testing
