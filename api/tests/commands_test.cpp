// Commands over HTTP: once per Idempotency-Key, bad input refused with the field named and
// nothing published, who asked carried into the event, files uploaded through the inbox.
#include <catch2/catch.hpp>

#include "api/tests/api_world.h"
#include "core/events/codec.h"
#include "tools/demo/demo.h"

using namespace tally;
using namespace tally::api;
using tally::api::testing::ApiWorld;
using tally::api::testing::error_code;
namespace http = boost::beast::http;

namespace {

std::vector<events::Envelope> all_events(ApiWorld& w) {
  log::ConsumerOptions options;
  options.group = "test-reader";
  options.start_position = [](PartitionId) { return LogPosition(0); };
  auto consumer = w.node().log().consume(options).value();
  std::vector<events::Envelope> out;
  for (;;) {
    auto records = consumer->poll(50, 10'000).value();
    if (records.empty()) break;
    for (const auto& r : records) out.push_back(events::decode(r.value).value());
  }
  return out;
}

std::string field_of(const std::string& body) {
  const boost::json::value parsed = boost::json::parse(body);
  const auto* field = parsed.at("error").as_object().if_contains("field");
  return field ? std::string(field->as_string()) : std::string();
}

}  // namespace

TEST_CASE("a retried command applies once and answers the same, another body under its key is a 409",
          "[api][idempotency]") {
  ApiWorld w;
  const std::string admin = w.token(Role::admin);
  const std::string body = R"({"name": "rosa", "roles": ["finance"]})";
  const auto first = w.call(http::verb::post, "/api/v1/users", admin, body, "add-rosa");
  REQUIRE(first.status == 201);
  const std::uint64_t records = w.log_records();
  const auto again = w.call(http::verb::post, "/api/v1/users", admin, body, "add-rosa");
  CHECK(again.status == 201);
  CHECK(boost::json::parse(again.body).at("token_id") == boost::json::parse(first.body).at("token_id"));
  // The token is shown to the first answer only: the kept answer never held it.
  CHECK(again.body.find(std::string(boost::json::parse(first.body).at("token").as_string())) == std::string::npos);
  CHECK(w.log_records() == records);
  const auto other = w.call(http::verb::post, "/api/v1/users", admin, R"({"name": "rosa2", "roles": ["finance"]})",
                            "add-rosa");
  CHECK(other.status == 409);
  CHECK(error_code(other.body) == "idempotency_key_reused");
  CHECK(w.log_records() == records);
  // Keys belong to their user: another admin's "add-rosa" is another command.
  const std::string second_admin = w.access().users->add("root2", std::array{Role::admin}, {.user = "setup"}).value().token;
  const auto theirs = w.call(http::verb::post, "/api/v1/users", second_admin, R"({"name": "rosa3", "roles": ["billing"]})",
                             "add-rosa");
  CHECK(theirs.status == 201);
}

TEST_CASE("a command without an Idempotency-Key is refused", "[api][idempotency]") {
  ApiWorld w;
  const auto res = w.call(http::verb::post, "/api/v1/users", w.token(Role::admin), R"({"name": "x", "roles": ["admin"]})");
  CHECK(res.status == 400);
  CHECK(error_code(res.body) == "idempotency_key_required");
  const auto spaced = w.call(http::verb::post, "/api/v1/users", w.token(Role::admin), "{}", "a key");
  CHECK(spaced.status == 400);
  CHECK(error_code(spaced.body) == "bad_idempotency_key");
}

TEST_CASE("every command refuses a body that is not its JSON with a 400 naming the field, publishing nothing",
          "[api][commands]") {
  ApiWorld w;
  const std::uint64_t records = w.log_records();
  int key = 0;
  for (const RouteInfo& route : w.router().routes()) {
    if (route.method == http::verb::get) continue;
    INFO(route.pattern);
    std::string target = route.pattern;
    for (std::size_t open; (open = target.find('{')) != std::string::npos;)
      target.replace(open, target.find('}', open) - open + 1, "x");
    const auto res = w.call(route.method, target, w.token(Role::admin), "[not json", "bad-" + std::to_string(++key));
    CHECK(res.status == 400);
    CHECK_FALSE(field_of(res.body).empty());
  }
  CHECK(w.log_records() == records);
}

TEST_CASE("fields: each wrong field is named", "[api][commands]") {
  ApiWorld w;
  const std::string admin = w.token(Role::admin);
  struct Case {
    std::string target, body, field;
  };
  const std::vector<Case> cases = {
      {"/api/v1/users", R"({"roles": ["admin"]})", "name"},
      {"/api/v1/users", R"({"name": "ok", "roles": ["wizard"]})", "roles"},
      {"/api/v1/users", R"({"name": "ok", "roles": "admin"})", "roles"},
      {"/api/v1/users", R"({"name": 7, "roles": ["admin"]})", "name"},
      {"/api/v1/reconcile/run", R"({"date": "2026-13-45"})", "date"},
      {"/api/v1/reconcile/run", R"({"dry_run": "yes"})", "dry_run"},
      {"/api/v1/reconcile/matches/abc/reject", R"({"why": "no"})", "id"},
      {"/api/v1/reconcile/matches/00000000000000000000000000000000/reject", R"({})", "why"},
      {"/api/v1/discrepancies/d1/resolve", R"({"reason": "because"})", "reason"},
      {"/api/v1/discrepancies/d1/resolve", R"({"reason": "bank_fee", "amount": 12.5})", "amount"},
      {"/api/v1/discrepancies/d1/resolve", R"({"reason": "bank_fee", "amount": "12.50"})", "debit"},
      {"/api/v1/discrepancies/d1/reopen", R"({})", "why"},
      {"/api/v1/files", "", "name"},
  };
  const std::uint64_t records = w.log_records();
  int key = 0;
  for (const Case& c : cases) {
    INFO(c.target << " " << c.body);
    const auto res = w.call(http::verb::post, c.target, admin, c.body, "f-" + std::to_string(++key));
    CHECK(res.status == 400);
    CHECK(field_of(res.body) == c.field);
  }
  CHECK(w.log_records() == records);
}

TEST_CASE("a command's event names the user, the token, the request and the client", "[api][audit]") {
  ApiWorld w;
  const auto res = w.call(http::verb::post, "/api/v1/users", w.token(Role::admin), R"({"name": "lee", "roles": ["cashier"]})",
                          "add-lee");
  REQUIRE(res.status == 201);
  const auto admin = w.access().users->authenticate(w.token(Role::admin));
  REQUIRE(admin.has_value());
  bool found = false;
  for (const events::Envelope& e : all_events(w)) {
    if (e.type() != events::USER_CHANGED || e.user_changed().name() != "lee") continue;
    found = true;
    CHECK(e.source().user() == "user-admin");
    CHECK(e.source().token_id() == admin->token_id);
    CHECK(e.source().idempotency_key() == "add-lee");
    CHECK_FALSE(e.source().request_id().empty());
    CHECK(e.source().client_address().starts_with("127.0.0.1:"));
    CHECK(e.user_changed().change() == "added");
  }
  CHECK(found);
}

TEST_CASE("an uploaded file goes through the inbox: accepted, then a duplicate, a bad one refused",
          "[api][upload]") {
  ApiWorld w;
  const auto day = demo::make_demo_day(BusinessDate::parse_iso("2026-03-02").value()).value();
  const demo::DemoFile& bills = day.front();
  const std::string ingest = w.token(Role::ingest);
  const auto first = w.call(http::verb::post, "/api/v1/files?name=" + bills.name, ingest, bills.content, "up-1");
  REQUIRE(first.status == 200);
  const auto accepted = boost::json::parse(first.body).as_object();
  CHECK(accepted.at("outcome") == "accepted");
  CHECK(accepted.at("uploaded_by") == "user-ingest");
  CHECK(accepted.at("events").as_int64() > 0);
  const auto again = w.call(http::verb::post, "/api/v1/files?name=" + bills.name, ingest, bills.content, "up-2");
  REQUIRE(again.status == 200);
  CHECK(boost::json::parse(again.body).at("outcome") == "duplicate");
  const auto bad = w.call(http::verb::post, "/api/v1/files?name=junk.txt", ingest, "not a bank file\n", "up-3");
  CHECK(bad.status == 422);
  CHECK(boost::json::parse(bad.body).at("outcome") == "refused");
  // Who uploaded is recorded, and the file's own events name them too.
  int uploads = 0, named = 0;
  for (const events::Envelope& e : all_events(w)) {
    if (e.type() == events::FILE_UPLOADED) ++uploads;
    if (!e.source().file_sha256().empty() && e.source().user() == "user-ingest") ++named;
  }
  CHECK(uploads == 3);
  CHECK(named == accepted.at("events").as_int64());
}
