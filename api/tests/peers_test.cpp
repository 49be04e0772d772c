// A Kafka cluster's nodes asking each other for accounts: peer tokens, the client, and how a
// peer's part of a spanning account is added.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <chrono>

#include <fmt/format.h>

#include "api/account_peers.h"
#include "api/http_server.h"
#include "api/peer_client.h"
#include "api/peer_tokens.h"
#include "api/tests/test_certificate.h"
#include "core/errors.h"
#include "ledger/tests/test_support.h"

using namespace tally;
using namespace tally::api;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;

struct Nobody final : Authenticator {
  std::optional<Identity> authenticate(std::string_view token) const override {
    if (token != "user-token") return std::nullopt;
    return Identity{"alice", "alice-id", role_bits(std::array{Role::admin})};
  }
};

boost::json::object part(std::int64_t balance, std::int64_t postings, std::string_view covered,
                         std::string_view missing) {
  auto body = boost::json::parse(fmt::format(
      R"({{"account":"clearing:ach","currency":"USD","balance_minor":{},"balance":"x","postings":{},
          "partitions":{},"partitions_missing":{},"entries":[]}})",
      balance, postings, covered, missing));
  return body.as_object();
}

boost::json::object line(std::string_view day, int partition, int sequence) {
  return {{"business_date", day}, {"partition", partition}, {"sequence", sequence}};
}

}  // namespace

TEST_CASE("peer tokens: a node's token reads for its user and nothing else passes", "[api][peers]") {
  const PeerTokens n1("the shared key", "n1"), n2("the shared key", "n2"), stranger("another key", "n3");
  const std::string token = n1.make("alice", kNow);
  const auto who = n2.check(token, kNow + 5);
  REQUIRE(who);
  CHECK(who->user == "alice");
  CHECK(who->token_id == "peer:n1:alice");
  CHECK(who->roles == role_bits(std::array{Role::read_only}));  // never more than reading
  CHECK(is_peer(Caller{.user = who->user, .token_id = who->token_id, .request_id = "", .client_address = "",
                       .roles = who->roles, .csrf_token = ""}));

  CHECK_FALSE(n2.check(token, kNow + 31));         // expired
  CHECK_FALSE(stranger.check(token, kNow));        // signed with other keys
  std::string altered = token;
  altered[std::string("tallypeer1.").size() + 3] ^= 1;  // another node name
  CHECK_FALSE(n2.check(altered, kNow));
  CHECK_FALSE(n2.check("tallypeer1.", kNow));
  CHECK_FALSE(n2.check("tallypeer1.zz.zz.1.00", kNow));
  CHECK_FALSE(n2.check("user-token", kNow));

  // Beside the users' own tokens.
  const Nobody users;
  const PeerAwareAuthenticator both(users, n2);
  CHECK(both.authenticate("user-token")->user == "alice");
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
  const auto bob = both.authenticate(n1.make("bob", now));
  REQUIRE(bob);
  CHECK(bob->user == "bob");
  CHECK_FALSE(both.authenticate(n1.make("bob", now - 60)));  // by the real clock, expired
}

TEST_CASE("peer URLs: scheme, host and port, nothing else", "[api][peers]") {
  const auto plain = parse_peer_url("http://127.0.0.1:8081");
  REQUIRE(plain);
  CHECK_FALSE(plain->tls);
  CHECK(plain->host == "127.0.0.1");
  CHECK(plain->port == "8081");
  const auto tls = parse_peer_url("https://tally-2.example/");
  REQUIRE(tls);
  CHECK(tls->tls);
  CHECK(tls->port == "443");
  const auto v6 = parse_peer_url("https://[::1]:9443");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == "9443");
  for (const char* bad : {"", "ftp://x", "http://", "http://host:", "http://host/path", "https://[::1", "tally-2:80"})
    CHECK_FALSE(parse_peer_url(bad));
}

TEST_CASE("a peer's part of a spanning account is added once", "[api][peers]") {
  auto body = part(2000, 3, "[0]", "[1,2,3]");
  body["entries"] = boost::json::array{line("2026-12-01", 0, 7)};
  auto theirs = part(-500, 2, "[1,3]", "[0,2]");
  theirs["entries"] = boost::json::array{line("2026-12-02", 3, 1), line("2026-11-30", 1, 4)};

  REQUIRE(merge_part(body, theirs, 2));
  CHECK(body.at("balance_minor").as_int64() == 1500);
  CHECK(body.at("balance").as_string() == "15.00");
  CHECK(body.at("postings").as_int64() == 5);
  CHECK(boost::json::serialize(body.at("partitions")) == "[0,1,3]");
  CHECK(boost::json::serialize(body.at("partitions_missing")) == "[2]");
  const auto& entries = body.at("entries").as_array();
  REQUIRE(entries.size() == 2);  // the limit: the newest two of three
  CHECK(entries[0].at("business_date").as_string() == "2026-12-02");
  CHECK(entries[1].at("business_date").as_string() == "2026-12-01");

  // The same part again overlaps what is counted: refused, nothing changed.
  const std::string before = boost::json::serialize(body);
  CHECK_FALSE(merge_part(body, theirs, 2));
  CHECK(boost::json::serialize(body) == before);
  // A part that is not one.
  boost::json::object junk{{"partitions", "[2]"}};
  CHECK_FALSE(merge_part(body, junk, 2));
  CHECK(boost::json::serialize(body) == before);
}

