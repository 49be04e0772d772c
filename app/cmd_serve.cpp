// tally serve: the main job. Watches the inbox, publishes files' events, applies them to the
// ledger, reconciles them against the bank's statements, and serves HTTP
// (/healthz, /api/v1/accounts/{id}, /api/v1/discrepancies, /api/v1/reconcile/...), until
// SIGINT/SIGTERM.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <cstdio>
#include <thread>

#include "api/health.h"
#include "api/http_server.h"
#include "api/kafka_status.h"
#include "core/log/kafka_log.h"
#include "api/metrics.h"
#include "api/peer_client.h"
#include "api/peer_tokens.h"
#include "api/openapi.h"
#include "api/serve_metrics.h"
#include "api/routes.h"
#include "api/http_settings.h"
#include "api/rate_limiter.h"
#include "app/commands.h"
#include "app/signals.h"
#include "ingest/inbox_watcher.h"
#include "ledger/service.h"
#include "core/errors.h"
#include "ingest/errors.h"
#include "ingest/sealing.h"
#include "node/autopay_desk.h"
#include "node/cluster_files.h"
#include "node/cluster_presence.h"
#include "node/file_verdicts.h"
#include "node/inbox_verdicts.h"
#include "node/node.h"
#include "node/reconcile_turn.h"
#include "tools/demo/demo.h"

