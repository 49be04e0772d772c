// The routes over a real ledger, and the edges of the server: every answer is JSON with a
// stable code, bad input is a 400 naming the range, and the limits answer (414, 431, 503)
// rather than drop the connection.
#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "api/account_peers.h"
#include "api/accounts.h"
#include "api/peer_tokens.h"
#include "api/discrepancies.h"
#include "api/error_mapping.h"
#include "api/health.h"
#include "api/http_server.h"
#include "api/reconcile_routes.h"
#include "core/accounts.h"
#include "core/errors.h"
#include "core/log/embedded_log.h"
#include "core/log/partitioner.h"
#include "core/utf8.h"
#include "ingest/errors.h"
#include "ledger/errors.h"
#include "ledger/tests/test_support.h"
#include "reconcile/reconciler.h"
#include "tests/support/http_client.h"

using namespace tally;
using namespace tally::api;
using tally::testing::HttpResult;
using tally::testing::http_request;

namespace {

struct Books {
  ledger::testing::TempDir dir;
  std::unique_ptr<ledger::Ledger> ledger = ledger::testing::open_ledger(dir.path());
  // Every entry on `partition`: a Kafka node's tests put them where customer 1001 is kept.
  explicit Books(PartitionId partition = PartitionId(0)) {
    ledger::testing::PartitionWriter w(partition);
    events::Envelope refused = ledger::testing::payment("bad", "1001", 0, "T0");  // zero: refused
    ledger::testing::apply_ok(*ledger, w.records({ledger::testing::payment("p1", "1001", 1250, "T1"),
                                                  ledger::testing::payment("p2", "1001", 750, "T2"),
                                                  refused}));
  }
};

// A reconciler beside the books, on an empty log of its own.
struct Reconciling {
  ledger::testing::TempDir dir;
  bool made = std::filesystem::create_directories(dir.path() + "/log");
  std::unique_ptr<log::EmbeddedLog> log = log::EmbeddedLog::open({dir.path() + "/log", 2, true}).value();
  std::unique_ptr<reconcile::Reconciler> reconciler =
      reconcile::Reconciler::open(dir.path() + "/reconcile", *log).value();
};

// Lets one token in, as a reader.
struct OneReader final : Authenticator {
  std::optional<Identity> authenticate(std::string_view token) const override {
    if (token != kToken) return std::nullopt;
    return Identity{"reader", "0123456789abcdef", role_bits(std::array{Role::read_only})};
  }
  static constexpr std::string_view kToken = "reader-token";
};

HttpResult http_get(std::uint16_t port, const std::string& target) {
  return tally::testing::http_get(port, target, std::string(OneReader::kToken));
}

// The accounts, discrepancies and reconcile routes of a Books, served on a free port.
struct Served {
  OneReader reader;
  Books books;
  Reconciling reconciling;
  Router router;
  HttpServer server{router};
  Served() {
    router.guard(&reader, nullptr, nullptr);
    add_account_routes(router, *books.ledger, nullptr);
    add_discrepancy_routes(router, *books.ledger, *reconciling.reconciler);
    add_reconcile_routes(router, *books.ledger, *reconciling.reconciler);
    REQUIRE(server.start("127.0.0.1", 0).ok());
  }
  std::uint16_t port() const { return server.port(); }
};

std::string code_of(const std::string& body) {
  return std::string(boost::json::parse(body).at("error").at("code").as_string());
}

}  // namespace

TEST_CASE("accounts: balance and entries over HTTP from a real ledger", "[api][routes]") {
  Served served;
  const auto ok = http_get(served.port(), "/api/v1/accounts/1001?limit=1");
  REQUIRE(ok.status == 200);
  const auto body = boost::json::parse(ok.body).as_object();
  CHECK(body.at("balance_minor").as_int64() == -2000);
  CHECK(body.at("entries").as_array().size() == 1);
  const auto missing = http_get(served.port(), "/api/v1/accounts/9999");
  CHECK(missing.status == 404);
  CHECK(code_of(missing.body) == "no_such_account");
}

