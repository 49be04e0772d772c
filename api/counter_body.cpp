#include "api/counter_body.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/errors.h"
#include "core/money.h"
#include "core/printable.h"
#include "core/utf8.h"
#include "counter/cash_count.h"
#include "counter/tenders.h"

namespace tally::api {
namespace {

constexpr std::size_t kMaxAccountBytes = 64;
constexpr std::size_t kMaxListedItems = 1000;
// A denomination in minor units has a few digits ($100 is 10000); more is a typo, or worse.
constexpr std::size_t kMaxDenominationDigits = 9;

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string indexed(std::string_view list, std::size_t index, std::string_view name) {
  return fmt::format("{}[{}].{}", list, index, name);
}

}  // namespace

CounterBody::CounterBody(std::string_view body, Currency currency) : currency_(currency) {
  if (body.empty()) return;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) {
    fail("body", "the body is not a JSON object");
    return;
  }
  object_ = std::move(v.as_object());
}

void CounterBody::fail(std::string_view field, std::string reason) {
  if (field_) return;
  field_ = std::string(field);
  reason_ = std::move(reason);
}

bool CounterBody::no_card_number(std::string_view text, std::string_view field) {
  const Status refused = counter::refuse_card_number(text, field);
  if (refused.ok()) return true;
  if (!failed()) card_number_ = true;
  fail(field, refused.error().message);  // names the field, never the digits
  return false;
}

Response CounterBody::error(const Request& request) const {
  return json_response(request, http::status::bad_request,
                       {{"error",
                         {{"code", card_number_ ? "counter.card_number" : "bad_field"},
                          {"field", field()},
                          {"message", reason_}}}});
}

const boost::json::value* CounterBody::find(const boost::json::object& in, std::string_view name,
                                            std::string_view field, bool required) {
  const boost::json::value* v = in.if_contains(name);
  if (v != nullptr && !v->is_null()) return v;
  if (required) fail(field, fmt::format("{} is required", field));
  return nullptr;
}

std::optional<std::string> CounterBody::text_in(const boost::json::object& in,
                                                std::string_view name, std::string_view field,
                                                std::size_t max_bytes, bool required) {
  const boost::json::value* v = find(in, name, field, required);
  if (v == nullptr) return required ? std::nullopt : std::optional<std::string>("");
  if (!v->is_string()) return fail(field, fmt::format("{} must be text", field)), std::nullopt;
  std::string s(v->as_string());
  if (s.size() > max_bytes)
    return fail(field, fmt::format("{} is longer than {} bytes", field, max_bytes)), std::nullopt;
  if (printable(s) != s || !is_valid_utf8(s))
    return fail(field,
                fmt::format("{} holds a control character or bytes that are not UTF-8", field)),
           std::nullopt;
  // The counter refuses a card number in every field it keeps; this refuses it in the ones it
  // would quote back in an error (a listed check's number, say).
  if (!no_card_number(s, field)) return std::nullopt;
  if (required && s.empty())
    return fail(field, fmt::format("{} must not be empty", field)), std::nullopt;
  return s;
}

std::optional<std::int64_t> CounterBody::amount_in(const boost::json::object& in,
                                                   std::string_view name, std::string_view field,
                                                   bool required) {
  const boost::json::value* v = find(in, name, field, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string())
    return fail(field,
                fmt::format("{} must be a decimal amount in quotes, such as \"12.34\"", field)),
           std::nullopt;
  const std::string_view s(v->as_string());
  if (!no_card_number(s, field)) return std::nullopt;
  auto parsed = Money::parse(s, currency_);
  if (parsed) return parsed->minor();
  // Money::parse quotes the text in its message; the reason here does not.
  if (parsed.error().code == make_error_code(CoreErrc::excess_precision))
    return fail(field, fmt::format("{} has more than {} decimals; it is not rounded", field,
                                   currency_.minor_digits())),
           std::nullopt;
  if (parsed.error().code == make_error_code(CoreErrc::amount_overflow))
    return fail(field, fmt::format("{} is too large", field)), std::nullopt;
  return fail(field, fmt::format("{} must be a decimal amount, such as \"12.34\"", field)),
         std::nullopt;
}

std::optional<std::string> CounterBody::text(std::string_view name, std::size_t max_bytes,
                                             bool required) {
  if (failed()) return std::nullopt;
  return text_in(object_, name, name, max_bytes, required);
}

std::optional<std::int64_t> CounterBody::amount(std::string_view name, bool required) {
  if (failed()) return std::nullopt;
  return amount_in(object_, name, name, required);
}

std::optional<counter::CashCount> CounterBody::cash_count(std::string_view name) {
  const boost::json::value* v = find(object_, name, name, true);
  if (v == nullptr) return std::nullopt;
  const auto shape = fmt::format(
      "{} is an object of denominations in minor units to pieces, such as {{\"2000\": 5}}", name);
  if (!v->is_object()) return fail(name, shape), std::nullopt;
  counter::CashCount count;
  for (const auto& [key, pieces] : v->as_object()) {
    const std::string_view denomination(key.data(), key.size());
    if (!all_digits(denomination) || denomination.size() > kMaxDenominationDigits)
      return fail(name, shape), std::nullopt;
    if (!pieces.is_int64() || pieces.as_int64() < 0 || pieces.as_int64() > counter::kMaxPieces)
      return fail(name,
                  fmt::format("{}: pieces are whole numbers 0..{}", name, counter::kMaxPieces)),
             std::nullopt;
    count[std::stoll(std::string(denomination))] += pieces.as_int64();
  }
  return count;
}

