// The counter's HTTP surface (api/counter_routes.h): a drawer opened, paid into with each
// tender, its receipt printed, a void asked and approved by a second person, the close with its
// deposit slip; who may do what; what a cashier is not shown while counting blind; and that a
// card number typed anywhere never comes back.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "api/tests/api_world.h"

using namespace tally;
using namespace tally::api;
using tally::api::testing::ApiWorld;
using tally::api::testing::error_code;

namespace {

namespace http = boost::beast::http;
using tally::testing::HttpResult;

constexpr std::string_view kCardNumber = "4242424242424242";  // Luhn-valid, 16 digits

// The float every test opens with: 5 x $20, 4 x $5, 40 x 25c = $130.00.
const boost::json::object kFloat{{"2000", 5}, {"500", 4}, {"25", 40}};

class Desk {
 public:
  explicit Desk(ApiWorld& w) : w_(w) {}

  HttpResult post(Role role, const std::string& target, const boost::json::value& body) {
    return w_.call(http::verb::post, target, w_.token(role), boost::json::serialize(body),
                   "key-" + std::to_string(++keys_));
  }
  HttpResult get(Role role, const std::string& target) {
    return w_.call(http::verb::get, target, w_.token(role));
  }

  // A drawer opened by the cashier: its session id.
  std::string open(const std::string& drawer) {
    const auto opened = post(Role::cashier, "/api/v1/counter/drawers/" + drawer + "/open",
                             boost::json::object{{"float", kFloat}, {"declared_total", "130.00"}});
    REQUIRE(opened.status == 201);
    return std::string(boost::json::parse(opened.body).at("id").as_string());
  }

  HttpResult pay(const std::string& session, const boost::json::object& body,
                 Role role = Role::cashier) {
    return post(role, "/api/v1/counter/sessions/" + session + "/payments", body);
  }

 private:
  ApiWorld& w_;
  int keys_ = 0;
};

boost::json::object cash_payment(std::string amount, std::string handed_over,
                                 std::string payer = "") {
  return {{"account", "100017"},
          {"amount", amount},
          {"payer_name", payer},
          {"tenders", boost::json::array{{{"type", "cash"}, {"amount", handed_over}}}}};
}

boost::json::object check_payment() {
  return {{"account", "100018"},
          {"amount", "20.00"},
          {"language", "es"},
          {"tenders", boost::json::array{{{"type", "check"},
                                          {"amount", "20.00"},
                                          {"number", "1234"},
                                          {"routing_number", "021000021"},
                                          {"account_number", "123456789"}}}}};
}

boost::json::object card_payment(std::string last4) {
  return {{"account", "100019"},
          {"amount", "35.50"},
          {"tenders", boost::json::array{{{"type", "card"},
                                          {"amount", "35.50"},
                                          {"card_last4", std::move(last4)},
                                          {"auth_code", "AUTH12"},
                                          {"card_brand", "VISA"}}}}};
}

boost::json::object json_of(const HttpResult& r) {
  return boost::json::parse(r.body).as_object();
}

}  // namespace