TEST_CASE("accounts: a node answers only from the partitions it owns", "[api][routes][kafka]") {
  // On Kafka a node owns some of the topic's partitions; the books of others may be on its disk
  // but stale. Here the topic has 4 partitions and every test entry sits on customer 1001's.
  constexpr std::uint32_t kPartitions = 4;
  const PartitionId home = log::partition_for("customer:1001", kPartitions);
  std::string stranger;  // a customer kept on another partition
  for (int n = 2000; stranger.empty(); ++n)
    if (log::partition_for("customer:" + std::to_string(n), kPartitions) != home) stranger = std::to_string(n);
  const std::string clearing = "clearing:ach";

  OneReader reader;
  Books books(home);
  std::vector<PartitionId> owned{home};
  Router router;
  router.guard(&reader, nullptr, nullptr);
  add_account_routes(router, *books.ledger, nullptr, Permission::read, nullptr,
                     Ownership{kPartitions, [&owned] { return owned; }, {}});
  HttpServer server{router};
  REQUIRE(server.start("127.0.0.1", 0).ok());

  // The customer's owner answers it, whole when it also serves the suspense account's
  // partition (which holds what was applied from suspense); else saying that part is missing.
  const PartitionId held = log::partition_for(std::string(accounts::kSuspense), kPartitions);
  owned = {std::min(home, held), std::max(home, held)};
  const auto mine = http_get(server.port(), "/api/v1/accounts/1001");
  REQUIRE(mine.status == 200);
  CHECK(boost::json::parse(mine.body).at("balance_minor").as_int64() == -2000);
  CHECK(boost::json::parse(mine.body).at("partitions_missing").as_array().empty());
  if (held != home) {
    owned = {home};
    const auto part = boost::json::parse(http_get(server.port(), "/api/v1/accounts/1001").body).as_object();
    CHECK(part.at("balance_minor").as_int64() == -2000);
    CHECK(boost::json::serialize(part.at("partitions_missing")) == fmt::format("[{}]", held.value()));
  }
  owned = {home};
  // Another partition's customer: not answered, and not mistaken for an unknown account.
  const auto theirs = http_get(server.port(), "/api/v1/accounts/" + stranger);
  CHECK(theirs.status == 421);
  CHECK(code_of(theirs.body) == "not_owner");
  // When the group moves 1001's partition away, its stale books here are not served either.
  const PartitionId other((home.value() + 1) % kPartitions);
  owned = {other};
  CHECK(http_get(server.port(), "/api/v1/accounts/1001").status == 421);
  CHECK(http_get(server.port(), "/api/v1/accounts/1001?as_of=2030-01-01").status == 421);
  // Nor listed, nor found by a search: every test entry is on 1001's partition.
  owned = {other};
  const auto list = boost::json::parse(http_get(server.port(), "/api/v1/accounts").body).as_object();
  CHECK(list.at("accounts").as_array().empty());
  CHECK(boost::json::serialize(list.at("partitions")) == boost::json::serialize(boost::json::array{owned[0].value()}));
  const auto found = boost::json::parse(http_get(server.port(), "/api/v1/search?customer=10").body).as_object();
  CHECK(found.at("accounts").as_array().empty());

  // An account that spans partitions is summed over the owned ones, naming the rest.
  owned = {home};
  CHECK(boost::json::parse(http_get(server.port(), "/api/v1/accounts").body).at("accounts").as_array().size() >= 2);
  const auto whole_part = http_get(server.port(), "/api/v1/accounts/" + clearing);
  REQUIRE(whole_part.status == 200);
  const auto part = boost::json::parse(whole_part.body).as_object();
  CHECK(part.at("balance_minor").as_int64() == 2000);
  CHECK(boost::json::serialize(part.at("partitions")) == fmt::format("[{}]", home.value()));
  CHECK(part.at("partitions_missing").as_array().size() == kPartitions - 1);
  owned = {other};
  const auto none_here = http_get(server.port(), "/api/v1/accounts/" + clearing + "?as_of=2030-01-01");
  REQUIRE(none_here.status == 200);  // a partial zero, not "never posted"
  const auto zero = boost::json::parse(none_here.body).as_object();
  CHECK(zero.at("balance_minor").as_int64() == 0);
  CHECK(zero.at("partitions_missing").as_array().size() == kPartitions - 1);
}

