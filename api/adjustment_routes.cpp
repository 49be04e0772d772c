#include <fmt/format.h>

#include "api/books_commands.h"
#include "api/command.h"
#include "core/money.h"
#include "ledger/adjustments.h"

namespace tally::api {
namespace {

constexpr std::size_t kMaxPending = 1000;
constexpr std::size_t kMaxAccountBytes = 100, kMaxReasonBytes = 500;

boost::json::object adjustment_json(const ledger::AdjustmentRequestState& a) {
  boost::json::object out{{"request_id", a.request_id.to_hex()},
                          {"account", a.account_id},
                          {"amount_minor", a.amount_minor},
                          {"amount", Money(a.amount_minor, a.currency).to_string()},
                          {"currency", std::string(a.currency.code())},
                          {"reason", a.reason},
                          {"requested_by", a.requested_by},
                          {"business_date", a.business_date.to_iso()},
                          {"recorded_at_us", a.recorded_at_us},
                          {"status", a.status == ledger::AdjustmentStatus::kPending ? "pending" : "approved"}};
  if (a.status == ledger::AdjustmentStatus::kApproved) {
    out["approved_by"] = a.approved_by;
    out["posted_event_id"] = a.posted_id.to_hex();
  }
  return out;
}

}  // namespace

void add_adjustment_routes(Router& router, const BooksServices& s) {
  router.add(http::verb::get, "/api/v1/adjustments", Permission::read, [&ledger = s.ledger](const Request& req, const RouteParams&) {
    auto pending = ledger::pending_adjustments(ledger, kMaxPending);
    if (!pending) return error_response(req, pending.error());
    boost::json::array out;
    for (const auto& p : *pending) out.push_back(adjustment_json(p.request));
    return json_response(req, http::status::ok, boost::json::object{{"pending", out}});
  });
  router.add(http::verb::post, "/api/v1/adjustments", Permission::adjust_request,
             command(s.idempotency, [&log = s.log, &ledger = s.ledger, currency = s.currency](
                                        const Request& req, const RouteParams&, const events::Actor& actor) {
               Fields f(req);
               ledger::AdjustmentRequest request{};
               request.account = f.text("account", kMaxAccountBytes, true).value_or("");
               request.amount_minor = f.amount_minor("amount", currency, true).value_or(0);
               request.currency = currency;
               request.reason = f.text("reason", kMaxReasonBytes, true).value_or("");
               request.actor = actor;
               if (f.failed()) return f.error(req);
               if (request.amount_minor == 0) return bad_field(req, "amount", "amount must not be zero");
               auto requested = ledger::request_adjustment(log, ledger, request);
               if (!requested) return error_response(req, requested.error());
               return json_response(req, http::status::accepted,
                                    boost::json::object{{"request_id", requested->request_id.to_hex()},
                                                        {"account", requested->account_id},
                                                        {"status", "pending"},
                                                        {"requested_by", actor.user}});
             }));
  router.add(http::verb::post, "/api/v1/adjustments/{id}/approve", Permission::adjust_approve,
             command(s.idempotency, [&log = s.log, &ledger = s.ledger](const Request& req, const RouteParams& p,
                                                                       const events::Actor& actor) {
               const auto id = EventId::from_hex(p.path.at("id"));
               if (!id) return bad_field(req, "id", "a request id is 32 hex digits (GET /api/v1/adjustments)");
               if (Fields f(req); f.failed()) return f.error(req);
               auto approved = ledger::approve_adjustment(log, ledger, *id, actor);
               if (!approved) return error_response(req, approved.error());
               boost::json::object body = adjustment_json(approved->request);
               body["status"] = "approved";
               body["approved_by"] = approved->approver;
               body["posted_event_id"] = approved->event_id.to_hex();
               return json_response(req, http::status::ok, body);
             }));
}

}  // namespace tally::api
