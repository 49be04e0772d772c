// Payments held in suspense: received, but for no account Tally could identify. Billing
// technicians list them and apply each to its customer (a PaymentApplied event).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/business_date.h"
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
  // What the payment said of itself, so staff can tell whose money it is (from the
  // PaymentReceived, kept by the ledger when it held the payment: state 's', keys.h). Empty
  // for a payment held before the ledger kept them (a replay of the log fills them in).
  BusinessDate business_date;      // the payment's
  std::string payer_name;
  std::string external_reference;  // ACH trace, lockbox item, processor reference
  std::string check_number;
  std::string remittance;          // what the payer wrote: an invoice, an account reference
  std::string deposit_reference;   // the deposit or batch it came in
};

// Payments whose holder is still `suspense`, not returned or voided, oldest first; at most
// `limit` (<= kMaxQueryLimit). Reads the state column family directly.
Result<std::vector<SuspenseItem>> suspense_payments(const Ledger& ledger, std::size_t limit);

// The payment `payment_id` if it is held in suspense now, else nullopt (never received, on
// a customer's account already, returned or voided).
Result<std::optional<SuspenseItem>> find_in_suspense(const Ledger& ledger, const EventId& payment_id);

}  // namespace tally::ledger
