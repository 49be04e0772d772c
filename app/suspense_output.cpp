#include "app/suspense_output.h"

#include <fmt/format.h>

#include <cstdio>

#include "core/money.h"
#include "core/printable.h"

namespace tally::app {
namespace {

std::string text_at(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string amount_text(const boost::json::object& p) {
  const Currency currency = Currency::from_code(text_at(p, "currency")).value_or(Currency::usd());
  return fmt::format("{} {}", Money(p.at("amount_minor").to_number<std::int64_t>(), currency).to_display(),
                     currency.code());
}

// The second line of a payment in the list: what it said of itself, the fields it has.
std::string detail_line(const boost::json::object& p) {
  std::string out;
  auto add = [&](std::string_view label, std::string_view field) {
    const std::string value = text_at(p, field);
    if (value.empty()) return;
    out += fmt::format("{}{} {}", out.empty() ? "    " : "  |  ", label, printable(value));
  };
  add("payer", "payer_name");
  add("reference", "reference");
  add("check", "check_number");
  add("remittance", "remittance");
  add("deposit", "deposit_reference");
  return out;
}

}  // namespace

int print_suspense(const boost::json::object& list, bool json) {
  if (json) {
    std::puts(boost::json::serialize(boost::json::object{{"payments", list.at("payments")}}).c_str());
    return 0;
  }
  const auto& payments = list.at("payments").as_array();
  if (payments.empty()) fmt::print("no payments in suspense\n");
  for (const auto& item : payments) {
    const auto& p = item.as_object();
    const std::string amount = amount_text(p);
    fmt::print("{}  {}  {:>16}  via {}\n", text_at(p, "event_id"), text_at(p, "business_date"), amount,
               text_at(p, "clearing"));
    if (const std::string detail = detail_line(p); !detail.empty()) fmt::print("{}\n", detail);
  }
  return 0;
}

int print_applied(const boost::json::object& a) {
  fmt::print("applied {} from suspense to customer:{} (by {})\n", amount_text(a), text_at(a, "applied_to"),
             text_at(a, "by"));
  return 0;
}

}  // namespace tally::app
