#include "app/discrepancy_output.h"

#include <fmt/format.h>

#include <cstdio>

#include "core/printable.h"
#include "reconcile/decide.h"

namespace tally::app {
namespace {

std::string text_of(const boost::json::value& v) { return std::string(v.as_string()); }

// Only the reconciler's discrepancies are an amount; the ledger's are an event.
std::string amount_text(const boost::json::object& d) {
  if (text_of(d.at("origin")) != "reconcile") return "-";
  return reconcile::money_text(d.at("amount_minor").to_number<std::int64_t>(), d.at("currency").as_string());
}

std::string what_of(const boost::json::object& d) {
  std::string what = text_of(d.at("description"));
  if (const auto* code = d.if_contains("code")) what = text_of(*code) + ": " + what;
  if (const auto& steps = d.at("steps").as_array(); !steps.empty())
    what += fmt::format(" [{} by {}]", text_of(d.at("status")), text_of(steps.back().at("by")));
  return what;
}

}  // namespace

int print_discrepancies(const boost::json::object& list, std::string_view status, bool json) {
  if (json) {
    std::puts(boost::json::serialize(boost::json::object{{"discrepancies", list.at("discrepancies")}}).c_str());
    return 0;
  }
  const auto& items = list.at("discrepancies").as_array();
  if (items.empty()) {
    fmt::print("no discrepancies{}{}\n", status.empty() ? "" : " ", status);
    return 0;
  }
  fmt::print("{:<33} {:<20} {:<12} {:<6} {:>4} {:>16}  {}\n", "id", "kind", "status", "sev", "age", "amount",
             "what");
  for (const auto& item : items) {
    const auto& d = item.as_object();
    fmt::print("{:<33} {:<20} {:<12} {:<6} {:>4} {:>16}  {}\n", text_of(d.at("id")), text_of(d.at("kind")),
               text_of(d.at("status")), text_of(d.at("severity")), d.at("age_days").to_number<std::int64_t>(),
               amount_text(d), printable(what_of(d)));
  }
  return 0;
}

int print_step(const boost::json::object& step) {
  const std::string name = text_of(step.at("step"));
  const char* verb = name == "acknowledge" ? "acknowledged" : name == "resolve" ? "resolved" : "reopened";
  std::string posting;
  if (const auto* entry = step.if_contains("entry")) {
    const auto& e = entry->as_object();
    posting = fmt::format(", posting {} from {} to {} approved by {}", text_of(e.at("amount")), text_of(e.at("credit")),
                          text_of(e.at("debit")), text_of(e.at("approver")));
  }
  fmt::print("{} {} (by {}){}\n", verb, text_of(step.at("id")), text_of(step.at("by")), posting);
  return 0;
}

}  // namespace tally::app
