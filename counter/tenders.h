// What a cashier types for a payment, checked and turned into what the books keep: the
// customer's account, the amount, and one or more tenders (cash, check, money order, card).
//
// A whole card number is refused in every field, whatever it was typed into (a card's last
// four, a check number, the payer's name): CounterErrc::card_number, naming the field and
// never echoing the digits. A check's account number is kept as its last four and a keyed
// hash (the hash the X9.37 return reader computes), never whole.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/currency.h"
#include "core/events/codec.h"
#include "core/result.h"

namespace tally::counter {

inline constexpr std::size_t kMaxTenders = 8;
inline constexpr std::size_t kMaxTextBytes = 200;  // a reason, a payer's name

enum class TenderKind { cash, check, money_order, card };
std::string_view tender_name(TenderKind kind);  // "cash", "check", "money_order", "card"
std::optional<TenderKind> parse_tender(std::string_view name);

// One tender as typed. Which fields apply depends on the kind:
//   cash:        amount_minor is what the customer handed over (change comes out of it)
//   check:       number, routing_number (9 digits, ABA check digit), account_number
//   money_order: number
//   card:        card_last4 (4 digits), auth_code (1..12 letters or digits), card_brand
struct TenderInput {
  TenderKind kind = TenderKind::cash;
  std::int64_t amount_minor = 0;
  std::string number{};
  std::string routing_number{};
  std::string account_number{};  // in memory only: kept as last four and keyed hash
  std::string card_last4{};
  std::string auth_code{};
  std::string card_brand{};
};

struct PaymentInput {
  std::string account{};          // the customer account id
  std::int64_t amount_minor = 0;  // what goes on the account
  std::vector<TenderInput> tenders{};
  std::string payer_name{};       // optional
  std::string language = "en";    // the receipt's: "en" or "es"
};

// A tender as the books keep it: `applied_minor` is what it pays of the amount (cash: what
// was handed over less the change).
struct Tender {
  TenderKind kind = TenderKind::cash;
  std::int64_t applied_minor = 0;
  std::int64_t tendered_minor = 0;  // cash: handed over; others: = applied
  std::int64_t change_minor = 0;    // cash only
  events::MethodDetails method;     // masked details, as in PaymentReceived
};

struct CheckedPayment {
  std::string account;
  std::int64_t amount_minor = 0;
  std::int64_t change_minor = 0;
  std::vector<Tender> tenders;  // in the order typed, cash last
  std::string payer_name;
  std::string language;
  // Checks taken, with the whole account number for the check register (never stored here).
  struct TakenCheck {
    std::string routing_number;
    std::string account_number;
    std::string number;
    std::int64_t amount_minor = 0;
    std::size_t tender_index = 0;
  };
  std::vector<TakenCheck> checks;
};

// Keyed hash (HMAC-SHA256 hex) of a routing and account number: the one ingest's readers use.
using AccountHasher = std::function<std::string(std::string_view routing, std::string_view account)>;

// Checks everything typed; the change is what the tenders exceed the amount by, and must come
// out of cash (no change from a check or a card). Errors are CounterErrc::invalid_argument
// naming the field ("tenders[1].routing_number: ...") or CounterErrc::card_number.
Result<CheckedPayment> check_payment(const PaymentInput& input, const Currency& currency,
                                     const AccountHasher& hasher);

// Refuses a whole card number in free text: CounterErrc::card_number naming the field.
Status refuse_card_number(std::string_view text, std::string_view field);
// Text a person typed: at most max bytes, no control characters, no card number; required
// unless `optional`. CounterErrc::invalid_argument naming the field.
Status check_text(std::string_view text, std::string_view field, std::size_t max_bytes,
                  bool required);

}  // namespace tally::counter
