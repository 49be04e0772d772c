#include "api/ledger_routes.h"

#include "core/log/kafka_log.h"
#include "ledger/log_accounting.h"
#include "ledger/topic_guard.h"

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
  // On Kafka: each stored position against the range the broker keeps (topic_guard.h).
  if (auto* kafka = dynamic_cast<log::KafkaLog*>(&log)) {
    constexpr int kWatermarkTimeoutMs = 5000;
    TALLY_TRY(const ledger::PositionReport positions, ledger::check_positions(ledger, *kafka, kWatermarkTimeoutMs));
    const bool positions_ok = positions.problems.empty() && positions.identity_problem.empty();
    boost::json::array problems;
    for (const ledger::PositionProblem& p : positions.problems)
      problems.push_back({{"partition", p.partition.value()},
                          {"stored_position", p.stored.value()},
                          {"low_watermark", p.kept.low.value()},
                          {"high_watermark", p.kept.high.value()},
                          {"reason", log::stop_reason_name(p.reason)}});
    boost::json::object kafka_json{{"ok", positions_ok},
                                   {"checked", positions.partitions_checked},
                                   {"problems", std::move(problems)}};
    if (!positions.identity_problem.empty()) kafka_json["topic_problem"] = positions.identity_problem;
    out["kafka_positions"] = std::move(kafka_json);
    if (!positions_ok) out["ok"] = false;
  }
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
