#include "api/counter_routes.h"

#include <charconv>

#include "api/counter_body.h"
#include "api/counter_json.h"
#include "api/web_signin.h"
#include "core/money.h"
#include "counter/errors.h"
#include "counter/tenders.h"

namespace tally::api {
namespace {

constexpr std::string_view kSessions = "/api/v1/counter/sessions/{session}";

Response answered(const Request& req, http::status status, Result<counter::Answer> answer,
                  boost::json::object (*to_json)(const counter::Answer&)) {
  if (!answer) return counter_error_response(req, answer.error());
  return json_response(req, status, to_json(*answer));
}

std::string route(std::string_view tail) {
  return std::string(kSessions) + std::string(tail);
}

void add_drawer_commands(Router& router, const CounterServices& s) {
  node::Node& node = s.node;
  router.add(http::verb::post, "/api/v1/counter/drawers/{drawer}/open", Permission::counter_operate,
             s.wrap([&node](const Request& req, const RouteParams& p, const events::Actor& actor) {
               counter::Counter& desk = node.counter();
               CounterBody body(req.body(), desk.settings().currency);
               auto input = body.open(p.path.at("drawer"));
               if (!input) return body.error(req);
               auto opened = desk.open(*input, actor);
               if (!opened) return counter_error_response(req, opened.error());
               const bool show = expected_cash_visible(opened->session, desk.settings().blind_close,
                                                       caller_supervises(p));
               return json_response(req, http::status::created,
                                    session_json(opened->session, show));
             }));
  router.add(http::verb::post, route("/payments"), Permission::counter_operate,
             s.wrap([&node](const Request& req, const RouteParams& p, const events::Actor& actor) {
               CounterBody body(req.body(), node.counter().settings().currency);
               auto input = body.payment();
               if (!input) return body.error(req);
               return answered(req, http::status::created,
                               node.counter().pay(p.path.at("session"), *input, actor),
                               payment_json);
             }));
}

void add_void_commands(Router& router, const CounterServices& s) {
  node::Node& node = s.node;
  for (const bool approve : {false, true}) {
    router.add(http::verb::post,
               route(approve ? "/receipts/{n}/void" : "/receipts/{n}/void-request"),
               approve ? Permission::counter_supervise : Permission::counter_operate,
               s.wrap([&node, approve](const Request& req, const RouteParams& p,
                                       const events::Actor& actor) {
                 const auto n = receipt_number(p.path.at("n"));
                 if (!n) return bad_field(req, "n", "a receipt number is a whole number from 1");
                 CounterBody body(req.body(), node.counter().settings().currency);
                 const auto reason = body.text("reason", counter::kMaxTextBytes, !approve);
                 if (body.failed()) return body.error(req);
                 const std::string& session = p.path.at("session");
                 counter::Counter& c = node.counter();
                 return answered(req, http::status::ok,
                                 approve ? c.approve_void(session, *n, *reason, actor)
                                         : c.request_void(session, *n, *reason, actor),
                                 void_json);
               }));
  }
}

// The supervisor's credentials of a void-here body, shape only; nullopt when they are missing,
// not text or too long (the answer then names the field, never what was typed).
std::optional<Credentials> supervisor_credentials(std::string_view body) {
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const boost::json::value* supervisor = v.as_object().if_contains("supervisor");
  if (supervisor == nullptr || !supervisor->is_object()) return std::nullopt;
  Credentials c;
  const std::pair<std::string_view, std::string*> fields[] = {
      {"name", &c.name}, {"password", &c.password}, {"token", &c.token}};
  constexpr std::size_t kMaxCredentialBytes = 1024;
  for (const auto& [name, out] : fields) {
    const boost::json::value* field = supervisor->as_object().if_contains(name);
    if (field == nullptr || field->is_null()) continue;
    if (!field->is_string() || field->as_string().size() > kMaxCredentialBytes) return std::nullopt;
    *out = std::string(field->as_string());
  }
  if (c.name.empty() && c.token.empty()) return std::nullopt;
  return c;
}

void add_void_here(Router& router, const CounterServices& s) {
  node::Node& node = s.node;
  const Users* users = s.users;
  router.add(
      http::verb::post, route("/receipts/{n}/void-here"), Permission::counter_operate,
      [&router, &node, users, wrap = s.wrap](const Request& req, const RouteParams& p) {
        const auto n = receipt_number(p.path.at("n"));
        if (!n) return bad_field(req, "n", "a receipt number is a whole number from 1");
        CounterBody body(req.body(), node.counter().settings().currency);
        const auto reason = body.text("reason", counter::kMaxTextBytes, false);
        if (body.failed()) return body.error(req);
        const std::optional<Credentials> credentials = supervisor_credentials(req.body());
        if (!credentials)
          return bad_field(req, "supervisor",
                           "supervisor is {\"name\", \"password\"} or {\"token\"}, as text");
        if (users == nullptr)
          return error_response(req, http::status::service_unavailable, "supervisor_check_unavailable",
                                "this server cannot check a supervisor's credentials: approve the "
                                "void on the supervisor's own page");
        if (std::optional<Response> refused = refused_credential_attempt(router, req, p))
          return std::move(*refused);
        const std::optional<Identity> supervisor = check_credentials(*users, *credentials);
        // One answer for a wrong credential and for a right one without the permission: it
        // does not tell the cashier whose password was right.
        if (!supervisor || !bits_allow(supervisor->roles, Permission::counter_supervise))
          return error_response(req, http::status::forbidden, "supervisor_not_accepted",
                                "the supervisor's name and password (or token) were not accepted "
                                "for approving voids");
        // What the kept answer remembers of this request: the supervisor, not their secret.
        Request kept = req;
        kept.body() = boost::json::serialize(
            boost::json::object{{"reason", *reason}, {"supervisor", supervisor->user}});
        const std::string session = p.path.at("session");
        const Handler approve = wrap(
            [&node, who = *supervisor, session, n = *n, reason = *reason](
                const Request& r, const RouteParams&, const events::Actor& cashier) {
              events::Actor actor = cashier;  // the cashier's request id, key and client address
              actor.user = who.user;
              actor.token_id = who.token_id;
              return answered(r, http::status::ok,
                              node.counter().approve_void(session, n, reason, actor), void_json);
            });
        return approve(kept, p);
      });
}

void add_cash_commands(Router& router, const CounterServices& s) {
  node::Node& node = s.node;
  router.add(
      http::verb::post, route("/cash"), Permission::counter_operate,
      s.wrap([&node](const Request& req, const RouteParams& p, const events::Actor& actor) {
        const Currency currency = node.counter().settings().currency;
        CounterBody body(req.body(), currency);
        const auto kind = body.text("kind", 20, true);
        const auto amount = body.amount("amount", true);
        const auto reason = body.text("reason", counter::kMaxTextBytes, true);
        if (body.failed()) return body.error(req);
        if (*kind != "paid_in" && *kind != "paid_out")
          return bad_field(req, "kind", "kind is paid_in or paid_out");
        const auto move =
            *kind == "paid_in" ? counter::CashMoveKind::paid_in : counter::CashMoveKind::paid_out;
        auto moved = node.counter().move_cash(p.path.at("session"), move, *amount, *reason, actor);
        if (!moved) return counter_error_response(req, moved.error());
        return json_response(req, http::status::ok,
                             boost::json::object{{"session", moved->session.id},
                                                 {"kind", *kind},
                                                 {"amount", Money(*amount, currency).to_string()},
                                                 {"reason", *reason},
                                                 {"by", actor.user}});
      }));
  router.add(http::verb::post, route("/transfers"), Permission::counter_operate,
             s.wrap([&node](const Request& req, const RouteParams& p, const events::Actor& actor) {
               CounterBody body(req.body(), node.counter().settings().currency);
               const auto to = body.text("to_session", 100, true);
               const auto amount = body.amount("amount", true);
               const auto reason = body.text("reason", counter::kMaxTextBytes, true);
               if (body.failed()) return body.error(req);
               return answered(req, http::status::ok,
                               node.counter().request_transfer(p.path.at("session"), *to, *amount,
                                                               *reason, actor),
                               transfer_json);
             }));
  router.add(http::verb::post, route("/transfers/{request_id}/accept"), Permission::counter_operate,
             s.wrap([&node](const Request& req, const RouteParams& p, const events::Actor& actor) {
               const auto request = EventId::from_hex(p.path.at("request_id"));
               if (!request)
                 return bad_field(req, "request_id",
                                  "a transfer's request id is 32 hex digits (the giving session's "
                                  "pending_transfers)");
               if (CounterBody body(req.body(), node.counter().settings().currency); body.failed())
                 return body.error(req);
               auto accepted =
                   node.counter().accept_transfer(p.path.at("session"), *request, actor);
               if (!accepted) return counter_error_response(req, accepted.error());
               return json_response(req, http::status::ok,
                                    boost::json::object{{"session", accepted->session.id},
                                                        {"request_id", request->to_hex()},
                                                        {"status", "accepted"}});
             }));
}

void add_close_commands(Router& router, const CounterServices& s) {
  node::Node& node = s.node;
  // The cashier closes their own drawer of today; a supervisor any drawer, and their close is
  // its own sign-off. Which one is the route's, never the body's.
  for (const bool supervisor : {false, true}) {
    router.add(http::verb::post, route(supervisor ? "/supervisor-close" : "/close"),
               supervisor ? Permission::counter_supervise : Permission::counter_operate,
               s.wrap([&node, supervisor](const Request& req, const RouteParams& p,
                                          const events::Actor& actor) {
                 CounterBody body(req.body(), node.counter().settings().currency);
                 auto count = body.count();
                 if (!count) return body.error(req);
                 const auto authority =
                     supervisor ? counter::Authority::supervisor : counter::Authority::cashier;
                 return answered(
                     req, http::status::ok,
                     node.counter().close(p.path.at("session"), *count, authority, actor),
                     close_json);
               }));
  }
  router.add(http::verb::post, route("/sign-off"), Permission::counter_supervise,
             s.wrap([&node](const Request& req, const RouteParams& p, const events::Actor& actor) {
               CounterBody body(req.body(), node.counter().settings().currency);
               const auto reason = body.text("reason", counter::kMaxTextBytes, true);
               if (body.failed()) return body.error(req);
               return answered(req, http::status::ok,
                               node.counter().sign_off(p.path.at("session"), *reason, actor),
                               close_json);
             }));
}

}  // namespace

bool caller_supervises(const RouteParams& params) {
  return bits_allow(params.caller.roles, Permission::counter_supervise);
}

std::optional<std::int32_t> receipt_number(std::string_view text) {
  std::int32_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 1 || n > counter::kMaxReceipts)
    return std::nullopt;
  return n;
}

Response counter_error_response(const Request& request, const Error& error) {
  if (counter::refuse_card_number(error.message, "message").ok())
    return error_response(request, error);
  Error quiet = error;
  quiet.message = "the request holds a whole card number: it is never taken, kept or shown";
  return error_response(request, quiet);
}

Handler direct_command(CommandBody body) {
  return [body = std::move(body)](const Request& req, const RouteParams& p) {
    const auto key = req.find("Idempotency-Key");
    return body(req, p,
                p.caller.actor(key == req.end() ? std::string() : std::string(key->value())));
  };
}

void add_counter_commands(Router& router, const CounterServices& s) {
  add_drawer_commands(router, s);
  add_void_commands(router, s);
  add_void_here(router, s);
  add_cash_commands(router, s);
  add_close_commands(router, s);
}

void add_counter_routes(Router& router, const CounterServices& services) {
  add_counter_reads(router, services);
  add_counter_commands(router, services);
}

}  // namespace tally::api