TEST_CASE("accounts: a node asks the other owners, and never passes a peer's request on", "[api][routes][kafka]") {
  constexpr std::uint32_t kPartitions = 4;
  const PartitionId home = log::partition_for("customer:1001", kPartitions);
  const PartitionId held = log::partition_for(std::string(accounts::kSuspense), kPartitions);
  std::string stranger;
  for (int n = 2000; stranger.empty(); ++n)
    if (log::partition_for("customer:" + std::to_string(n), kPartitions) != home) stranger = std::to_string(n);
  const PartitionId theirs = log::partition_for("customer:" + stranger, kPartitions);

  // Every partition but 0 is another node's, which answers 777 for the customer and its part
  // (300, one posting) of clearing:ach.
  std::vector<std::string> asked;
  Peers peers;
  peers.owners = [] {
    std::map<PartitionId, PeerNode> owners;
    const PeerNode other{"n2", "http://n2:8080", {PartitionId(1), PartitionId(2), PartitionId(3)}};
    for (std::uint32_t p = 1; p < kPartitions; ++p) owners[PartitionId(p)] = other;
    return owners;
  };
  peers.ask = [&](const PeerNode&, const std::string& target, const std::string& user) -> Result<PeerAnswer> {
    asked.push_back(target + " for " + user);
    if (target.find("clearing") != std::string::npos)
      return PeerAnswer{200, R"({"account":"clearing:ach","currency":"USD","balance_minor":300,"postings":1,)"
                             R"("partitions":[1,2,3],"partitions_missing":[0],"entries":[]})", "application/json"};
    // n2 serves the customer's own partition but not the suspense account's.
    return PeerAnswer{200, fmt::format(R"({{"account":"customer:x","currency":"USD","balance_minor":777,"postings":2,)"
                                       R"("partitions":[{}],"partitions_missing":[{}],"entries":[]}})",
                                       home.value(), held.value()),
                      "application/json"};
  };
  OneReader reader;
  const PeerTokens tokens("cluster key", "n2");
  const PeerAwareAuthenticator both(reader, tokens);
  Books books;
  std::vector<PartitionId> owned{PartitionId(0)};
  Router router;
  router.guard(&both, nullptr, nullptr);
  add_account_routes(router, *books.ledger, nullptr, Permission::read, nullptr,
                     Ownership{kPartitions, [&owned] { return owned; }, peers});
  HttpServer server{router};
  REQUIRE(server.start("127.0.0.1", 0).ok());

  if (home != PartitionId(0)) {
    const auto passed = tally::testing::http_exchange(server.port(), http::verb::get, "/api/v1/accounts/1001",
                                                      "", {{"Authorization", "Bearer reader-token"}});
    CHECK(passed.result_int() == 200);
    CHECK(passed["X-Tally-Answered-By"] == "n2");
    CHECK(boost::json::parse(passed.body()).at("balance_minor").as_int64() == 777);
  }
  if (theirs != PartitionId(0)) {
    const auto passed = http_get(server.port(), "/api/v1/accounts/" + stranger);
    CHECK(passed.status == 200);
    CHECK(boost::json::parse(passed.body).at("balance_minor").as_int64() == 777);
  }
  REQUIRE_FALSE(asked.empty());
  CHECK(asked.back().ends_with(" for reader"));

  // Serving the suspense account's partition, this node adds its part of the customer (none
  // here) to the answer passed on from the customer's node: whole, with one question asked.
  if (home != held) {
    owned = {held};
    asked.clear();
    const auto whole = http_get(server.port(), "/api/v1/accounts/1001");
    REQUIRE(whole.status == 200);
    const auto body = boost::json::parse(whole.body).as_object();
    INFO(whole.body);
    CHECK(body.at("balance_minor").as_int64() == 777);
    CHECK(body.at("partitions_missing").as_array().empty());
    CHECK(body.at("partitions").as_array().size() == 2);
    CHECK(asked.size() == 1);
    owned = {PartitionId(0)};
  }

  // clearing:ach: partition 0 here (2000), the rest from n2 (300).
  const auto whole = http_get(server.port(), "/api/v1/accounts/clearing:ach");
  REQUIRE(whole.status == 200);
  const auto body = boost::json::parse(whole.body).as_object();
  INFO(whole.body);
  CHECK(body.at("balance_minor").as_int64() == 2300);
  CHECK(boost::json::serialize(body.at("partitions")) == "[0,1,2,3]");
  CHECK(body.at("partitions_missing").as_array().empty());
  CHECK(boost::json::serialize(body.at("answered_by")) == R"(["n2"])");

  // A request that came from a peer is answered here only: another partition's customer is a
  // 421, a spanning account this node's part, and nobody is asked.
  asked.clear();
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string peer_token = tokens.make("reader", now);
  const std::string other = home != PartitionId(0) ? "1001" : stranger;
  CHECK(tally::testing::http_get(server.port(), "/api/v1/accounts/" + other, peer_token).status == 421);
  const auto part = tally::testing::http_get(server.port(), "/api/v1/accounts/clearing:ach", peer_token);
  REQUIRE(part.status == 200);
  CHECK(boost::json::parse(part.body).at("balance_minor").as_int64() == 2000);
  CHECK(asked.empty());
}

