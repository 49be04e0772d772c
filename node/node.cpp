#include "node/node.h"

#include <filesystem>
#include <map>

#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include "core/errors.h"
#include "core/log/embedded_log.h"
#include "core/log/kafka_log.h"
#include "ingest/errors.h"
#include "ingest/file_context.h"
#include "ingest/sealing.h"
#include "ledger/topic_guard.h"

namespace tally::node {
namespace {

// Records per batch when posting a backlog: large enough that a batch's reads are a few
// MultiGets, small enough that the first batches overlap with publishing.
constexpr std::size_t kBacklogBatch = 5000;
constexpr int kBacklogPollMs = 20;
// On Kafka a poll can come back empty while records are still being fetched: the reconciler
// and the counter take this long without a record for the end of the log, when the ends of
// the partitions (asked within kEndsTimeoutMs) cannot be read.
constexpr int kKafkaQuietMs = 2000;
constexpr int kEndsTimeoutMs = 2000;

// A store held by another process (a typed in_use error): say which inbox to use instead.
Error explain_lock(const Error& error, const Config& config) {
  if (!is_in_use(error)) return error;
  return ingest::ingest_error(
      ingest::IngestErrc::in_use,
      fmt::format("the data folder {} is in use by another tally process (is `tally serve` running?); "
                  "while it runs, copy files into {} and it ingests them",
                  config.data_dir, config.inbox_dir()));
}

}  // namespace

Status prepare_data_dir(const Config& config) {
  for (const std::string& dir : {config.data_dir, config.log_dir(), config.ledger_dir(), config.reconcile_dir(),
                                 config.inbox_dir(), config.processed_dir(), config.quarantine_dir()}) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return core_error(CoreErrc::bad_config, fmt::format("cannot create {}: {}", dir, ec.message()));
  }
  return ok_status();
}

std::map<std::string, std::string> kafka_security_settings(const KafkaSettings& kafka) {
  std::map<std::string, std::string> out;
  const std::pair<const char*, const std::string*> settings[] = {
      {"security.protocol", &kafka.security_protocol},
      {"ssl.ca.location", &kafka.ssl_ca_location},
      {"ssl.certificate.location", &kafka.ssl_certificate_location},
      {"ssl.key.location", &kafka.ssl_key_location},
      {"sasl.mechanism", &kafka.sasl_mechanism},
      {"sasl.username", &kafka.sasl_username},
      {"sasl.password", &kafka.sasl_password},
  };
  for (const auto& [name, value] : settings)
    if (!value->empty()) out[name] = *value;
  return out;
}

log::KafkaLogOptions kafka_log_options(const Config& config) {
  log::KafkaLogOptions options;
  options.brokers = config.kafka.brokers;
  options.topic = config.kafka.topic;
  options.session_timeout_ms = config.kafka.session_timeout_ms;
  options.status_group = config.kafka.group;
  options.group_instance_id = config.kafka.group_instance_id;
  options.extra = kafka_security_settings(config.kafka);
  return options;
}

Result<std::unique_ptr<log::EventLog>> open_event_log(const Config& config) {
  if (!config.kafka.brokers.empty()) {
    TALLY_TRY(auto kafka, log::KafkaLog::open(kafka_log_options(config)));
    return std::unique_ptr<log::EventLog>(std::move(kafka));
  }
  TALLY_TRY(auto embedded, log::EmbeddedLog::open({config.log_dir(), config.partitions, true}));
  return std::unique_ptr<log::EventLog>(std::move(embedded));
}

namespace {

counter::CounterSettings counter_settings(const Config& config) {
  counter::CounterSettings s;
  s.currency = Currency::from_code(config.currency).value_or(Currency::usd());
  s.void_reason_above_minor = config.counter.void_reason_above_minor;
  s.sign_off_above_minor = config.counter.sign_off_above_minor;
  s.blind_close = config.counter.blind_close;
  s.bank_account = config.counter.bank_account;
  s.max_float_minor = config.counter.max_float_minor;
  if (!config.kafka.brokers.empty()) s.drain_quiet_ms = kKafkaQuietMs;
  return s;
}

// A check taken at the counter goes into the register a lockbox file's checks go into, under
// the same keyed identity, so an X9.37 return finds its payment.
counter::CounterHooks counter_hooks(ingest::FileRegistry& registry, const ingest::IngestKeys& keys) {
  counter::CounterHooks hooks;
  const std::string hash_key = keys.account_hash;
  hooks.account_hash = [hash_key](std::string_view routing, std::string_view account) {
    return ingest::keyed_account_hash(hash_key, routing, account);
  };
  hooks.checks_taken = [&registry, hash_key](const std::vector<counter::CheckTaken>& checks) {
    std::vector<ingest::DepositedCheck> deposited;
    for (const counter::CheckTaken& c : checks) {
      auto key = ingest::check_key(hash_key, c.routing_number, c.account_number, c.number);
      if (!key) continue;  // no serial or account digits: nothing a return could name
      deposited.push_back({std::move(*key), c.account, c.payment, c.amount_minor, true});
    }
    return registry.record_checks(deposited);
  };
  return hooks;
}

// On Kafka the readers of every partition (the reconciler, the counter) stop at the high
// watermarks read as they start, instead of waiting kKafkaQuietMs for a poll to come back empty.
log::EndsReader kafka_ends(const log::EventLog& log) {
  const auto* kafka = dynamic_cast<const log::KafkaLog*>(&log);
  if (!kafka) return {};
  return [kafka] { return kafka->ends(kEndsTimeoutMs); };
}

}  // namespace

