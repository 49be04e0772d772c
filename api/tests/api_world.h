// The API as `tally serve` wires it, over a real Node in a temporary data folder: the inbox
// watcher runs (the test posts with settle()), every route is served on a free loopback port, and
// users of each role have tokens. For tests of authentication, roles, idempotency and commands.
#pragma once

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "api/http_server.h"
#include "api/routes.h"
#include "core/log/embedded_log.h"
#include "node/autopay_desk.h"
#include "node/node.h"
#include "tests/support/http_client.h"
#include "tests/support/temp_dir.h"

namespace tally::api::testing {

class ApiWorld {
 public:
  // `ownership`: as a Kafka node's (api/ownership.h); by default every partition is this one's.
  explicit ApiWorld(Ownership ownership = {}) {
    config_.data_dir = dir_.path("data");
    config_.partitions = 2;
    node_ = node::Node::open(config_).value();
    autopay_ = std::make_unique<node::AutopayDesk>(*node_, [this](const auto&) -> Status {
      TALLY_TRY_STATUS(node_->post_pending());
      return ok_status();
    });
    access_ = ApiAccess::open(config_.api_dir(), node_->log()).value();
    watcher_ = std::make_unique<ingest::InboxWatcher>(config_.inbox_dir(), node_->intake(), 50);
    watcher_->on_ingested([this](ingest::IngestOutcome& o) { uploads_.finished(o); });
    watcher_->start();
    router_.guard(access_.users.get(), nullptr, nullptr);
    add_api_routes(router_, {*node_, *autopay_, node_->log(), node_->ledger(), node_->reconciler(), access_, uploads_, *watcher_,
                             node_->registry(), node_->intake().keys(), config_.inbox_dir(), config_.processed_dir(),
                             config_.quarantine_dir(), Currency::usd(), node_->match_options(), std::move(ownership)});
    REQUIRE(server_.start("127.0.0.1", 0).ok());
    for (Role role : kAllRoles) {
      const std::string name = "user-" + std::string(role_name(role));
      tokens_[role] = access_.users->add(name, std::array{role}, {.user = "setup"}).value().token;
    }
  }
  ~ApiWorld() {
    server_.stop();
    watcher_->stop();
  }

  std::uint16_t port() const { return server_.port(); }
  const std::string& token(Role role) const { return tokens_.at(role); }
  node::Node& node() { return *node_; }
  Router& router() { return router_; }
  ApiAccess& access() { return access_; }
  const Config& config() const { return config_; }

  // Posts everything published so far.
  void settle() { REQUIRE(node_->post_pending().ok()); }

  // The records in the log, over every partition: a refused command adds none.
  std::uint64_t log_records() {
    auto& log = dynamic_cast<log::EmbeddedLog&>(node_->log());
    std::uint64_t n = 0;
    for (std::uint32_t p = 0; p < log.partition_count(); ++p) n += static_cast<std::uint64_t>(log.end_position(PartitionId(p)).value());
    return n;
  }

  tally::testing::HttpResult call(boost::beast::http::verb method, const std::string& target,
                                  const std::string& token, const std::string& body = {},
                                  std::string idempotency_key = {}) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    if (!idempotency_key.empty()) headers.emplace_back("Idempotency-Key", idempotency_key);
    headers.emplace_back("Content-Type", "application/json");
    return tally::testing::http_request(port(), method, target, body, headers);
  }

 private:
  tally::testing::TempDir dir_;
  Config config_;
  std::unique_ptr<node::Node> node_;
  std::unique_ptr<node::AutopayDesk> autopay_;  // after the node it works on
  ApiAccess access_;
  UploadDesk uploads_;
  std::unique_ptr<ingest::InboxWatcher> watcher_;
  Router router_;
  HttpServer server_{router_};
  std::map<Role, std::string> tokens_;
};

inline std::string error_code(const std::string& body) {
  return std::string(boost::json::parse(body).at("error").at("code").as_string());
}

}  // namespace tally::api::testing
