#include "formats/camt/values.h"

#include <fmt/format.h>

#include "core/errors.h"

namespace tally::formats::camt {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_xml_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Digits with at most one '.', at least one digit: the lexical form ISO 20022 amounts use.
bool plain_decimal(std::string_view s) {
  bool dot = false, digit = false;
  for (char c : s) {
    if (c == '.') {
      if (dot) return false;
      dot = true;
    } else if (is_digit(c)) {
      digit = true;
    } else {
      return false;
    }
  }
  return digit;
}

std::string shown(std::string_view text) {
  constexpr std::size_t kShown = 40;  // a message quotes the value, not a 64 KiB blob
  if (text.size() <= kShown) return std::string(text);
  return std::string(text.substr(0, kShown)) + "...";
}

}  // namespace

std::string_view trim_xml(std::string_view s) {
  while (!s.empty() && is_xml_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_xml_space(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<ValueError> parse_amount(std::string_view text, std::string_view currency_code,
                                       Money& out) {
  if (currency_code.empty())
    return ValueError{"missing_currency", fmt::format("amount '{}' has no Ccy", shown(text))};
  const auto currency = Currency::from_code(currency_code);
  if (!currency)
    return ValueError{"unknown_currency",
                      fmt::format("'{}' is not an ISO 4217 currency", shown(currency_code))};
  if (!plain_decimal(text))
    return ValueError{"bad_amount",
                      fmt::format("'{}' is not an unsigned decimal amount", shown(text))};
  auto money = Money::parse(text, *currency);
  if (!money.ok()) {
    const auto code = money.error().code;
    const char* name = code == CoreErrc::excess_precision  ? "excess_precision"
                       : code == CoreErrc::amount_overflow ? "amount_overflow"
                                                           : "bad_amount";
    return ValueError{name, money.error().describe()};
  }
  out = money.value();
  return std::nullopt;
}

std::optional<ValueError> parse_scaled_decimal(std::string_view text, int scale,
                                               std::int64_t& out) {
  if (!plain_decimal(text))
    return ValueError{"bad_amount", fmt::format("'{}' is not an unsigned decimal", shown(text))};
  const std::size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  std::int64_t value = 0;
  auto push = [&](char c) {
    auto times_ten = checked_mul(value, 10);
    auto next = times_ten ? checked_add(*times_ten, c - '0') : std::nullopt;
    if (!next) return false;
    value = *next;
    return true;
  };
  auto overflow = [&] {
    return ValueError{"amount_overflow", fmt::format("'{}' is too large", shown(text))};
  };
  for (char c : whole)
    if (!push(c)) return overflow();
  for (std::size_t i = 0; i < static_cast<std::size_t>(scale); ++i)
    if (!push(i < fraction.size() ? fraction[i] : '0')) return overflow();
  for (std::size_t i = static_cast<std::size_t>(scale); i < fraction.size(); ++i)
    if (fraction[i] != '0')
      return ValueError{"excess_precision",
                        fmt::format("'{}' has more than {} decimals", shown(text), scale)};
  out = value;
  return std::nullopt;
}

std::optional<std::int64_t> minor_to_scaled(const Money& amount, int scale) {
  std::int64_t value = amount.minor();
  for (int i = amount.currency().minor_digits(); i < scale; ++i) {
    auto next = checked_mul(value, 10);
    if (!next) return std::nullopt;
    value = *next;
  }
  return value;
}

std::optional<std::int64_t> scaled_to_minor(std::int64_t scaled, int scale, Currency currency) {
  std::int64_t divisor = 1;
  for (int i = currency.minor_digits(); i < scale; ++i) divisor *= 10;
  if (scaled % divisor != 0) return std::nullopt;
  return scaled / divisor;
}

std::optional<BusinessDate> parse_date(std::string_view text) {
  constexpr std::size_t kDateChars = 10;  // YYYY-MM-DD
  if (text.size() < kDateChars) return std::nullopt;
  const std::string_view rest = text.substr(kDateChars);
  if (!rest.empty() && rest.front() != 'T' && rest.front() != 'Z' && rest.front() != '+' &&
      rest.front() != '-')
    return std::nullopt;
  return BusinessDate::parse_iso(text.substr(0, kDateChars));
}

std::optional<CreditDebit> parse_credit_debit(std::string_view text) {
  if (text == "CRDT") return CreditDebit::kCredit;
  if (text == "DBIT") return CreditDebit::kDebit;
  return std::nullopt;
}

std::optional<bool> parse_bool(std::string_view text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return std::nullopt;
}

std::optional<std::int64_t> parse_count(std::string_view text) {
  constexpr std::size_t kMaxDigits = 18;  // fits int64 without overflow checks
  if (text.empty() || text.size() > kMaxDigits) return std::nullopt;
  return parse_implied_minor(text);
}

}  // namespace tally::formats::camt
