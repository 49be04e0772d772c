// Reads for people looking for something: accounts a page at a time (by name, from a prefix),
// and payments by the reference they came with (an ACH trace, a lockbox item, a processor's
// transaction reference, a receipt number).
//
// Threads: any, beside the apply loop (each read is one consistent RocksDB iterator or get).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/currency.h"
#include "core/ids.h"
#include "ledger/ledger.h"

namespace tally::ledger {

struct AccountPage {
  std::vector<AccountBalance> accounts;  // in name order, all after `after`
  std::optional<std::string> next_after;  // pass as `after` for the next page; none at the end
};

// Accounts whose name starts with `prefix` and sorts after `after`, at most `limit`
// (1..kMaxQueryLimit). Each partition is read from its seek point, so a page costs its size.
// `only`: read these partitions, not all (a Kafka node's own, api/ownership.h).
Result<AccountPage> account_page(const Ledger& ledger, std::string_view prefix, std::string_view after,
                                 std::size_t limit, const std::optional<std::vector<PartitionId>>& only = std::nullopt);

struct FoundPayment {
  EventId event_id;
  PartitionId partition;
  EntrySequence sequence;
  BusinessDate business_date;
  std::string account;  // the account it was credited to (a customer, or suspense)
  std::int64_t amount_minor = 0;
  Currency currency = Currency::usd();
  std::string memo;
};

// Posted payments whose external reference is exactly `reference`, at most `limit`.
Result<std::vector<FoundPayment>> payments_by_reference(const Ledger& ledger, std::string_view reference,
                                                        std::size_t limit);

struct NamedAccount {
  std::string account;  // "customer:<id>"
  std::string name;     // the name it was found under
};

// Customer accounts whose payments came with a name matching `text` (names.h: every word of
// the text begins a word of the name), at most `limit`, in account order. invalid_argument
// when the text has no word.
Result<std::vector<NamedAccount>> accounts_by_name(const Ledger& ledger, std::string_view text, std::size_t limit);

}  // namespace tally::ledger