TEST_CASE("accounts: every bad limit is a 400 naming one range", "[api][routes]") {
  Served served;
  std::set<std::string> messages;
  for (const char* limit : {"0", "abc", "1001", "-1", "5x"}) {
    INFO(limit);
    const auto res = http_get(served.port(), std::string("/api/v1/accounts/1001?limit=") + limit);
    CHECK(res.status == 400);
    CHECK(code_of(res.body) == "bad_limit");
    messages.insert(std::string(boost::json::parse(res.body).at("error").at("message").as_string()));
  }
  CHECK(messages.size() == 1);
}

TEST_CASE("accounts: an over-long id or a NUL in it is a 400", "[api][routes]") {
  Served served;
  for (const std::string& id : {std::string(300, '1'), std::string("10%0001"), std::string("10%0A01")}) {
    const auto res = http_get(served.port(), "/api/v1/accounts/" + id);
    CHECK(res.status == 400);
    CHECK(code_of(res.body) == "bad_id");
  }
}

TEST_CASE("answers are valid UTF-8 JSON even when they quote bytes that are not", "[api][routes]") {
  Served served;
  const auto res = http_get(served.port(), "/api/v1/accounts/10%FF01");
  CHECK(res.status == 404);
  CHECK(is_valid_utf8(res.body));
  CHECK_NOTHROW(boost::json::parse(res.body));
}

TEST_CASE("discrepancies: the ledger's refusals over HTTP", "[api][routes]") {
  Served served;
  const auto res = http_get(served.port(), "/api/v1/discrepancies");
  REQUIRE(res.status == 200);
  const auto items = boost::json::parse(res.body).at("discrepancies").as_array();
  REQUIRE(items.size() == 1);
  CHECK(items.at(0).at("kind").as_string() == "refused");
  CHECK(items.at(0).at("origin").as_string() == "ledger");
  CHECK(items.at(0).at("status").as_string() == "open");
  CHECK(items.at(0).at("code").as_string() == "zero_amount");
  CHECK(http_get(served.port(), "/api/v1/discrepancies?limit=0").status == 400);
  CHECK(http_get(served.port(), "/api/v1/discrepancies?status=closed").status == 400);
  const auto resolved = http_get(served.port(), "/api/v1/discrepancies?status=resolved");
  REQUIRE(resolved.status == 200);
  CHECK(boost::json::parse(resolved.body).at("discrepancies").as_array().empty());
}

