#include "api/books_commands.h"
#include "api/command.h"
#include "ingest/autopay_mandates.h"

namespace tally::api {
namespace {
constexpr std::size_t kMaxDigits = 17, kMaxNameBytes = 64, kMaxReasonBytes = 200;
constexpr std::size_t kRoutingDigits = 9, kMaxTypeBytes = 10;
}  // namespace

void add_autopay_mandate_routes(Router& router, const BooksServices& s) {
  router.add(http::verb::post, "/api/v1/autopay/{account}/enrol", Permission::autopay_manage,
             command(s.idempotency, [&log = s.log, &keys = s.keys](const Request& req, const RouteParams& p,
                                                                   const events::Actor& actor) {
               Fields f(req);
               ingest::AutopayEnrolment request;
               request.account = p.path.at("account");
               request.routing_number = f.text("routing_number", kRoutingDigits, true).value_or("");
               request.account_number = f.text("account_number", kMaxDigits, true).value_or("");
               request.account_type = f.text("account_type", kMaxTypeBytes, false).value_or("checking");
               request.holder_name = f.text("holder_name", kMaxNameBytes, true).value_or("");
               request.actor = actor;
               if (f.failed()) return f.error(req);
               auto enrolled = ingest::enrol_autopay(log, keys, request);
               if (!enrolled) return error_response(req, enrolled.error());
               return json_response(req, http::status::ok,
                                    boost::json::object{{"account", enrolled->account_id},
                                                        {"bank_account", "****" + enrolled->account_last4},
                                                        {"event_id", enrolled->event_id.to_hex()},
                                                        {"by", actor.user}});
             }));
  router.add(http::verb::post, "/api/v1/autopay/{account}/remove", Permission::autopay_manage,
             command(s.idempotency, [&log = s.log](const Request& req, const RouteParams& p, const events::Actor& actor) {
               Fields f(req);
               ingest::AutopayRemovalRequest request;
               request.account = p.path.at("account");
               request.reason = f.text("reason", kMaxReasonBytes, true).value_or("");
               request.actor = actor;
               if (f.failed()) return f.error(req);
               auto removed = ingest::remove_autopay(log, request);
               if (!removed) return error_response(req, removed.error());
               return json_response(req, http::status::ok,
                                    boost::json::object{{"account", removed->account_id},
                                                        {"event_id", removed->event_id.to_hex()},
                                                        {"by", actor.user}});
             }));
}

}  // namespace tally::api
