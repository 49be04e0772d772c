// NACHA transaction codes (Operating Rules, Appendix Three): what a two-digit code says about
// an entry. The second digit decides direction: 1-4 credit, 5-9 debit (ADV: odd credit, even
// debit). Constant tables; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace tally::formats::nacha {

enum class AccountType : std::uint8_t {
  kNone,
  kChecking,       // 2x
  kSavings,        // 3x
  kGeneralLedger,  // 4x
  kLoan,           // 5x
  kAdvice,         // 8x: automated accounting advices (ADV)
};

struct TransactionCodeInfo {
  bool valid = false;
  bool credit = false;         // money to the receiver's account; else a debit
  bool prenote = false;        // 23, 28, 33, 38, 43, 48, 53: zero-dollar account validation
  bool zero_dollar = false;    // 24, 29, 34, 39, 44, 49, 54: zero dollar with remittance data
  bool return_or_noc = false;  // 21, 26, 31, 36, 41, 46, 51, 56: automated return or NOC
  AccountType account = AccountType::kNone;
};

namespace detail {
constexpr TransactionCodeInfo make_transaction_code_info(int code) {
  TransactionCodeInfo info;
  const int family = code / 10, kind = code % 10;
  if (family == 8) {  // ADV 81-88
    if (kind < 1 || kind > 8) return info;
    info.valid = true;
    info.credit = kind % 2 == 1;
    info.account = AccountType::kAdvice;
    return info;
  }
  if (family < 2 || family > 5) return info;
  // x0 and x5 are reserved, except 55 (loan debit, for reversals); loans have no 57-59.
  const bool reserved = kind == 0 || (kind == 5 && family != 5) || (family == 5 && kind > 6);
  if (reserved) return info;
  info.valid = true;
  info.credit = kind >= 1 && kind <= 4;
  info.return_or_noc = kind == 1 || kind == 6;
  info.prenote = kind == 3 || kind == 8;
  info.zero_dollar = kind == 4 || kind == 9;
  info.account = family == 2   ? AccountType::kChecking
                 : family == 3 ? AccountType::kSavings
                 : family == 4 ? AccountType::kGeneralLedger
                               : AccountType::kLoan;
  return info;
}

constexpr std::array<TransactionCodeInfo, 100> make_transaction_code_table() {
  std::array<TransactionCodeInfo, 100> t{};
  for (int i = 0; i < 100; ++i) t[static_cast<std::size_t>(i)] = make_transaction_code_info(i);
  return t;
}

inline constexpr auto kTransactionCodes = make_transaction_code_table();

static_assert(kTransactionCodes[27].valid && !kTransactionCodes[27].credit, "27: checking debit");
static_assert(kTransactionCodes[22].valid && kTransactionCodes[22].credit, "22: checking credit");
static_assert(kTransactionCodes[55].valid && !kTransactionCodes[55].credit, "55: loan debit");
static_assert(!kTransactionCodes[25].valid && !kTransactionCodes[57].valid &&
                  !kTransactionCodes[90].valid,
              "reserved codes");
static_assert(kTransactionCodes[81].credit && !kTransactionCodes[82].credit, "ADV direction");

}  // namespace detail

// Classification of `code`; `valid` is false for codes the Rules do not define (20, 25, 90...).
inline TransactionCodeInfo classify_transaction_code(int code) {
  if (code < 0 || code > 99) return {};
  return detail::kTransactionCodes[static_cast<std::size_t>(code)];
}

}  // namespace tally::formats::nacha