TEST_CASE("discrepancies: on Kafka a node lists the ledger's items of its partitions and asks the other owners",
          "[api][routes][kafka]") {
  constexpr std::uint32_t kPartitions = 4;
  // The test's refused event is on partition 0. n2 answers for the partitions in `theirs`: a
  // refusal of its own, its reconciler's item and a dead letter (this node lists both already).
  std::string theirs = "[1,2,3]";
  int asked = 0;
  Peers peers;
  peers.owners = [] {
    std::map<PartitionId, PeerNode> owners;
    for (std::uint32_t p = 1; p < kPartitions; ++p) owners[PartitionId(p)] = {"n2", "http://n2:8080", {}};
    return owners;
  };
  peers.ask = [&](const PeerNode&, const std::string&, const std::string&) -> Result<PeerAnswer> {
    ++asked;
    return PeerAnswer{200, R"({"discrepancies":[)"
                           R"({"id":"feed","origin":"ledger","kind":"refused","partition":2},)"
                           R"({"id":"D1","origin":"reconcile","kind":"missing_in_bank"},)"
                           R"({"id":"log-1-4","origin":"ledger","kind":"dead_letter"}],"partitions":)" + theirs + "}",
                      "application/json"};
  };
  OneReader reader;
  const PeerTokens tokens("cluster key", "n2");
  const PeerAwareAuthenticator both(reader, tokens);
  Books books;
  Reconciling reconciling;
  std::vector<PartitionId> owned{PartitionId(0)};
  Router router;
  router.guard(&both, nullptr, nullptr);
  add_discrepancy_routes(router, *books.ledger, *reconciling.reconciler,
                         Ownership{kPartitions, [&owned] { return owned; }, peers});
  HttpServer server{router};
  REQUIRE(server.start("127.0.0.1", 0).ok());
  const auto ids = [](const boost::json::object& body) {
    std::vector<std::string> out;
    for (const auto& d : body.at("discrepancies").as_array()) out.emplace_back(d.at("kind").as_string());
    return out;
  };

  const auto whole = http_get(server.port(), "/api/v1/discrepancies");
  REQUIRE(whole.status == 200);
  INFO(whole.body);
  const auto body = boost::json::parse(whole.body).as_object();
  CHECK(ids(body) == std::vector<std::string>{"refused", "refused"});  // this node's, then n2's
  CHECK(boost::json::serialize(body.at("partitions")) == "[0,1,2,3]");
  CHECK(body.at("partitions_missing").as_array().empty());
  CHECK(boost::json::serialize(body.at("answered_by")) == R"(["n2"])");
  CHECK(asked == 1);

  // The books of partition 0 stay on disk after the group moves it away: not listed from here.
  owned = {PartitionId(1)};
  theirs = "[0,2,3]";
  const auto moved = boost::json::parse(http_get(server.port(), "/api/v1/discrepancies").body).as_object();
  CHECK(ids(moved) == std::vector<std::string>{"refused"});  // n2's only
  CHECK(moved.at("partitions_missing").as_array().empty());
  // A part that overlaps what this node holds is refused, and said.
  theirs = "[1,2]";
  const auto overlap = boost::json::parse(http_get(server.port(), "/api/v1/discrepancies").body).as_object();
  CHECK(ids(overlap).empty());
  CHECK(boost::json::serialize(overlap.at("partitions_missing")) == "[0,2,3]");
  CHECK(overlap.at("peer_errors").as_array().size() == 1);

  // A peer's request is answered from this node's partitions only: nobody is asked.
  asked = 0;
  owned = {PartitionId(0)};
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  const auto part = tally::testing::http_get(server.port(), "/api/v1/discrepancies", tokens.make("reader", now));
  REQUIRE(part.status == 200);
  const auto mine = boost::json::parse(part.body).as_object();
  CHECK(ids(mine) == std::vector<std::string>{"refused"});
  CHECK(boost::json::serialize(mine.at("partitions_missing")) == "[1,2,3]");
  CHECK(asked == 0);
}

TEST_CASE("reconcile: reports in JSON, CSV and HTML, bad queries are 400s", "[api][routes]") {
  Served served;
  const auto json = http_get(served.port(), "/api/v1/reconcile/reports/deposits?date=2026-11-30");
  REQUIRE(json.status == 200);
  CHECK(boost::json::parse(json.body).at("title").as_string() == "Daily deposit report, 2026-11-30");
  const auto csv = http_get(served.port(), "/api/v1/reconcile/reports/outstanding?date=2026-11-30&format=csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.body.starts_with("\"Outstanding items by age, 2026-11-30\"\r\n"));  // a comma: quoted
  const auto html = http_get(served.port(), "/api/v1/reconcile/reports/deposits?format=html&date=2026-11-30");
  REQUIRE(html.status == 200);
  CHECK(html.body.find("<h1>Daily deposit report, 2026-11-30</h1>") != std::string::npos);
  // No statement read yet: the statement report says so rather than guessing an account.
  const auto statement = http_get(served.port(), "/api/v1/reconcile/reports/statement?date=2026-11-30");
  CHECK(statement.status == 400);
  CHECK(code_of(statement.body) == "reconcile.invalid_argument");
  CHECK(http_get(served.port(), "/api/v1/reconcile/reports/deposits?date=2026-13-01").status == 400);
  CHECK(http_get(served.port(), "/api/v1/reconcile/reports/deposits?format=pdf").status == 400);
  CHECK(http_get(served.port(), "/api/v1/reconcile/reports/ledger").status == 404);
  CHECK(http_get(served.port(), "/api/v1/reconcile/matches/xyz").status == 400);
  CHECK(http_get(served.port(), "/api/v1/reconcile/matches/" + std::string(32, 'a')).status == 404);
}