std::optional<counter::OpenInput> CounterBody::open(std::string drawer) {
  counter::OpenInput input;
  input.drawer = std::move(drawer);
  auto counted = cash_count("float");
  if (!counted) return std::nullopt;
  input.float_count = std::move(*counted);
  input.declared_minor = amount("declared_total", false);
  if (failed()) return std::nullopt;
  return input;
}

std::optional<counter::TenderInput> CounterBody::tender(const boost::json::value& v,
                                                        std::size_t i) {
  const std::string field = fmt::format("tenders[{}]", i);
  if (!v.is_object()) return fail(field, fmt::format("{} must be an object", field)), std::nullopt;
  const boost::json::object& t = v.as_object();
  const auto type = text_in(t, "type", indexed("tenders", i, "type"), 20, true);
  if (!type) return std::nullopt;
  const auto kind = counter::parse_tender(*type);
  if (!kind)
    return fail(indexed("tenders", i, "type"), "type is cash, check, money_order or card"),
           std::nullopt;
  counter::TenderInput in;
  in.kind = *kind;
  in.amount_minor = amount_in(t, "amount", indexed("tenders", i, "amount"), true).value_or(0);
  const auto read = [&](std::string_view name, std::string& out) {
    if (auto s = text_in(t, name, indexed("tenders", i, name), counter::kMaxTextBytes, false))
      out = std::move(*s);
  };
  read("number", in.number);
  read("routing_number", in.routing_number);
  read("card_last4", in.card_last4);
  read("auth_code", in.auth_code);
  read("card_brand", in.card_brand);
  // A check's account number is kept as its last four and a keyed hash; the counter tells a
  // long account number from a card number, so it is not refused here.
  if (const boost::json::value* a =
          find(t, "account_number", indexed("tenders", i, "account_number"), false)) {
    if (!a->is_string() || a->as_string().size() > counter::kMaxTextBytes)
      return fail(indexed("tenders", i, "account_number"), "account_number must be text of digits"),
             std::nullopt;
    in.account_number = std::string(a->as_string());
  }
  if (failed()) return std::nullopt;
  return in;
}

std::optional<counter::PaymentInput> CounterBody::payment() {
  counter::PaymentInput input;
  input.account = text("account", kMaxAccountBytes, true).value_or("");
  input.amount_minor = amount("amount", true).value_or(0);
  input.payer_name = text("payer_name", counter::kMaxTextBytes, false).value_or("");
  if (auto language = text("language", 8, false); language && !language->empty())
    input.language = *language;
  if (failed()) return std::nullopt;
  const boost::json::value* tenders = find(object_, "tenders", "tenders", true);
  if (tenders == nullptr) return std::nullopt;
  if (!tenders->is_array() || tenders->as_array().empty() ||
      tenders->as_array().size() > counter::kMaxTenders)
    return fail("tenders",
                fmt::format("tenders is a list of 1 to {} tenders", counter::kMaxTenders)),
           std::nullopt;
  for (std::size_t i = 0; i < tenders->as_array().size(); ++i) {
    auto t = tender(tenders->as_array()[i], i);
    if (!t) return std::nullopt;
    input.tenders.push_back(std::move(*t));
  }
  return input;
}

std::optional<counter::CountInput> CounterBody::count() {
  counter::CountInput input;
  auto counted = cash_count("cash");
  if (!counted) return std::nullopt;
  input.cash = std::move(*counted);
  input.declared_minor = amount("declared_total", false);
  if (failed()) return std::nullopt;
  const boost::json::value* items = find(object_, "items", "items", false);
  if (items == nullptr) return input;
  if (!items->is_array() || items->as_array().size() > kMaxListedItems)
    return fail("items", fmt::format("items is a list of at most {} checks and money orders",
                                     kMaxListedItems)),
           std::nullopt;
  std::vector<std::pair<std::string, std::int64_t>> listed;
  for (std::size_t i = 0; i < items->as_array().size(); ++i) {
    const boost::json::value& v = items->as_array()[i];
    if (!v.is_object())
      return fail(fmt::format("items[{}]", i), "an item is {\"number\", \"amount\"}"), std::nullopt;
    auto number = text_in(v.as_object(), "number", indexed("items", i, "number"),
                          counter::kMaxTextBytes, true);
    auto amount_minor = amount_in(v.as_object(), "amount", indexed("items", i, "amount"), true);
    if (!number || !amount_minor) return std::nullopt;
    listed.emplace_back(std::move(*number), *amount_minor);
  }
  input.items = std::move(listed);
  return input;
}

}  // namespace tally::api
