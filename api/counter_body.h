// The JSON bodies of the counter's commands, read into the counter's inputs (counter/counter.h).
// Only the shape is checked here (types, sizes, decimal amounts); the counter checks what the
// values mean, so the CLI and the API refuse the same things.
//
// Amounts are decimal strings parsed exactly (Money::parse, never a double). A count is an
// object of denominations in minor units to pieces: {"2000": 5, "25": 40}.
//
// The first problem is kept as (field, reason) and answered 400 with the field: code
// "counter.card_number" for a whole card number (as the counter says it), else "bad_field". A
// reason never repeats what was typed: a card number typed where it does not belong must not
// come back in an answer, a log line or a browser's history of responses.
//
// One reader per request; not shared between threads.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/router.h"
#include "core/currency.h"
#include "counter/counter.h"

namespace tally::api {

class CounterBody {
 public:
  // An empty body reads as {}; one that is not a JSON object is a problem with "body".
  CounterBody(std::string_view body, Currency currency);

  // {"float": {...}, "declared_total"?}
  std::optional<counter::OpenInput> open(std::string drawer);
  // {"account", "amount", "language"?, "payer_name"?, "tenders": [{"type", "amount", ...}]}
  std::optional<counter::PaymentInput> payment();
  // {"cash": {...}, "declared_total"?, "items"?: [{"number", "amount"}]}
  std::optional<counter::CountInput> count();

  // A text of at most max_bytes; absent or null is "" (or a problem when required).
  std::optional<std::string> text(std::string_view name, std::size_t max_bytes, bool required);
  // A decimal amount in the currency; absent is nullopt (a problem when required).
  std::optional<std::int64_t> amount(std::string_view name, bool required);

  bool failed() const { return field_.has_value(); }
  const std::string& field() const { return *field_; }
  const std::string& reason() const { return reason_; }
  // The 400 of the first problem.
  Response error(const Request& request) const;

 private:
  const boost::json::value* find(const boost::json::object& in, std::string_view name,
                                 std::string_view field, bool required);
  std::optional<std::string> text_in(const boost::json::object& in, std::string_view name,
                                     std::string_view field, std::size_t max_bytes, bool required);
  std::optional<std::int64_t> amount_in(const boost::json::object& in, std::string_view name,
                                        std::string_view field, bool required);
  std::optional<counter::CashCount> cash_count(std::string_view name);
  std::optional<counter::TenderInput> tender(const boost::json::value& v, std::size_t index);
  void fail(std::string_view field, std::string reason);
  // The counter's refusal of a card number in `text`, kept as the problem; false when refused.
  bool no_card_number(std::string_view text, std::string_view field);

  boost::json::object object_;
  Currency currency_;
  std::optional<std::string> field_;
  std::string reason_;
  bool card_number_ = false;
};

}  // namespace tally::api