Result<std::unique_ptr<Node>> Node::open(const Config& config) {
  std::unique_ptr<Node> node(new Node(config));
  TALLY_TRY_STATUS(prepare_data_dir(config));
  auto log = open_event_log(config);
  if (!log) return explain_lock(log.error(), config);
  node->log_ = std::move(log).value();
  auto registry = ingest::FileRegistry::open(config.data_dir + "/ingest");
  if (!registry) return explain_lock(registry.error(), config);
  node->registry_ = std::move(registry).value();
  TALLY_TRY(ingest::IngestKeys keys, ingest::load_keys(config.data_dir + "/keys"));
  ledger::LedgerOptions ledger_options;
  ledger_options.path = config.ledger_dir();
  auto ledger = ledger::Ledger::open(ledger_options);
  if (!ledger) return explain_lock(ledger.error(), config);
  node->ledger_ = std::move(ledger).value();
  // On Kafka the books follow one topic: another one stops every partition (topic_guard.h).
  if (auto* kafka = dynamic_cast<log::KafkaLog*>(node->log_.get())) {
    TALLY_TRY(std::string refused, ledger::guard_topic(*node->ledger_, *kafka));
    if (!refused.empty()) spdlog::error("ledger: {}", refused);
  }
  reconcile::ServiceOptions reconcile_reading;
  if (!config.kafka.brokers.empty()) reconcile_reading.quiet_ms = kKafkaQuietMs;
  reconcile_reading.read_ends = kafka_ends(*node->log_);
  auto reconciler = reconcile::Reconciler::open(config.reconcile_dir(), *node->log_, reconcile_reading);
  if (!reconciler) return explain_lock(reconciler.error(), config);
  node->reconciler_ = std::move(reconciler).value();
  auto counter_store = counter::Store::open(config.counter_dir());
  if (!counter_store) return explain_lock(counter_store.error(), config);
  node->counter_store_ = std::move(counter_store).value();
  counter::CounterSettings counting = counter_settings(config);
  counting.read_ends = kafka_ends(*node->log_);
  node->counter_ = std::make_unique<counter::Counter>(*node->log_, *node->counter_store_, std::move(counting),
                                                      counter_hooks(*node->registry_, keys));
  node->intake_ = std::make_unique<ingest::Intake>(node->config_, *node->log_, *node->registry_,
                                                   std::move(keys));
  return node;
}

Node::~Node() {
  (void)finish_posting();
  // Reverse order of open: nothing is published, posted or recorded after its store closes.
  intake_.reset();
  counter_.reset();
  counter_store_.reset();
  reconciler_.reset();
  ledger_.reset();
  registry_.reset();
  log_.reset();
}

reconcile::MatchOptions Node::match_options() const {
  reconcile::MatchOptions options;
  options.window_days = config_.reconcile.window_days;
  options.late_days = config_.reconcile.late_days;
  options.max_group_size = static_cast<std::size_t>(config_.reconcile.max_group_size);
  return options;
}

ledger::ServiceOptions Node::posting_options() {
  ledger::ServiceOptions options;
  options.max_batch_events = kBacklogBatch;
  options.max_batch_ms = kBacklogPollMs;
  options.poll_timeout_ms = kBacklogPollMs;
  options.bulk = true;  // a backlog: written at the end, as table files when it is large
  return options;
}

Result<ledger::ApplyStats> Node::post_pending() {
  if (!posts_here()) return ledger::ApplyStats{};
  TALLY_TRY(ledger::ApplyStats before, finish_posting());
  ledger::LedgerService service(*ledger_, *log_, posting_options());
  TALLY_TRY_STATUS(service.drain());
  before.add(service.totals());
  return before;
}

void Node::start_posting() {
  if (!posts_here() || posting_) return;
  posting_.emplace();
  posting_->service = std::make_unique<ledger::LedgerService>(*ledger_, *log_, posting_options());
  posting_->thread = std::thread([this] {
    posting_->result = posting_->service->run_then_drain(posting_->stop);
  });
}

Result<ledger::ApplyStats> Node::finish_posting() {
  if (!posting_) return ledger::ApplyStats{};
  posting_->stop = true;
  posting_->thread.join();
  const Status result = posting_->result;
  const ledger::ApplyStats totals = posting_->service->totals();
  posting_.reset();
  if (!result.ok()) return result.error();
  return totals;
}

}  // namespace tally::node
