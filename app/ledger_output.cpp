#include "app/ledger_output.h"

#include <fmt/format.h>

#include <cstdio>

#include "core/money.h"

namespace tally::app {
namespace {

void print_json(const boost::json::value& v) { std::puts(boost::json::serialize(v).c_str()); }

std::string text_of(const boost::json::value& v) { return std::string(v.as_string()); }

Currency currency_of(const boost::json::object& o) {
  return Currency::from_code(o.at("currency").as_string()).value_or(Currency::usd());
}

std::string money_text(const boost::json::value& minor, const Currency& currency) {
  return Money(minor.to_number<std::int64_t>(), currency).to_display();
}

}  // namespace

int print_balance(const boost::json::object& balance, bool json) {
  boost::json::object out = balance;
  out.erase("entries");  // the API's account answer carries its newest lines; a balance is not them
  if (json) {
    print_json(out);
    return 0;
  }
  const Currency c = currency_of(out);
  const auto* as_of = out.if_contains("as_of");
  fmt::print("{}  {} {}{}  ({} postings)\n", text_of(out.at("account")), money_text(out.at("balance_minor"), c),
             c.code(), as_of ? " as of " + text_of(*as_of) : "", out.at("postings").to_number<std::uint64_t>());
  return 0;
}

int print_history(const boost::json::object& history, bool json) {
  if (json) {
    print_json(boost::json::object{{"account", history.at("account")}, {"entries", history.at("entries")}});
    return 0;
  }
  fmt::print("{:<10} {:>14} {:>14}  {:<20} {}\n", "date", "amount", "balance", "event", "memo");
  for (const auto& item : history.at("entries").as_array()) {
    const auto& l = item.as_object();
    const Currency c = currency_of(l);
    fmt::print("{:<10} {:>14} {:>14}  {:<20} {}\n", text_of(l.at("business_date")), money_text(l.at("amount_minor"), c),
               money_text(l.at("balance_after_minor"), c), text_of(l.at("event_type")), text_of(l.at("memo")));
  }
  return 0;
}

int print_accounts(const boost::json::object& accounts, bool json) {
  if (json) {
    print_json(boost::json::object{{"accounts", accounts.at("accounts")}});
    return 0;
  }
  for (const auto& item : accounts.at("accounts").as_array()) {
    const auto& a = item.as_object();
    const Currency c = currency_of(a);
    fmt::print("{:<32} {:>16} {}\n", text_of(a.at("account")), money_text(a.at("balance_minor"), c), c.code());
  }
  return 0;
}

int print_verify(const boost::json::object& v, bool json) {
  const bool ok = v.at("ok").as_bool();
  const auto& log = v.at("log").as_object();
  const auto count = [](const boost::json::value& n) { return n.to_number<std::uint64_t>(); };
  if (json) {
    print_json(v);
  } else if (const auto* p = v.if_contains("first_problem")) {
    const auto& problem = p->as_object();
    const std::string account = text_of(problem.at("account"));
    fmt::print("LEDGER VERIFY FAILED at partition {} entry {} (event {}){}: {}\n", count(problem.at("partition")),
               count(problem.at("sequence")), text_of(problem.at("event_id")),
               account.empty() ? "" : " account " + account, text_of(problem.at("reason")));
  } else if (!log.at("ok").as_bool()) {
    fmt::print("LEDGER VERIFY FAILED: the log is not accounted for: {}\n", text_of(log.at("problem")));
  } else if (const auto* k = v.if_contains("kafka_positions"); k && !k->as_object().at("ok").as_bool()) {
    const auto& kafka = k->as_object();
    if (const auto* t = kafka.if_contains("topic_problem")) fmt::print("LEDGER VERIFY FAILED: {}\n", text_of(*t));
    for (const auto& row : kafka.at("problems").as_array()) {
      const auto& problem = row.as_object();
      fmt::print("LEDGER VERIFY FAILED at partition {}: stored position {} outside the kept range {}..{} ({})\n",
                 count(problem.at("partition")), problem.at("stored_position").to_number<std::int64_t>(),
                 problem.at("low_watermark").to_number<std::int64_t>(),
                 problem.at("high_watermark").to_number<std::int64_t>(), text_of(problem.at("reason")));
    }
  } else {
    fmt::print("ledger verified: {} partitions, {} entries, {} postings, {} accounts; hash chains intact, "
               "every entry sums to zero, balances equal their postings; every one of the log's {} "
               "records is in the books ({} dead-lettered)\n",
               count(v.at("partitions")), count(v.at("entries")), count(v.at("postings")), count(v.at("accounts")),
               count(log.at("records")), count(log.at("dead_letters")));
  }
  return ok ? 0 : 1;
}

}  // namespace tally::app
