// The billing office's commands over HTTP on a real day of files: suspense, adjustments by
// two people, the policy, autopay mandates, and the audit of who did each.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>

#include "api/tests/api_world.h"
#include "core/accounts.h"
#include "core/clock.h"
#include "core/log/partitioner.h"
#include "tools/demo/demo.h"

using namespace tally;
using namespace tally::api;
using tally::api::testing::ApiWorld;
using tally::api::testing::error_code;
namespace http = boost::beast::http;

namespace {

// Ingests the demo day and posts it: bills, payments, one lockbox check in suspense.
void ingest_demo_day(ApiWorld& w) {
  const auto day = demo::make_demo_day(BusinessDate::parse_iso("2026-03-02").value()).value();
  for (const demo::DemoFile& f : day) {
    const std::string path = w.config().data_dir + "/" + f.name;
    std::ofstream(path) << f.content;
    ingest::IngestOptions options;
    options.move_files = false;
    REQUIRE(w.node().intake().ingest(path, options).ok());
  }
  w.settle();
}

boost::json::object json_of(const tally::testing::HttpResult& r) { return boost::json::parse(r.body).as_object(); }

std::int64_t balance_of(ApiWorld& w, const std::string& account) {
  const auto res = w.call(http::verb::get, "/api/v1/accounts/" + account, w.token(Role::read_only));
  REQUIRE(res.status == 200);
  return json_of(res).at("balance_minor").as_int64();
}

}  // namespace

TEST_CASE("suspense over HTTP: listed with whose money it is, applied once, a never-billed account needs confirming",
          "[api][books]") {
  ApiWorld w;
  ingest_demo_day(w);
  const auto listed = w.call(http::verb::get, "/api/v1/suspense", w.token(Role::cashier));
  REQUIRE(listed.status == 200);
  const boost::json::object listing = json_of(listed);
  const auto& payments = listing.at("payments").as_array();
  REQUIRE(payments.size() == 1);
  const auto& held = payments.at(0).as_object();
  CHECK_FALSE(held.at("payer_name").as_string().empty());
  CHECK_FALSE(held.at("business_date").as_string().empty());
  const std::string id(held.at("event_id").as_string());
  const std::int64_t amount = held.at("amount_minor").as_int64();
  const std::string billing = w.token(Role::billing);
  const std::string target = "/api/v1/suspense/" + id + "/apply";

  const auto unbilled = w.call(http::verb::post, target, billing, R"({"account": "999999"})", "s1");
  CHECK(unbilled.status == 409);
  CHECK(error_code(unbilled.body) == "ledger.needs_confirmation");
  const std::string customer = demo::demo_sample_account();
  const std::int64_t before = balance_of(w, customer);
  const auto applied = w.call(http::verb::post, target, billing, R"({"account": ")" + customer + R"("})", "s2");
  REQUIRE(applied.status == 200);
  CHECK(json_of(applied).at("by") == "user-billing");
  w.settle();
  CHECK(balance_of(w, customer) == before - amount);
  const auto again = w.call(http::verb::post, target, billing, R"({"account": ")" + customer + R"("})", "s2");
  CHECK(again.status == 200);
  w.settle();
  CHECK(balance_of(w, customer) == before - amount);
  CHECK(json_of(w.call(http::verb::get, "/api/v1/suspense", billing)).at("payments").as_array().empty());
}