TEST_CASE("counter: open then pay by cash with change then by check and card and print the receipt",
          "[api][counter]") {
  ApiWorld w;
  Desk desk(w);
  const std::string session = desk.open("D1");
  const auto drawer = json_of(desk.get(Role::read_only, "/api/v1/counter/drawers/D1"));
  CHECK(drawer.at("open_session").as_string() == session);

  const auto cash = desk.pay(session, cash_payment("50.00", "60.00", "<script>alert(1)</script>"));
  REQUIRE(cash.status == 201);
  const auto paid = json_of(cash);
  CHECK(paid.at("receipt_number").as_int64() == 1);
  CHECK(paid.at("change") == "10.00");
  CHECK(paid.at("receipt").at("amount") == "50.00");
  const std::string html_link(paid.at("links").at("html").as_string());

  const auto check = desk.pay(session, check_payment());
  REQUIRE(check.status == 201);
  const auto check_receipt = json_of(check).at("receipt").as_object();
  CHECK(check_receipt.at("number").as_int64() == 2);
  const auto& check_tender = check_receipt.at("tenders").at(0).as_object();
  CHECK(check_tender.at("account_last4") == "6789");
  CHECK(check.body.find("123456789") == std::string::npos);  // the account number is kept masked

  const auto card = desk.pay(session, card_payment("4242"));
  REQUIRE(card.status == 201);
  CHECK(json_of(card).at("receipt").at("tenders").at(0).at("card_last4") == "4242");

  const auto page = desk.get(Role::cashier, html_link);
  REQUIRE(page.status == 200);
  CHECK(page.content_type.starts_with("text/html"));
  CHECK(page.body.find("50.00") != std::string::npos);
  CHECK(page.body.find("<script>") == std::string::npos);
  CHECK(page.body.find("&lt;script&gt;") != std::string::npos);
  const auto text = desk.get(Role::cashier, std::string(paid.at("links").at("text").as_string()));
  REQUIRE(text.status == 200);
  CHECK(text.content_type.starts_with("text/plain"));
  CHECK(text.body.find("50.00") != std::string::npos);
  CHECK(desk.get(Role::cashier, "/api/v1/counter/sessions/" + session + "/receipts/9").status ==
        404);
}

TEST_CASE("counter: a void is asked by the cashier and approved only by a supervisor",
          "[api][counter]") {
  ApiWorld w;
  Desk desk(w);
  const std::string session = desk.open("D1");
  REQUIRE(desk.pay(session, cash_payment("50.00", "50.00")).status == 201);
  const std::string receipt = "/api/v1/counter/sessions/" + session + "/receipts/1";

  const auto asked = desk.post(Role::cashier, receipt + "/void-request",
                               boost::json::object{{"reason", "wrong account"}});
  REQUIRE(asked.status == 200);
  CHECK(json_of(asked).at("void").at("state") == "requested");

  const auto by_cashier =
      desk.post(Role::cashier, receipt + "/void", boost::json::object{{"reason", "ok"}});
  CHECK(by_cashier.status == 403);

  const auto approved =
      desk.post(Role::supervisor, receipt + "/void", boost::json::object{{"reason", "checked"}});
  REQUIRE(approved.status == 200);
  const auto v = json_of(approved);
  CHECK(v.at("void").at("state") == "approved");
  CHECK(v.at("void").at("approved_by") == "user-supervisor");
  CHECK(v.at("receipt").at("voided").as_bool());
  const auto paper = desk.get(Role::cashier, std::string(v.at("links").at("html").as_string()));
  REQUIRE(paper.status == 200);
  CHECK(paper.content_type.starts_with("text/html"));
}

TEST_CASE("counter: a close within the limit answers closed with its deposit slip",
          "[api][counter]") {
  ApiWorld w;
  Desk desk(w);
  const std::string session = desk.open("D1");
  REQUIRE(desk.pay(session, cash_payment("50.00", "60.00")).status == 201);
  REQUIRE(desk.pay(session, check_payment()).status == 201);
  // $130.00 float + $50.00 cash taken: 7 x $20, 6 x $5, 40 x 25c.
  const boost::json::object count{
      {"cash", {{"2000", 7}, {"500", 6}, {"25", 40}}},
      {"declared_total", "180.00"},
      {"items", boost::json::array{{{"number", "1234"}, {"amount", "20.00"}}}}};
  const auto closed =
      desk.post(Role::cashier, "/api/v1/counter/sessions/" + session + "/close", count);
  REQUIRE(closed.status == 200);
  const auto c = json_of(closed);
  CHECK(c.at("status") == "closed");
  CHECK(c.at("count").at("counted") == "180.00");
  CHECK(c.at("count").at("expected") == "180.00");
  CHECK(c.at("count").at("over_short") == "0.00");
  CHECK(c.at("slip").at("total") == "70.00");  // $50.00 cash over the float and the $20.00 check
  const std::string reference(c.at("slip").at("reference").as_string());

  const auto slip =
      json_of(desk.get(Role::finance, "/api/v1/counter/sessions/" + session + "/deposit-slip"));
  CHECK(slip.at("reference").as_string() == reference);
  CHECK(slip.at("total") == "70.00");
  CHECK(slip.at("bank_status") == "in transit");
  const auto page =
      desk.get(Role::finance, "/api/v1/counter/sessions/" + session + "/deposit-slip?format=text");
  REQUIRE(page.status == 200);
  CHECK(page.body.find("70.00") != std::string::npos);
  CHECK(desk.pay(session, cash_payment("5.00", "5.00")).status == 409);  // closed
}

