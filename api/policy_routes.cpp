#include <fmt/format.h>

#include "api/books_commands.h"
#include "api/command.h"
#include "core/money.h"
#include "ledger/policy_command.h"

namespace tally::api {
namespace {

constexpr std::size_t kMaxCodes = 64, kMaxCodeBytes = 3;

boost::json::object policy_json(const ledger::CurrentPolicy& current) {
  const ledger::Policy& p = current.policy;
  boost::json::array codes;
  for (const auto& c : p.nsf_return_codes) codes.emplace_back(c);
  return {{"nsf_fee_minor", p.nsf_fee_minor},
          {"nsf_fee", Money(p.nsf_fee_minor, p.currency).to_string()},
          {"currency", std::string(p.currency.code())},
          {"nsf_return_codes", codes},
          {"autopay_removal_returns", p.autopay_removal_returns},
          {"autopay_removal_months", p.autopay_removal_months},
          {"effective_date", p.effective_date.to_iso()},
          {"uniform", current.uniform}};
}

}  // namespace

void add_policy_routes(Router& router, const BooksServices& s) {
  router.add(http::verb::get, "/api/v1/policy", Permission::read, [&ledger = s.ledger](const Request& req, const RouteParams&) {
    return json_response(req, http::status::ok, policy_json(ledger::current_policy(ledger)));
  });
  router.add(http::verb::post, "/api/v1/policy", Permission::policy_set,
             command(s.idempotency, [&log = s.log, currency = s.currency](const Request& req, const RouteParams&,
                                                                        const events::Actor& actor) {
               Fields f(req);
               ledger::PolicyChange change;
               change.currency = currency;
               change.nsf_fee_minor = f.amount_minor("nsf_fee", currency, true).value_or(0);
               change.nsf_return_codes = f.texts("nsf_return_codes", kMaxCodes, kMaxCodeBytes, true).value_or(
                   std::vector<std::string>{});
               change.autopay_removal_returns =
                   static_cast<int>(f.integer("autopay_removal_returns", 0, ledger::kMaxRemovalReturns, true).value_or(0));
               change.autopay_removal_months =
                   static_cast<int>(f.integer("autopay_removal_months", 0, ledger::kMaxRemovalMonths, true).value_or(0));
               const auto effective = f.text("effective_date", 10, false);
               change.actor = actor;
               if (f.failed()) return f.error(req);
               if (effective) {
                 const auto date = BusinessDate::parse_iso(*effective);
                 if (!date) return bad_field(req, "effective_date", "effective_date must be YYYY-MM-DD");
                 change.effective_date = *date;
               }
               auto set = ledger::set_policy(log, change);
               if (!set) return error_response(req, set.error());
               return json_response(req, http::status::ok,
                                    boost::json::object{{"change_id", set->change_id.to_hex()},
                                                        {"partitions", set->event_ids.size()},
                                                        {"by", actor.user}});
             }));
}

}  // namespace tally::api
