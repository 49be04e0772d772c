// Journal account names (DESIGN.md, "Ledger"), built and parsed here and nowhere else:
//
//   customer:<id>        a customer's receivable (positive: the customer owes)
//   clearing:<channel>   money received on a channel ("ach", "lockbox", ...), not yet deposited
//   drawer:<id>          a cash drawer
//   bank:<id>            a bank account ("default" when a deposit names none; "vault": the safe)
//   transit:<channel>    declared deposits on their way to the bank
//   revenue:<what>, expense:<what>, equity:<what>   the fixed names below
//   suspense, adjustments             single words, no id
//
// A name is "<kind>:<id>" with the id taken whole after the first ':' (so an id may itself hold
// a ':'), or one of the single words. The names are stored in the journal and in RocksDB keys
// and are partition keys of the event log: their spelling is permanent.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tally::accounts {

enum class AccountKind : std::uint8_t {
  kCustomer,
  kClearing,
  kDrawer,
  kBank,
  kTransit,
  kRevenue,
  kExpense,
  kEquity,
  kSuspense,
  kAdjustments,
};

// A parsed name. `id` is empty for suspense and adjustments, never empty otherwise.
struct AccountName {
  AccountKind kind = AccountKind::kSuspense;
  std::string id;
  bool operator==(const AccountName&) const = default;
};

inline constexpr std::string_view kSuspense = "suspense";
inline constexpr std::string_view kAdjustments = "adjustments";
inline constexpr std::string_view kRevenueBilled = "revenue:billed";
inline constexpr std::string_view kRevenueNsfFees = "revenue:nsf-fees";
inline constexpr std::string_view kExpenseCardFees = "expense:card-fees";
inline constexpr std::string_view kExpenseOverShort = "expense:cash-over-short";
inline constexpr std::string_view kExpenseBankFees = "expense:bank-fees";
// Cash a cashier takes into or pays out of a drawer that is not a customer's payment.
inline constexpr std::string_view kRevenueCounterPaidIn = "revenue:counter-paid-in";
inline constexpr std::string_view kExpenseCounterPaidOut = "expense:counter-paid-out";
// Where a bank account's balance came from before Tally kept its books: the opening balance
// on the account's first statement.
inline constexpr std::string_view kEquityOpeningBalances = "equity:opening-balances";
inline constexpr std::string_view kBankDefault = "bank:default";
inline constexpr std::string_view kBankVault = "bank:vault";

// The builders take an id the caller has checked (non-empty; the ledger bounds it by
// kMaxIdBytes and refuses control characters before it names an account).
std::string customer(std::string_view id);
std::string clearing(std::string_view channel);
std::string drawer(std::string_view id);
std::string bank(std::string_view id);
std::string transit(std::string_view channel);

// Whether a books entry (a write-off, a bank fee, an opening balance) may post to `name`: bank,
// transit, clearing, expense, revenue, equity and adjustments accounts. A customer's balance
// changes only by adjustment, drawers and suspense only by their own events.
bool takes_books_entries(std::string_view name);

// The kind and id of a name; nullopt for anything the builders above cannot produce: an
// unknown kind, a kind without its id ("customer:"), an id after a single word
// ("suspense:1"), an id longer than kMaxIdBytes or with a control character.
std::optional<AccountName> parse(std::string_view name);

}  // namespace tally::accounts