TEST_CASE("suspense on a Kafka node: listed by the suspense partition's owner, applied with the customer's bills "
          "asked of theirs", "[api][books][kafka]") {
  // The world's log has 2 partitions; as a Kafka node this one serves `served`. Another node,
  // n2, serves the rest: asked for the customer, it answers with a bill.
  const PartitionId held = log::partition_for(std::string(accounts::kSuspense), 2);
  const PartitionId other(held.value() == 0 ? 1 : 0);
  const std::string customer = demo::demo_sample_account();
  std::vector<PartitionId> served{held};
  std::vector<std::string> asked;
  bool n2_up = true;
  Peers peers;
  peers.owners = [&] {
    std::map<PartitionId, PeerNode> owners;
    if (!n2_up) return owners;
    for (const PartitionId p : {held, other})
      if (std::find(served.begin(), served.end(), p) == served.end()) owners[p] = {"n2", "http://n2:8080", {p}};
    return owners;
  };
  peers.ask = [&](const PeerNode&, const std::string& target, const std::string& user) -> Result<PeerAnswer> {
    asked.push_back(target + " for " + user);
    return PeerAnswer{200, R"({"account":"customer:x","balance_minor":100,"postings":1,"entries":[)"
                           R"({"event_type":"PAYMENT_RECEIVED"},{"event_type":"BILL_ISSUED"}]})", "application/json"};
  };
  ApiWorld w(Ownership{2, [&served] { return served; }, peers});
  ingest_demo_day(w);
  const std::string billing = w.token(Role::billing);
  const auto listed = w.call(http::verb::get, "/api/v1/suspense", billing);
  REQUIRE(listed.status == 200);
  const boost::json::object listing = json_of(listed);
  REQUIRE(listing.at("payments").as_array().size() == 1);
  const auto& payment = listing.at("payments").as_array().at(0).as_object();
  const std::string id(payment.at("event_id").as_string());
  const std::int64_t amount = payment.at("amount_minor").as_int64();

  // Applied on a node that does not serve the suspense partition, with no node to ask for it
  // (n2 gone), or with a node that answers with no list of payments: refused, nothing published.
  served = {other};
  const std::uint64_t records = w.log_records();
  const std::string apply = "/api/v1/suspense/" + id + "/apply";
  const std::string body = R"({"account": ")" + customer + R"("})";
  n2_up = false;
  const auto nobody = w.call(http::verb::post, apply, billing, body, "k0");
  CHECK(nobody.status == 421);
  CHECK(error_code(nobody.body) == "not_owner");
  n2_up = true;
  const auto garbled = w.call(http::verb::post, apply, billing, body, "k00");
  CHECK(garbled.status == 503);
  CHECK(error_code(garbled.body) == "owner_unreachable");
  CHECK(w.log_records() == records);

  // The suspense partition's node applies it; the customer's bills are asked of n2, which
  // serves the customer's partition, for the person applying.
  served = {held};
  asked.clear();
  const auto applied = w.call(http::verb::post, apply, billing, body, "k1");
  REQUIRE(applied.status == 200);
  if (log::partition_for(accounts::customer(customer), 2) != held) {
    REQUIRE(asked.size() == 1);
    CHECK(asked.front() == "/api/v1/accounts/" + customer + "?limit=1000 for user-billing");
  }
  w.settle();
  CHECK(json_of(w.call(http::verb::get, "/api/v1/suspense", billing)).at("payments").as_array().empty());
  // The credit is posted on the suspense partition, where the payment is kept.
  const auto part = w.node().ledger().balance(accounts::customer(customer), {.as_of = std::nullopt, .partitions = {held}});
  REQUIRE(part.ok());
  CHECK(part->balance_minor == -amount);

  // A node that does not serve the suspense partition does not list from its stale copy.
  served = {other};
  n2_up = false;
  const auto elsewhere = w.call(http::verb::get, "/api/v1/suspense", billing);
  CHECK(elsewhere.status == 421);
  CHECK(error_code(elsewhere.body) == "not_owner");
}

TEST_CASE("an adjustment needs a second person, and posts once approved", "[api][books]") {
  ApiWorld w;
  ingest_demo_day(w);
  const std::string customer = demo::demo_sample_account();
  const std::int64_t before = balance_of(w, customer);
  const auto asked = w.call(http::verb::post, "/api/v1/adjustments", w.token(Role::billing),
                            R"({"account": ")" + customer + R"(", "amount": "-12.50", "reason": "meter misread"})", "a1");
  REQUIRE(asked.status == 202);
  const std::string request(json_of(asked).at("request_id").as_string());
  w.settle();
  CHECK(balance_of(w, customer) == before);
  const auto pending = w.call(http::verb::get, "/api/v1/adjustments", w.token(Role::supervisor));
  REQUIRE(json_of(pending).at("pending").as_array().size() == 1);

  // The requester holds adjust_approve too (an admin): still refused, a second person must approve.
  const std::string both = w.access().users->add("both", std::array{Role::admin}, {.user = "setup"}).value().token;
  const auto self = w.call(http::verb::post, "/api/v1/adjustments", both,
                           R"({"account": ")" + customer + R"(", "amount": "5.00", "reason": "late fee"})", "a2");
  REQUIRE(self.status == 202);
  w.settle();
  const auto own = w.call(http::verb::post, "/api/v1/adjustments/" + std::string(json_of(self).at("request_id").as_string()) + "/approve",
                          both, "{}", "a3");
  CHECK(own.status == 400);

  const auto approved = w.call(http::verb::post, "/api/v1/adjustments/" + request + "/approve", w.token(Role::finance), "{}", "a4");
  REQUIRE(approved.status == 200);
  CHECK(json_of(approved).at("approved_by") == "user-finance");
  w.settle();
  CHECK(balance_of(w, customer) == before - 1250);
}