TEST_CASE("counter: a second open of the same drawer is a conflict", "[api][counter]") {
  ApiWorld w;
  Desk desk(w);
  desk.open("D1");
  const auto again = desk.post(Role::supervisor, "/api/v1/counter/drawers/D1/open",
                               boost::json::object{{"float", kFloat}});
  CHECK(again.status == 409);
  CHECK(error_code(again.body) == "counter.invalid_state");
  CHECK(desk.post(Role::read_only, "/api/v1/counter/drawers/D2/open",
                  boost::json::object{{"float", kFloat}})
            .status == 403);
  const auto bad = desk.post(Role::cashier, "/api/v1/counter/drawers/D2/open",
                             boost::json::object{{"float", "130"}});
  CHECK(bad.status == 400);
  CHECK(error_code(bad.body) == "bad_field");
}

TEST_CASE("counter: a whole card number typed into any field is refused and never echoed",
          "[api][counter]") {
  ApiWorld w;
  Desk desk(w);
  const std::string session = desk.open("D1");
  const std::uint64_t records = w.log_records();
  const std::string spaced = "4242 4242 4242 4242";
  const auto never_echoed = [&](const HttpResult& r) {
    INFO(r.body);
    CHECK(r.status == 400);
    CHECK(r.body.find(kCardNumber) == std::string::npos);
    CHECK(r.body.find(spaced) == std::string::npos);
  };

  const auto in_last4 = desk.pay(session, card_payment(std::string(kCardNumber)));
  never_echoed(in_last4);
  CHECK(error_code(in_last4.body) == "counter.card_number");
  const auto in_name = desk.pay(session, cash_payment("5.00", "5.00", "Ada " + spaced));
  never_echoed(in_name);
  CHECK(error_code(in_name.body) == "counter.card_number");
  never_echoed(desk.pay(session, cash_payment("5.00", std::string(kCardNumber) + ".001")));
  never_echoed(desk.post(
      Role::cashier, "/api/v1/counter/sessions/" + session + "/cash",
      boost::json::object{
          {"kind", "paid_in"}, {"amount", "1.00"}, {"reason", std::string(kCardNumber)}}));
  // A session "named" by a card number: the not-found message does not quote it either.
  const auto in_path = desk.pay(std::string(kCardNumber), cash_payment("5.00", "5.00"));
  CHECK(in_path.status == 404);
  CHECK(in_path.body.find(kCardNumber) == std::string::npos);
  CHECK(w.log_records() == records);  // nothing refused was published
}

TEST_CASE("counter: a cashier is not shown the expected cash of an open drawer but a supervisor is",
          "[api][counter]") {
  ApiWorld w;
  Desk desk(w);
  const std::string session = desk.open("D1");
  REQUIRE(desk.pay(session, cash_payment("50.00", "50.00")).status == 201);
  const std::string target = "/api/v1/counter/sessions/" + session;

  const auto blind = json_of(desk.get(Role::cashier, target));
  CHECK(blind.at("status") == "open");
  CHECK(blind.at("receipts").as_array().size() == 1);
  CHECK_FALSE(blind.contains("expected_cash"));
  const auto listed = json_of(desk.get(Role::cashier, "/api/v1/counter/sessions"));
  REQUIRE(listed.at("sessions").as_array().size() == 1);
  CHECK_FALSE(listed.at("sessions").at(0).as_object().contains("expected_cash"));

  CHECK(desk.get(Role::cashier, target + "/deposit-slip").status ==
        409);  // no slip before the close

  const auto seen = json_of(desk.get(Role::supervisor, target));
  CHECK(seen.at("expected_cash") == "180.00");
}

