#include "app/counter_bodies.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

namespace tally::app {
namespace {

using boost::json::array;
using boost::json::object;

// A denomination in cents or a number of pieces: a few digits, never more than nine.
constexpr std::size_t kMaxCountDigits = 9;

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> out;
  for (std::size_t at = 0;;) {
    const std::size_t next = text.find(separator, at);
    out.emplace_back(
        text.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at));
    if (next == std::string_view::npos) return out;
    at = next + 1;
  }
}

bool digits(std::string_view s) {
  return !s.empty() && s.size() <= kMaxCountDigits &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "2000x5,500x4,25x40" (denomination in cents x pieces) -> {"2000": 5, "500": 4, "25": 40}.
std::optional<object> cash_count(std::string_view text, std::string_view option,
                                 std::string& usage) {
  object out;
  for (const std::string& part : split(text, ',')) {
    const auto x = split(part, 'x');
    if (x.size() != 2 || !digits(x[0]) || !digits(x[1])) {
      usage = fmt::format("{} is CENTSxPIECES,... such as 2000x5,500x4,25x40", option);
      return std::nullopt;
    }
    out[x[0]] = std::stoll(x[1]);
  }
  return out;
}

// Each "A:B:C" option split into exactly `fields` (or `fields_or`) parts.
std::optional<std::vector<std::vector<std::string>>> fields_of(
    const std::vector<std::string>& values, std::size_t fields, std::size_t fields_or) {
  std::vector<std::vector<std::string>> out;
  for (const std::string& v : values) {
    auto f = split(v, ':');
    if (f.size() != fields && f.size() != fields_or) return std::nullopt;
    out.push_back(std::move(f));
  }
  return out;
}

std::optional<array> tenders(const CounterCliOptions& o, std::string& usage) {
  const auto checks = fields_of(o.checks, 4, 4);
  const auto money_orders = fields_of(o.money_orders, 2, 2);
  const auto cards = fields_of(o.cards, 3, 4);
  if (!checks) usage = "--check is NUMBER:ROUTING:ACCOUNT:AMOUNT";
  if (!money_orders) usage = "--money-order is NUMBER:AMOUNT";
  if (!cards) usage = "--card is LAST4:AUTH:AMOUNT or LAST4:AUTH:AMOUNT:BRAND";
  if (!usage.empty()) return std::nullopt;
  array out;
  for (const auto& f : *checks)
    out.push_back(object{{"type", "check"},
                         {"number", f[0]},
                         {"routing_number", f[1]},
                         {"account_number", f[2]},
                         {"amount", f[3]}});
  for (const auto& f : *money_orders)
    out.push_back(object{{"type", "money_order"}, {"number", f[0]}, {"amount", f[1]}});
  for (const auto& f : *cards) {
    object t{{"type", "card"}, {"card_last4", f[0]}, {"auth_code", f[1]}, {"amount", f[2]}};
    if (f.size() == 4) t["card_brand"] = f[3];
    out.push_back(std::move(t));
  }
  if (!o.cash.empty()) out.push_back(object{{"type", "cash"}, {"amount", o.cash}});
  if (out.empty()) {
    usage = "a payment needs a tender: --cash, --check, --money-order or --card";
    return std::nullopt;
  }
  return out;
}

object move_body(const CounterCliOptions& o, std::string_view kind) {
  return {{"kind", kind}, {"amount", o.amount}, {"reason", o.reason}};
}

}  // namespace

std::optional<object> open_body(const CounterCliOptions& o, std::string& usage) {
  auto count = cash_count(o.float_count, "--float", usage);
  if (!count) return std::nullopt;
  object body{{"float", std::move(*count)}};
  if (!o.declared.empty()) body["declared_total"] = o.declared;
  return body;
}

std::optional<object> pay_body(const CounterCliOptions& o, std::string& usage) {
  auto paid_with = tenders(o, usage);
  if (!paid_with) return std::nullopt;
  object body{{"account", o.account}, {"amount", o.amount}, {"tenders", std::move(*paid_with)}};
  if (!o.payer.empty()) body["payer_name"] = o.payer;
  if (!o.language.empty()) body["language"] = o.language;
  return body;
}

std::optional<object> count_body(const CounterCliOptions& o, std::string& usage) {
  auto cash = cash_count(o.cash_count, "--cash", usage);
  const auto items = fields_of(o.items, 2, 2);
  if (!items) usage = "--item is NUMBER:AMOUNT";
  if (!cash || !items) return std::nullopt;
  object body{{"cash", std::move(*cash)}};
  if (!o.declared.empty()) body["declared_total"] = o.declared;
  if (!items->empty()) {
    array listed;
    for (const auto& f : *items) listed.push_back(object{{"number", f[0]}, {"amount", f[1]}});
    body["items"] = std::move(listed);
  }
  return body;
}

std::optional<object> reason_body(const CounterCliOptions& o, std::string&) {
  return o.reason.empty() ? object{} : object{{"reason", o.reason}};
}

std::optional<object> paid_in_body(const CounterCliOptions& o, std::string&) {
  return move_body(o, "paid_in");
}
std::optional<object> paid_out_body(const CounterCliOptions& o, std::string&) {
  return move_body(o, "paid_out");
}

std::optional<object> transfer_body(const CounterCliOptions& o, std::string&) {
  return object{{"to_session", o.to_session}, {"amount", o.amount}, {"reason", o.reason}};
}

std::optional<object> empty_body(const CounterCliOptions&, std::string&) {
  return object{};
}

}  // namespace tally::app