TEST_CASE("policy: an admin sets the NSF fee, everyone reads it, bad values are named", "[api][books]") {
  ApiWorld w;
  const std::string body =
      R"({"nsf_fee": "30.00", "nsf_return_codes": ["R01", "R09"], "autopay_removal_returns": 2, "autopay_removal_months": 6})";
  REQUIRE(w.call(http::verb::post, "/api/v1/policy", w.token(Role::admin), body, "p1").status == 200);
  w.settle();
  const auto read = json_of(w.call(http::verb::get, "/api/v1/policy", w.token(Role::cashier)));
  CHECK(read.at("nsf_fee_minor").as_int64() == 3000);
  CHECK(read.at("autopay_removal_returns").as_int64() == 2);
  const auto bad = w.call(http::verb::post, "/api/v1/policy", w.token(Role::admin),
                          R"({"nsf_fee": "30.00", "nsf_return_codes": ["R01"], "autopay_removal_returns": 2, "autopay_removal_months": 999})",
                          "p2");
  CHECK(bad.status == 400);
}

TEST_CASE("autopay: enrol shows only the last four, remove needs a reason, a bad routing number is named",
          "[api][books]") {
  ApiWorld w;
  const std::string billing = w.token(Role::billing);
  const auto enrolled = w.call(http::verb::post, "/api/v1/autopay/100002/enrol", billing,
                               R"({"routing_number": "121042882", "account_number": "000123456789", "holder_name": "ANA DIAZ"})",
                               "e1");
  REQUIRE(enrolled.status == 200);
  CHECK(json_of(enrolled).at("bank_account") == "****6789");
  CHECK(enrolled.body.find("123456789") == std::string::npos);
  const auto bad = w.call(http::verb::post, "/api/v1/autopay/100002/enrol", billing,
                          R"({"routing_number": "121042883", "account_number": "000123456789", "holder_name": "ANA DIAZ"})", "e2");
  CHECK(bad.status == 400);
  CHECK(bad.body.find("routing") != std::string::npos);
  CHECK(w.call(http::verb::post, "/api/v1/autopay/100002/remove", billing, "{}", "e3").status == 400);
  CHECK(w.call(http::verb::post, "/api/v1/autopay/100002/remove", billing, R"({"reason": "customer asked"})", "e4").status == 200);
}

TEST_CASE("audit: every command by who, from where, filtered by user and time", "[api][audit]") {
  ApiWorld w;
  const std::int64_t start = now_us();
  REQUIRE(w.call(http::verb::post, "/api/v1/users", w.token(Role::admin), R"({"name": "kim", "roles": ["cashier"]})", "u1").status == 201);
  REQUIRE(w.call(http::verb::post, "/api/v1/autopay/100002/remove", w.token(Role::billing), R"({"reason": "asked"})", "u2").status == 200);
  w.settle();
  const std::string finance = w.token(Role::finance);
  const auto all = json_of(w.call(http::verb::get, "/api/v1/audit?from=" + std::to_string(start), finance));
  const auto& commands = all.at("commands").as_array();
  REQUIRE(commands.size() == 2);
  std::set<std::string> users;
  for (const auto& c : commands) {
    users.insert(std::string(c.at("user").as_string()));
    CHECK(c.at("client_address").as_string().starts_with("127.0.0.1:"));
    CHECK_FALSE(c.at("request_id").as_string().empty());
    CHECK_FALSE(c.at("token_id").as_string().empty());
  }
  CHECK(users == std::set<std::string>{"user-admin", "user-billing"});
  const auto billing_only = json_of(w.call(http::verb::get, "/api/v1/audit?user=user-billing", finance));
  REQUIRE(billing_only.at("commands").as_array().size() == 1);
  CHECK(billing_only.at("commands").as_array()[0].at("event_type") == "AUTOPAY_REMOVED");
  const auto none = json_of(w.call(http::verb::get, "/api/v1/audit?to=" + std::to_string(start), finance));
  for (const auto& c : none.at("commands").as_array()) CHECK(c.at("user") == "setup");
  CHECK(w.call(http::verb::get, "/api/v1/audit?from=yesterday", finance).status == 400);
}
