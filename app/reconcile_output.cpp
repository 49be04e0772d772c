#include "app/reconcile_output.h"

#include <fmt/format.h>

#include <cstdio>

#include "reconcile/decide.h"

namespace tally::app {
namespace {

std::string text_of(const boost::json::value& v) { return std::string(v.as_string()); }
std::int64_t number_of(const boost::json::value& v) { return v.to_number<std::int64_t>(); }

void print_json(const boost::json::value& v) { std::puts(boost::json::serialize(v).c_str()); }

}  // namespace

int print_run(const boost::json::object& r, bool json) {
  if (json) {
    print_json(r);
    return 0;
  }
  fmt::print("reconciled {}: {} expected and {} bank items were open\n", text_of(r.at("date")),
             number_of(r.at("open_expected")), number_of(r.at("open_bank")));
  fmt::print("  {} matched, {} proposed for a person to confirm\n", number_of(r.at("confirmed")),
             number_of(r.at("proposed")));
  for (const auto& [rule, n] : r.at("by_rule").as_object())
    fmt::print("    {:<14} {}\n", std::string_view(rule), number_of(n));
  const auto& raised = r.at("raised").as_object();
  if (raised.empty()) fmt::print("  no new discrepancies\n");
  for (const auto& [kind, n] : raised) fmt::print("  raised {} {}\n", number_of(n), std::string_view(kind));
  if (const auto answered = number_of(r.at("answered")); answered > 0)
    fmt::print("  {} earlier discrepancies answered by a match\n", answered);
  if (const auto booked = number_of(r.at("books_entries")); booked > 0)
    fmt::print("  {} opening balance(s) booked from the bank's statement\n", booked);
  if (const auto again = number_of(r.at("seen_again")); again > 0)
    fmt::print("  {} deposit(s) or bank line(s) arrived again (a re-sent file) and were ignored\n", again);
  if (!r.at("published").as_bool() && number_of(r.at("decided")) > 0)
    fmt::print("  dry run: nothing was recorded\n");
  return 0;
}

int print_explain(const boost::json::object& m, bool json) {
  if (json) {
    print_json(m);
    return 0;
  }
  fmt::print("match {} ({}), {} on {}\n", text_of(m.at("id")), text_of(m.at("status")), text_of(m.at("rule")),
             text_of(m.at("date")));
  fmt::print("  {}\n", text_of(m.at("explanation")));
  for (const auto& item : m.at("criteria").as_array()) {
    const auto& c = item.as_object();
    fmt::print("  {} {:<13} expected {:<40} saw {}\n", c.at("met").as_bool() ? "ok " : "NOT", text_of(c.at("name")),
               text_of(c.at("expected")), text_of(c.at("observed")));
  }
  for (const char* side : {"expected", "bank_lines"})
    for (const auto& item : m.at(side).as_array())
      fmt::print("  {:<10} {}\n", side == std::string_view("expected") ? "expected" : "bank",
                 boost::json::serialize(item));
  for (const auto& item : m.at("settled").as_array()) {
    const auto& s = item.as_object();
    const std::int64_t minor = number_of(s.at("amount_minor"));
    fmt::print("  settles {} {} on {}\n", reconcile::money_text(minor, s.at("currency").as_string()),
               minor > 0 ? "from transit to the bank" : "from the bank back to clearing", text_of(s.at("channel")));
  }
  if (const std::string by = text_of(m.at("decided_by")); !by.empty()) fmt::print("  decided by {}\n", by);
  return 0;
}

int print_decision(const boost::json::object& d) {
  fmt::print("{} proposal {} (by {})\n", text_of(d.at("decision")), text_of(d.at("proposal")), text_of(d.at("by")));
  return 0;
}

}  // namespace tally::app
