// What the reconciler matches: the Tally side's expected bank movements (declared deposits,
// returned payments) and the bank's statement lines, each reduced to what the rules read.
//
// Polarity: deposits meet bank credits; returns meet bank debits. Amounts are positive minor
// units; the kind says which way the money goes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/business_date.h"
#include "core/events/codec.h"
#include "core/ids.h"
#include "core/result.h"

namespace tally::reconcile {

// The byte values are stored (store.h): never change them.
enum class ItemKind : std::uint8_t {
  deposit = 'd',      // DepositDeclared: money on its way to the bank
  returned = 'r',     // PaymentReturned: money the bank will take back
  bank_credit = 'c',  // BankTransaction, CREDIT
  bank_debit = 'x',   // BankTransaction, DEBIT
};

inline bool is_bank(ItemKind k) { return k == ItemKind::bank_credit || k == ItemKind::bank_debit; }
inline bool is_credit(ItemKind k) { return k == ItemKind::deposit || k == ItemKind::bank_credit; }

struct Item {
  EventId id;  // the event's permanent id
  ItemKind kind = ItemKind::deposit;
  std::int64_t amount_minor = 0;  // positive
  std::string currency;           // ISO 4217
  BusinessDate date;              // deposit, return or booking date
  std::string channel;            // "lockbox", "ach", "card", "counter"; "" for bank lines
  std::string bank_account;       // masked last four; "" when a deposit names none (any account)
  std::string reference;          // deposit reference; bank: the bank's reference
  std::string reference2;         // bank: the customer reference; "" otherwise
  std::string key;                // deposit: its known key (lockbox number, ACH company,
                                  // payout id, deposit slip); "" when none
  std::string description;        // for people: the deposit kind, the bank's text
};

inline constexpr std::size_t kMaxItemTextBytes = 256;
// The dates an item may carry: 1970-01-01 .. 2199-12-31 (days since 1970).
inline constexpr std::int32_t kFirstItemDay = 0;
inline constexpr std::int32_t kLastItemDay = 84'005;

void encode_item(const Item& item, std::string& out);
Result<Item> decode_item(std::string_view value);

// The item an event is, if any: DepositDeclared with a positive net, PaymentReturned (but a
// card refund, which the processor nets into its payout as it does chargebacks),
// BankTransaction. Reversal lines are not items, nor is an event whose amount is not in
// 1..kMaxAmountMinor, whose currency is unknown or whose date is out of range (the ledger
// refuses those).
std::optional<Item> item_of(const events::Envelope& event);

// The known key a deposit reference carries: "lockbox:<number>:<date>" -> number,
// "ach:<company>:<batch>:<date>" -> company; "" for others.
std::string deposit_key(std::string_view deposit_reference);

std::string_view kind_name(ItemKind kind);  // "deposit", "return", "bank credit", "bank debit"

}  // namespace tally::reconcile
