// Exact conversions of camt element text to typed values. ISO 20022 amounts are xs:decimal
// with at most 5 fraction digits and no sign; we convert them to integer minor units of their
// currency with tally::Money::parse, which accepts extra fraction digits only when they are
// zeros ("18.150" EUR is 1815 minor units; "18.155" EUR is an error, never rounded).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/business_date.h"
#include "core/money.h"
#include "formats/camt/records.h"

namespace tally::formats::camt {

// Why a value was refused: a stable code for the report and a message for people.
struct ValueError {
  std::string code;  // "bad_amount", "excess_precision", "unknown_currency", ...
  std::string message;
};

// Leading and trailing XML white space (space, tab, CR, LF) removed.
std::string_view trim_xml(std::string_view s);

// An unsigned decimal ("123", "123.45", "0.5") in the currency named by `currency_code`.
std::optional<ValueError> parse_amount(std::string_view text, std::string_view currency_code,
                                       Money& out);

// An unsigned decimal scaled by 10^scale exactly: "8.85" at scale 5 is 885000. Fraction digits
// beyond `scale` must be zeros.
std::optional<ValueError> parse_scaled_decimal(std::string_view text, int scale, std::int64_t& out);

// An amount in minor units expressed at 10^scale (scale >= the currency's digits).
std::optional<std::int64_t> minor_to_scaled(const Money& amount, int scale);
// The inverse, only when exact in the currency.
std::optional<std::int64_t> scaled_to_minor(std::int64_t scaled, int scale, Currency currency);

// ISODate "2014-12-31" (an xs:date zone suffix is allowed and ignored) or the date part of an
// ISODateTime "2014-12-31T13:15:00+01:00".
std::optional<BusinessDate> parse_date(std::string_view text);

std::optional<CreditDebit> parse_credit_debit(std::string_view text);  // CRDT / DBIT
std::optional<bool> parse_bool(std::string_view text);                 // true / false / 1 / 0
// Unsigned decimal digits, at most 18 of them.
std::optional<std::int64_t> parse_count(std::string_view text);

}  // namespace tally::formats::camt