TEST_CASE("gathering asks each other owner once and says who did not answer", "[api][peers]") {
  std::vector<std::string> asked;
  Peers peers;
  peers.owners = [] {
    std::map<PartitionId, PeerNode> owners;
    const PeerNode n2{"n2", "http://n2:1", {PartitionId(1), PartitionId(2)}};
    const PeerNode n3{"n3", "http://n3:1", {PartitionId(3)}};
    owners[PartitionId(1)] = n2;
    owners[PartitionId(2)] = n2;
    owners[PartitionId(3)] = n3;
    return owners;
  };
  peers.ask = [&](const PeerNode& peer, const std::string& target, const std::string& user) -> Result<PeerAnswer> {
    asked.push_back(peer.node + " " + target + " " + user);
    if (peer.node == "n3") return core_error(CoreErrc::log_unavailable, "connection refused");
    return PeerAnswer{200, boost::json::serialize(part(300, 1, "[1,2]", "[0,3]")), "application/json"};
  };
  Request request{http::verb::get, "/api/v1/accounts/clearing%3Aach", 11};
  Caller caller;
  caller.user = "alice";
  auto body = part(100, 1, "[0]", "[1,2,3]");
  gather_parts(peers, body, request, caller, 20);
  CHECK(asked == std::vector<std::string>{"n2 /api/v1/accounts/clearing%3Aach alice",
                                          "n3 /api/v1/accounts/clearing%3Aach alice"});
  CHECK(body.at("balance_minor").as_int64() == 400);
  CHECK(boost::json::serialize(body.at("partitions_missing")) == "[3]");
  CHECK(boost::json::serialize(body.at("answered_by")) == R"(["n2"])");
  CHECK(body.at("peer_errors").as_array().at(0).at("node").as_string() == "n3");

  // A customer's owner is asked and its answer passed on, naming it.
  const auto passed = ask_owner(peers, PartitionId(2), request, caller);
  REQUIRE(passed);
  CHECK(passed->result_int() == 200);
  CHECK((*passed)[kAnsweredByHeader] == "n2");
  const auto unreachable = ask_owner(peers, PartitionId(3), request, caller);
  REQUIRE(unreachable);
  CHECK(unreachable->result_int() == 503);
  CHECK_FALSE(ask_owner(peers, PartitionId(0), request, caller));  // nobody else owns it
}

TEST_CASE("the peer client gets an answer over HTTP and HTTPS, and fails fast without one", "[api][peers]") {
  Router router;
  router.add(http::verb::get, "/echo", kPublic, [](const Request& req, const RouteParams&) {
    return json_response(req, http::status::accepted,
                         boost::json::object{{"authorization", std::string(req[http::field::authorization])},
                                             {"target", std::string(req.target())}});
  });
  tally::ledger::testing::TempDir dir;
  const auto cert = tally::testing::make_self_signed_certificate(dir.path(""), "peer");
  auto client = PeerClient::make({.ca_file = cert.cert_path, .timeout_ms = 2000, .max_body_bytes = 1 << 20});
  REQUIRE(client);

  HttpServer plain(router);
  REQUIRE(plain.start("127.0.0.1", 0).ok());
  const auto answer = (*client)->get(fmt::format("http://127.0.0.1:{}", plain.port()), "/echo?x=1", "tok");
  REQUIRE(answer);
  CHECK(answer->status == 202);
  const auto echoed = boost::json::parse(answer->body);
  CHECK(echoed.at("authorization").as_string() == "Bearer tok");
  CHECK(echoed.at("target").as_string() == "/echo?x=1");

  HttpServer tls(router, {}, TlsOptions{cert.cert_path, cert.key_path});
  REQUIRE(tls.start("127.0.0.1", 0).ok());
  const auto secure = (*client)->get(fmt::format("https://127.0.0.1:{}", tls.port()), "/echo", "tok");
  REQUIRE(secure);
  CHECK(secure->status == 202);
  // Another CA's certificate is refused.
  const auto other = tally::testing::make_self_signed_certificate(dir.path(""), "other");
  auto doubting = PeerClient::make({.ca_file = other.cert_path, .timeout_ms = 2000, .max_body_bytes = 1 << 20});
  REQUIRE(doubting);
  CHECK_FALSE((*doubting)->get(fmt::format("https://127.0.0.1:{}", tls.port()), "/echo", "tok"));

  const std::uint16_t closed = plain.port();
  plain.stop();
  const auto started = std::chrono::steady_clock::now();
  CHECK_FALSE((*client)->get(fmt::format("http://127.0.0.1:{}", closed), "/echo", "tok"));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
  CHECK_FALSE(PeerClient::make({.ca_file = dir.path("") + "/missing.pem", .timeout_ms = 2000, .max_body_bytes = 1}));
}
