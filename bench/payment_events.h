// The benchmarks' payment: an ACH credit of a deterministic amount to `account`, its id from
// reference "T<i>", as one encoded log record of a partition. Shared so every benchmark loads
// the same kind of event the same way.
#pragma once

#include <string>

#include "core/events/codec.h"
#include "core/events/event_ids.h"

namespace tally::bench {

inline std::string encoded_ach_payment(const std::string& account, std::size_t i) {
  constexpr std::int32_t kDay = 20454;  // a fixed business date: runs compare like for like
  constexpr std::int64_t kRecordedAtUs = 1'700'000'000'000'000;
  const std::string reference = "T" + std::to_string(i);
  events::Envelope e;
  e.set_id(std::string(
      events::ach_entry_id({"09100001", reference, BusinessDate::from_days(kDay), "", 22, 0, "", ""}).as_string_view()));
  e.set_type(events::PAYMENT_RECEIVED);
  e.set_schema_version(events::kSchemaVersion);
  e.set_business_date(kDay);
  e.set_recorded_at_us(kRecordedAtUs);
  e.set_partition_key(account);
  auto* p = e.mutable_payment_received();
  p->set_channel(events::ACH);
  p->set_account_id(account);
  p->mutable_amount()->set_minor(static_cast<std::int64_t>(1000 + i % 9000));
  p->mutable_amount()->set_currency("USD");
  p->set_external_reference(reference);
  return events::encode(e);
}

}  // namespace tally::bench
