#include "app/posting.h"

#include <fmt/format.h>

#include "app/open_log.h"
#include "core/errors.h"
#include "ingest/errors.h"
#include "ingest/sealing.h"

namespace tally::app {
namespace {

constexpr std::size_t kCatchUpBatch = 5000;
constexpr int kCatchUpPollMs = 20;

// RocksDB refuses a second process with an IO error about its LOCK file.
Error explain_lock(const Error& error, const Config& config) {
  if (error.message.find("lock") == std::string::npos && error.message.find("LOCK") == std::string::npos)
    return error;
  return ingest::ingest_error(
      ingest::IngestErrc::in_use,
      fmt::format("the data folder {} is in use by another tally process (is `tally serve` running?); "
                  "while it runs, copy files into {} and it ingests them",
                  config.data_dir, config.inbox_dir()));
}

}  // namespace

Result<std::unique_ptr<ledger::Ledger>> open_ledger(const Config& config) {
  ledger::LedgerOptions options;
  options.path = config.ledger_dir();
  auto opened = ledger::Ledger::open(options);
  if (!opened) return explain_lock(opened.error(), config);
  return std::move(opened).value();
}

Result<std::unique_ptr<PostingServices>> open_posting_services(const Config& config) {
  auto s = std::make_unique<PostingServices>();
  s->config = config;
  TALLY_TRY_STATUS(prepare_data_dir(config));
  auto log = open_event_log(config);
  if (!log) return explain_lock(log.error(), config);
  s->log = std::move(log).value();
  auto registry = ingest::FileRegistry::open(config.data_dir + "/ingest");
  if (!registry) return explain_lock(registry.error(), config);
  s->registry = std::move(registry).value();
  TALLY_TRY(ingest::IngestKeys keys, ingest::load_keys(config.data_dir + "/keys"));
  if (config.kafka.brokers.empty()) {
    TALLY_TRY(s->ledger, open_ledger(config));
  }
  s->intake = std::make_unique<ingest::Intake>(s->config, *s->log, *s->registry, std::move(keys));
  return s;
}

BackgroundPosting::BackgroundPosting(PostingServices& services) : services_(services) {
  if (services_.ledger) thread_ = std::thread([this] { result_ = run(); });
}

BackgroundPosting::~BackgroundPosting() { (void)finish(); }

Result<std::int64_t> BackgroundPosting::finish() {
  stop_ = true;
  if (thread_.joinable()) {
    thread_.join();
    services_.posted_stats.add(stats_);
  }
  if (result_ && !result_->ok()) return result_->error();
  return posted_;
}

Status BackgroundPosting::run() {
  ledger::Ledger& ledger = *services_.ledger;
  log::ConsumerOptions options;
  options.start_position = [&ledger](PartitionId p) { return ledger.next_position(p); };
  TALLY_TRY(auto consumer, services_.log->consume(options));
  // Read until asked to stop, then drain what the log holds now: post_pending() takes the rest.
  for (bool stopping = false;;) {
    TALLY_TRY(std::vector<log::LogRecord> records, consumer->poll(kCatchUpPollMs, kCatchUpBatch));
    if (records.empty()) {
      if (stopping) break;
      stopping = stop_;
      continue;
    }
    TALLY_TRY(ledger::ApplyStats previous, ledger.submit(std::move(records), services_.log.get()));
    posted_ += static_cast<std::int64_t>(previous.applied);
    stats_.add(previous);
  }
  TALLY_TRY(ledger::ApplyStats last, ledger.flush());
  posted_ += static_cast<std::int64_t>(last.applied);
  stats_.add(last);
  return ok_status();
}

Result<std::int64_t> PostingServices::post_pending() {
  if (!ledger) return std::int64_t{0};
  log::ConsumerOptions options;
  options.start_position = [this](PartitionId p) { return ledger->next_position(p); };
  TALLY_TRY(auto consumer, log->consume(options));
  // Pipelined: the next batch is computed while the previous one is written and synced.
  std::int64_t posted = 0;
  for (;;) {
    TALLY_TRY(std::vector<log::LogRecord> records, consumer->poll(kCatchUpPollMs, kCatchUpBatch));
    if (records.empty()) break;
    TALLY_TRY(ledger::ApplyStats previous, ledger->submit(std::move(records), log.get()));
    posted += static_cast<std::int64_t>(previous.applied);
    posted_stats.add(previous);
  }
  TALLY_TRY(ledger::ApplyStats last, ledger->flush());
  posted_stats.add(last);
  return posted + static_cast<std::int64_t>(last.applied);
}

}  // namespace tally::app
