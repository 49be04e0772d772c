// Payments held in suspense: received, but for no account Tally could identify. Billing
// technicians list them and apply each to its customer (a PaymentApplied event).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/currency.h"
#include "core/ids.h"
#include "core/result.h"
#include "ledger/ledger.h"

namespace tally::ledger {

struct SuspenseItem {
  PartitionId partition;
  EventId payment_id;
  std::int64_t amount_minor = 0;
  Currency currency = Currency::usd();
  std::string clearing;  // clearing:<channel>: how it came in
  std::string channel;   // its <channel> ("ach"); empty if the journal names none
};

// Payments whose holder is still `suspense`, not returned or voided, in key order; at most
// `limit` (<= kMaxQueryLimit). Reads the state column family directly.
Result<std::vector<SuspenseItem>> suspense_payments(Ledger& ledger, std::size_t limit);

// The payment `payment_id` if it is held in suspense now, else nullopt (never received, on
// a customer's account already, returned or voided).
Result<std::optional<SuspenseItem>> find_in_suspense(Ledger& ledger, const EventId& payment_id);

}  // namespace tally::ledger
