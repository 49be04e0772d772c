// Customer account references as people write them (on a lockbox coupon, in an ACH entry, at a
// billing technician's prompt) read as the utility's account numbers. One rule for every module
// that takes one: ingest's mappers identify the customer of a payment with it, and the ledger's
// commands (suspense apply) check the account a person names with it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tally {

// Trimmed, spaces and dashes removed, upper-cased. A customer account is 4 to 20 letters and
// digits with at least one digit (the utility's account numbers); anything else cannot be
// identified (nullopt): a payment with such a reference goes to suspense. Documented in
// ingest/README.md, "Identifying the customer".
std::optional<std::string> identify_account(std::string_view reference);

}  // namespace tally