namespace tally::app {
namespace {

struct ServeOptions {
  std::string address;
  int port = -1;
  bool demo = false;
};

boost::json::object health(const ledger::LedgerService& ledger, bool ledger_failed,
                           const ingest::InboxWatcher& watcher, const Config& config,
                           reconcile::Reconciler& reconciler, std::string_view reconcile_state) {
  const auto& st = ledger.stats();
  return boost::json::object{{"ledger", ledger_failed ? "stopped" : "running"},
                             {"events_applied", st.applied.load()},
                             {"batches", st.batches.load()},
                             {"reconcile", reconcile_state},
                             {"reconcile_records", reconciler.service().applied_records()},
                             {"reconcile_runs", reconciler.serve_runs()},
                             {"files_ingested", watcher.files_ingested()},
                             {"files_refused", watcher.files_refused()},
                             {"inbox", config.inbox_dir()}};
}

// The demo's reader: a read-only user "demo" whose token (new each start: a token is shown
// once) is printed for trying the API.
void write_demo_files(const Config& config, std::uint16_t port, api::Users& users) {
  auto written = demo::write_demo_day(config.inbox_dir(), BusinessDate::today_utc());
  if (!written) return spdlog::error("demo: {}", written.error().describe());
  const events::Actor actor{.user = "demo"};
  auto reader = users.rotate("demo", actor);
  if (!reader) reader = users.add("demo", std::array{api::Role::read_only}, actor);
  if (!reader) return spdlog::error("demo: {}", reader.error().describe());
  spdlog::info("demo: wrote {} files for a day of a small utility into the inbox", *written);
  fmt::print("demo: try\n  curl -H 'Authorization: Bearer {}' http://{}:{}/api/v1/accounts/{}\n", reader->token,
             config.listen_address, port, demo::demo_sample_account());
  std::fflush(stdout);
}

// How long settling waits for the ledger to post a run before it answers "try again".
constexpr int kAutopayPostWaitMs = 30'000;

// How a node of a Kafka cluster reaches the others: the directory's owners, asked over
// HTTP(S) with a peer token for the person asking (api/account_peers.h).
struct ClusterLinks {
  std::unique_ptr<node::ClusterPresence> presence;
  std::unique_ptr<api::PeerClient> client;
  std::unique_ptr<api::PeerTokens> tokens;
  std::unique_ptr<api::PeerAwareAuthenticator> authenticator;
};

Result<ClusterLinks> join_cluster(const Config& config, log::KafkaLog& kafka, const ingest::IngestKeys& keys,
                                  const api::Authenticator& users) {
  ClusterLinks links;
  auto presence = node::ClusterPresence::start(config, kafka, ingest::keys_fingerprint(keys));
  if (!presence) {
    // Another node's keys differ, or this node was told to answer for others: never run so.
    if (presence.error().code == CoreErrc::bad_config || !config.kafka.advertise_url.empty())
      return presence.error();
    spdlog::warn("cluster: {}; this node answers only its own partitions (create the topic with "
                 "deploy/kafka-topics.sh)", presence.error().message);
    return links;
  }
  links.presence = std::move(*presence);
  TALLY_TRY(links.client, api::PeerClient::make({.ca_file = config.kafka.peer_ca, .timeout_ms = 3000,
                                                 .max_body_bytes = 8 << 20}));
  links.tokens = std::make_unique<api::PeerTokens>(keys.account_hash, links.presence->node());
  links.authenticator = std::make_unique<api::PeerAwareAuthenticator>(users, *links.tokens);
  return links;
}

std::map<PartitionId, api::PeerNode> peer_owners(const node::ClusterPresence& presence) {
  const auto owners = presence.others_by_partition();
  std::map<std::string, std::vector<PartitionId>> by_node;
  for (const auto& [partition, a] : owners) by_node[a.node].push_back(partition);
  std::map<PartitionId, api::PeerNode> out;
  for (const auto& [partition, a] : owners) out[partition] = {a.node, a.api_url, by_node[a.node]};
  return out;
}

// On Kafka the API answers only from the partitions whose books this process keeps current
// (api/ownership.h), and asks the other nodes for the rest; on the embedded log, from every one.
api::Ownership ownership_of(const log::KafkaLog* kafka, const ClusterLinks& links) {
  if (!kafka) return {};
  api::Ownership ownership{kafka->partition_count(), [kafka] { return kafka->serving(); }, {}};
  if (!links.presence) return ownership;
  ownership.peers.owners = [presence = links.presence.get()] { return peer_owners(*presence); };
  ownership.peers.ask = [client = links.client.get(), tokens = links.tokens.get()](
                            const api::PeerNode& peer, const std::string& target, const std::string& user) {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    return client->get(peer.url, target, tokens->make(user, now));
  };
  return ownership;
}

int run_serve(const GlobalOptions& global, const ServeOptions& options) {
  Config config = resolve_config(global);
  if (!options.address.empty()) config.listen_address = options.address;
  if (options.port >= 0) config.listen_port = static_cast<std::uint16_t>(options.port);

  auto opened = node::Node::open(config);
  if (!opened) {
    spdlog::error("{}", opened.error().describe());
    return 1;
  }
  node::Node& s = **opened;
  ledger::Ledger& books = s.ledger();  // on Kafka: the books of the partitions this process is given

  ledger::ServiceOptions ledger_options;
  ledger_options.group = config.kafka.group;
  ledger::LedgerService ledger_service(books, s.log(), ledger_options);
  std::atomic<bool> stop{false};
  std::atomic<bool> ledger_failed{false};
  std::thread ledger_thread([&] {
    if (auto ran = ledger_service.run(stop); !ran) {
      spdlog::error("ledger stopped: {}", ran.error().describe());
      ledger_failed = true;
    }
  });

  // The reconciler follows every partition and reconciles each day once its files are in. On
  // Kafka every node follows, so each answers for every match and discrepancy, and the node
  // serving partition 0 decides (node/reconcile_turn.h).
  auto* kafka = dynamic_cast<log::KafkaLog*>(&s.log());
  std::atomic<bool> reconcile_failed{false};
  auto turn = [kafka] { return node::reconcile_turn(kafka->serving(), kafka->status().stopped); };
  auto reconcile_state = [&]() -> std::string {
    if (reconcile_failed) return "stopped";
    return kafka ? turn().state : "running";
  };
  std::function<bool()> decides_here;
  if (kafka) decides_here = [turn] { return turn().decides; };
  reconcile::RunOptions reconcile_options;
  reconcile_options.match = s.match_options();
  std::jthread reconcile_thread([&](std::stop_token stop_reconcile) {
    if (auto ran = s.reconciler().serve(stop_reconcile, reconcile_options, decides_here); !ran) {
      spdlog::error("reconciler stopped: {}", ran.error().describe());
      reconcile_failed = true;
    }
  });

  auto access = api::ApiAccess::open(config.api_dir(), s.log());
  if (!access) {
    spdlog::error("{}", access.error().describe());
    stop = true;
    ledger_thread.join();
    return 1;
  }
  const auto currency = Currency::from_code(config.currency);

  // On Kafka, the cluster before the inbox: a file is claimed before it is published.
  ClusterLinks cluster;  // before the watcher, the router and the server: they use it
  if (kafka) {
    auto joined = join_cluster(config, *kafka, s.intake().keys(), *access->users);
    if (!joined) {
      spdlog::error("{}", joined.error().describe());
      stop = true;
      ledger_thread.join();
      return 1;
    }
    cluster = std::move(*joined);
  }
  std::optional<node::ClusterFiles> claims;
  if (cluster.presence) {
    claims.emplace(cluster.presence->directory(), cluster.presence->node());
    s.intake().use_claims(&*claims);
  }

  ingest::InboxWatcher watcher(config.inbox_dir(), s.intake());
  api::UploadDesk uploads;
  std::atomic<bool> stopping{false};  // set before the watcher stops: stop waiting for verdicts
  watcher.on_ingested([&](ingest::IngestOutcome& outcome) {
    // On Kafka the file's events are posted by whichever nodes own their partitions: this one
    // cannot wait for verdicts it will never see (an upload would hang for kVerdictWaitMs).
    if (s.posts_here()) node::report_inbox_verdicts(outcome, books, stopping);
    uploads.finished(outcome);
  });
  watcher.start();

  // Autopay runs post on their effective date: checked each minute, and before a generate.
  node::AutopayDesk autopay(s, [&](const std::vector<ingest::SettledRun>& settled) -> Status {
    for (const auto& run : settled)
      if (!node::wait_until_consumed(run.ingested, books, kAutopayPostWaitMs, stopping))
        return ingest::ingest_error(ingest::IngestErrc::in_use,
                                    "the ledger has not posted the autopay runs due yet; try again");
    return ok_status();
  });
  std::jthread autopay_settler;
  if (s.posts_here())
    autopay_settler = std::jthread([&](std::stop_token stop_settling) {
      autopay.settle_every(std::chrono::minutes(1), stop_settling);
    });

  api::Metrics metrics;  // before the router and the server: it outlives both
  api::add_serve_metrics(metrics, s, ledger_service, watcher);
  api::Router router;
  api::RateLimiter limiter(api::rate_limiter_options(config.http));
  const api::Authenticator* authenticator = access->users.get();
  if (cluster.authenticator) authenticator = cluster.authenticator.get();
  router.guard(authenticator, &limiter, &metrics);
  api::add_metrics_route(router, metrics);
  api::add_health_routes(router, {TALLY_VERSION, s.log().describe(), [&] {
    auto details = health(ledger_service, ledger_failed, watcher, config, s.reconciler(), reconcile_state());
    if (kafka) api::add_kafka_health(details, kafka->status(), books);
    if (cluster.presence) details["cluster"] = api::cluster_health(cluster.presence->node(), cluster.presence->nodes());
    if (ledger_failed) details["problem"] = "the ledger stopped (see the log)";
    return details;
  }});
  api::add_openapi_route(router);
  api::add_api_routes(router, {s, autopay, s.log(), books, s.reconciler(), *access, uploads, watcher, s.registry(), s.intake().keys(),
                               config.inbox_dir(), config.processed_dir(), config.quarantine_dir(),
                               currency.value_or(Currency::usd()), s.match_options(), ownership_of(kafka, cluster)});
  api::HttpServer server(router, api::server_limits(config.http), api::tls_options(config.http));
  if (auto started = server.start(config.listen_address, config.listen_port); !started) {
    spdlog::error("{}", started.error().describe());
    stop = true;
    watcher.stop();
    ledger_thread.join();
    reconcile_thread.request_stop();
    return 1;
  }
  spdlog::info("tally {} serving on {}://{}:{} (data {}, log {})", TALLY_VERSION,
               server.serves_tls() ? "https" : "http", config.listen_address, server.port(),
               config.data_dir, s.log().describe());
  if (!server.serves_tls())
    spdlog::info("plain HTTP on loopback only: set http.tls_cert and http.tls_key to serve HTTPS");
  // The CLI's way in while this process holds the data folder (app/remote.h).
  if (auto local = server.start_local(config.api_socket()); !local)
    spdlog::error("the CLI cannot reach this server: {}", local.error().describe());
  spdlog::info("drop bank and processor files into {} to ingest them", config.inbox_dir());

  if (options.demo) write_demo_files(config, server.port(), *access->users);
  if (auto all = access->users->list(); all && all->empty())
    spdlog::warn("no API users yet: add one with `tally users add NAME --role admin` (it prints their token)");

  const int signal = wait_for_stop_signal();
  spdlog::info("signal {} received: stopping", signal);
  server.stop();
  stopping = true;
  autopay_settler.request_stop();
  if (autopay_settler.joinable()) autopay_settler.join();
  watcher.stop();
  stop = true;
  ledger_thread.join();
  reconcile_thread.request_stop();
  if (reconcile_thread.joinable()) reconcile_thread.join();
  spdlog::info("stopped cleanly");
  return ledger_failed ? 1 : 0;
}

}  // namespace

void register_serve(CLI::App& app, GlobalOptions& global) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Run Tally: inbox watcher, event log, ledger, reconciler and the HTTP API, until SIGINT/SIGTERM.");
  cmd->add_option("--listen", options->address, "address to listen on (default from config: 127.0.0.1)");
  cmd->add_option("--port", options->port, "HTTP port (default from config: 8080; 0 picks a free one)")
      ->check(CLI::Range(0, 65535));
  cmd->add_flag("--demo", options->demo,
                "write a generated day of files for a small utility into the inbox at start");
  cmd->callback([&global, options] { exit_code = run_serve(global, *options); });
}

}  // namespace tally::app