TEST_CASE("a target or headers over the limit answer 414 and 431", "[api][routes]") {
  Router router;
  add_health_routes(router, {"1", "embedded", nullptr});
  HttpServer server(router);
  REQUIRE(server.start("127.0.0.1", 0).ok());
  CHECK(http_get(server.port(), "/healthz?pad=" + std::string(10 << 10, 'x')).status == 414);
  CHECK(http_get(server.port(), "/healthz?pad=" + std::string(20 << 10, 'x')).status == 414);
  const auto res = http_request(server.port(), http::verb::get, "/healthz", "",
                                {{"X-Pad", std::string(20 << 10, 'y')}});
  CHECK(res.status == 431);
  CHECK(http_get(server.port(), "/healthz").status == 200);
}

TEST_CASE("past the connection cap a new connection gets 503, and /healthz still answers",
          "[api][routes]") {
  Router router;
  add_health_routes(router, {"1", "embedded", nullptr});
  router.add(http::verb::get, "/work", kPublic, [](const Request& req, const RouteParams&) {
    return json_response(req, http::status::ok, {{"done", true}});
  });
  ServerLimits limits;
  limits.max_connections = 2;
  HttpServer server(router, limits);
  REQUIRE(server.start("127.0.0.1", 0).ok());
  boost::asio::io_context io;
  std::vector<std::unique_ptr<boost::asio::ip::tcp::socket>> idle;
  for (int i = 0; i < 2; ++i) {  // two connections that send nothing: the cap is reached
    idle.push_back(std::make_unique<boost::asio::ip::tcp::socket>(io));
    idle.back()->connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(http_get(server.port(), "/work").status == 503);
  CHECK(http_get(server.port(), "/healthz").status == 200);
  idle.clear();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(http_get(server.port(), "/work").status == 200);
}

TEST_CASE("every module error maps to a status and a stable code of its own", "[api][routes]") {
  std::set<std::string> codes;
  auto check = [&](const Error& e, const char* prefix) {
    const HttpError mapped = http_error_for(e);
    INFO(e.describe());
    CHECK(mapped.code.rfind(prefix, 0) == 0);
    CHECK(codes.insert(mapped.code).second);
  };
  for (int v = 0; v <= static_cast<int>(CoreErrc::invalid_argument); ++v)
    check(Error{make_error_code(static_cast<CoreErrc>(v)), ""}, "core.");
  for (int v = 0; v <= static_cast<int>(ledger::LedgerErrc::log); ++v)
    check(Error{make_error_code(static_cast<ledger::LedgerErrc>(v)), ""}, "ledger.");
  for (int v = 0; v <= static_cast<int>(ingest::IngestErrc::not_found); ++v)
    check(Error{make_error_code(static_cast<ingest::IngestErrc>(v)), ""}, "ingest.");
  CHECK(http_error_for(ledger::ledger_error(ledger::LedgerErrc::not_found, "x")).status ==
        http::status::not_found);
  CHECK(http_error_for(ledger::ledger_error(ledger::LedgerErrc::invalid_argument, "x")).status ==
        http::status::bad_request);
}

TEST_CASE("accounts: balance and entries of one answer come from one snapshot, while the books "
          "are written",
          "[api][routes]") {
  Served served;
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    ledger::testing::PartitionWriter w(PartitionId(0), 3);  // after the three Books applied
    for (int i = 0; i < 400 && !stop; ++i)
      ledger::testing::apply_ok(*served.books.ledger,
                                w.records({ledger::testing::payment("w" + std::to_string(i), "1001",
                                                                    100 + i, "W" + std::to_string(i))}));
  });
  int consistent = 0;
  for (int i = 0; i < 200; ++i) {
    const auto res = http_get(served.port(), "/api/v1/accounts/1001?limit=1");
    REQUIRE(res.status == 200);
    const auto body = boost::json::parse(res.body).as_object();
    const auto& newest = body.at("entries").as_array().at(0).as_object();
    // One partition: the newest line's running balance is the account's balance.
    CHECK(newest.at("balance_after_minor").as_int64() == body.at("balance_minor").as_int64());
    ++consistent;
  }
  stop = true;
  writer.join();
  CHECK(consistent == 200);
}