TEST_CASE("counter: the cash report CSV lists the day's sessions and open ones only to supervisors", "[api][counter]") {
  ApiWorld w;
  Desk desk(w);
  const std::string session = desk.open("D1");
  REQUIRE(desk.pay(session, cash_payment("50.00", "50.00")).status == 201);
  // Counted blind: a drawer still open is in the report only for those who supervise it.
  CHECK(json_of(desk.get(Role::finance, "/api/v1/counter/report")).at("rows").as_array().empty());
  CHECK(json_of(desk.get(Role::supervisor, "/api/v1/counter/report")).at("rows").as_array().size() == 1);
  const auto csv = desk.get(Role::supervisor, "/api/v1/counter/report?format=csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.content_type.starts_with("text/csv"));
  CHECK(csv.body.find(session) != std::string::npos);
  CHECK(csv.body.find("user-cashier") != std::string::npos);
  CHECK(desk.get(Role::finance, "/api/v1/counter/report?format=pdf").status == 400);
}

TEST_CASE("counter: a payment repeated with its Idempotency-Key is taken once", "[api][counter]") {
  ApiWorld w;
  Desk desk(w);
  const std::string session = desk.open("D1");
  const std::string body = boost::json::serialize(cash_payment("50.00", "50.00"));
  const std::string target = "/api/v1/counter/sessions/" + session + "/payments";
  const auto first = w.call(http::verb::post, target, w.token(Role::cashier), body, "pay-once");
  const auto again = w.call(http::verb::post, target, w.token(Role::cashier), body, "pay-once");
  REQUIRE(first.status == 201);
  CHECK(again.status == 201);
  CHECK(again.body == first.body);
  const auto s = json_of(desk.get(Role::cashier, "/api/v1/counter/sessions/" + session));
  CHECK(s.at("receipts").as_array().size() == 1);
  CHECK(w.call(http::verb::post, target, w.token(Role::cashier), body).status == 400);  // no key
}

namespace {

// A BAI2 statement of one day with one credit: the drawer's deposit as the bank books it.
std::string bank_statement(BusinessDate day, std::int64_t amount_minor, const std::string& slip) {
  const std::string date = fmt::format("{:02}{:02}{:02}", day.year() % 100, day.month(), day.day());
  const std::int64_t opening = 100'000, closing = opening + amount_minor;
  const std::int64_t total = opening + closing + amount_minor;
  return fmt::format(
      "01,121042882,MILLBROOK,{0},0600,1,80,1,2/\n"
      "02,MILLBROOK,121042882,1,{0},2400,USD,2/\n"
      "03,123456789,USD,010,{1},,,015,{2},,/\n"
      "16,301,{3},0,BANKREF01,{4},COUNTER DEPOSIT/\n"
      "49,{5},3/\n"
      "98,{5},1,5/\n"
      "99,{5},1,7/\n",
      date, opening, closing, amount_minor, slip, total);
}

}  // namespace

TEST_CASE("counter: the report gives a deposit's bank status once the bank's line is matched",
          "[api][counter]") {
  ApiWorld w;
  Desk desk(w);
  const std::string session = desk.open("D1");
  REQUIRE(desk.pay(session, cash_payment("50.00", "50.00")).status == 201);
  const auto closed =
      desk.post(Role::cashier, "/api/v1/counter/sessions/" + session + "/close",
                boost::json::object{{"cash", {{"2000", 7}, {"500", 6}, {"25", 40}}}});
  REQUIRE(closed.status == 200);
  const std::string slip(json_of(closed).at("slip").at("reference").as_string());
  const auto status_in_report = [&] {
    const auto report = json_of(desk.get(Role::finance, "/api/v1/counter/report"));
    return std::string(report.at("rows").at(0).at("bank_status").as_string());
  };
  CHECK(status_in_report() == "in transit");

  const BusinessDate today = w.node().counter().settings().today();
  const auto up = w.call(http::verb::post, "/api/v1/files?name=statement.bai",
                         w.token(Role::ingest), bank_statement(today, 5'000, slip), "statement");
  REQUIRE(up.status == 200);
  w.settle();
  const auto run = desk.post(Role::finance, "/api/v1/reconcile/run",
                             boost::json::object{{"date", today.to_iso()}});
  REQUIRE(run.status == 200);
  CHECK(status_in_report() == "matched");
}
