#include "api/ledger_routes.h"

#include "ledger/log_accounting.h"

namespace tally::api {

Result<boost::json::object> verify_json(const ledger::Ledger& ledger, log::EventLog& log) {
  TALLY_TRY(const ledger::VerifyReport report, ledger.verify());
  TALLY_TRY(const ledger::LogAccounting accounted, ledger::account_for_log(ledger, log));
  boost::json::object out{{"ok", report.ok && accounted.ok},
                          {"partitions", report.partitions},
                          {"entries", report.entries},
                          {"postings", report.postings},
                          {"accounts", report.accounts}};
  boost::json::object log_json{{"ok", accounted.ok},
                               {"records", accounted.records},
                               {"in_books", accounted.in_books},
                               {"dead_letters", accounted.dead_letters}};
  if (accounted.problem) log_json["problem"] = *accounted.problem;
  out["log"] = std::move(log_json);
  if (report.problem)
    out["first_problem"] = {{"partition", report.problem->partition.value()},
                            {"sequence", report.problem->seq.value()},
                            {"event_id", report.problem->event_id.to_hex()},
                            {"account", report.problem->account},
                            {"reason", report.problem->reason}};
  return out;
}

void add_ledger_routes(Router& router, const ledger::Ledger& ledger, log::EventLog& log) {
  router.add(http::verb::get, "/api/v1/ledger/verify", Permission::audit_read,
             [&ledger, &log](const Request& req, const RouteParams&) {
               auto verified = verify_json(ledger, log);
               if (!verified) return error_response(req, verified.error());
               return json_response(req, http::status::ok, *verified);
             });
}

}  // namespace tally::api
