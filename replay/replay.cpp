#include "replay/replay.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "core/errors.h"
#include "core/events/codec.h"
#include "core/log/embedded_log.h"
#include "ledger/service.h"
#include "reconcile/reconciler.h"

namespace tally::replay {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// As Node::posting_options: a backlog, posted in bulk and written as table files at the end.
constexpr std::size_t kPostingBatch = 5000;
constexpr int kPostingPollMs = 20;
constexpr const char* kReportFile = "replay.json";

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Error invalid(std::string message) {
  return core_error(CoreErrc::invalid_argument, std::move(message));
}

// Calls the progress callback every interval on a thread of its own, with what `done` says
// now. One phase at a time; stops (and reports the phase's last figure) when destroyed.
class Ticker {
 public:
  Ticker(const ProgressFn& fn, int interval_ms, std::string_view phase, std::uint64_t total,
         std::function<std::uint64_t()> done)
      : fn_(fn), phase_(phase), total_(total), done_(std::move(done)) {
    if (!fn_) return;
    thread_ = std::thread([this, interval_ms] {
      std::unique_lock lock(mu_);
      while (!stop_) {
        if (cv_.wait_for(lock, std::chrono::milliseconds(interval_ms), [this] { return stop_; })) break;
        fn_(Progress{phase_, done_(), total_});
      }
    });
  }
  ~Ticker() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
    fn_(Progress{phase_, done_(), total_});
  }
  Ticker(const Ticker&) = delete;
  Ticker& operator=(const Ticker&) = delete;

 private:
  const ProgressFn& fn_;
  std::string_view phase_;
  std::uint64_t total_;
  std::function<std::uint64_t()> done_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// Where reading a partition stops: its end, or the position cut.
LogPosition scan_end(const Cut& cut, PartitionId p, LogPosition log_end) {
  std::optional<LogPosition> end = cut.default_end;
  if (auto it = cut.ends.find(p.value()); it != cut.ends.end()) end = it->second;
  if (!end || *end > log_end) return log_end;
  return *end;
}

// The business date of a record, when it decodes to an event that has one.
std::optional<std::int32_t> business_day(const std::string& value) {
  auto event = events::decode(value);
  if (!event || event->business_date() == 0) return std::nullopt;
  return static_cast<std::int32_t>(event->business_date());
}

Status append_checked(log::EmbeddedLog& into, const std::vector<log::LogRecord>& records) {
  if (records.empty()) return ok_status();
  std::vector<log::AppendEntry> entries;
  entries.reserve(records.size());
  for (const auto& r : records) entries.push_back({r.key, r.value});
  TALLY_TRY(const auto appended, into.append(entries));
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (appended[i].partition != records[i].partition || appended[i].position != records[i].position)
      return core_error(CoreErrc::log_io,
                        fmt::format("the record at partition {} position {} went to partition {} position {} in "
                                    "the replay's log: the live log's partitioning differs from this build's",
                                    records[i].partition.value(), records[i].position.value(),
                                    appended[i].partition.value(), appended[i].position.value()));
  }
  return ok_status();
}

// Copies one partition's records within its cut into `into`. By position: the records before
// the end, at the same positions. By date: every record dated on or before the date (or
// undated), in log order, at consecutive positions of DIR's partition; the others are left
// out and counted.
Result<PartitionCut> copy_partition(log::EmbeddedLog& live, log::EmbeddedLog& into, const ReplayOptions& options,
                                    PartitionId p, std::atomic<std::uint64_t>& scanned) {
  PartitionCut cut{p, LogPosition(0), live.end_position(p), 0, 0};
  const LogPosition end = scan_end(options.cut, p, cut.log_end);
  if (end.value() == 0) return cut;
  log::ConsumerOptions consumer_options;
  consumer_options.partitions = {p};
  TALLY_TRY(auto consumer, live.consume(consumer_options));
  std::int64_t next = 0, kept = 0;
  while (next < end.value()) {
    TALLY_TRY(std::vector<log::LogRecord> records, consumer->poll(0, options.copy_batch_records));
    if (records.empty())
      return core_error(CoreErrc::log_io, fmt::format("partition {} ended at position {} before its end {}",
                                                      p.value(), next, end.value()));
    std::vector<log::LogRecord> keep;
    keep.reserve(records.size());
    for (auto& r : records) {
      if (r.partition != p || r.position.value() != next)
        return core_error(CoreErrc::log_io, fmt::format("partition {}: expected position {}, read {}:{}", p.value(),
                                                        next, r.partition.value(), r.position.value()));
      if (next >= end.value()) break;
      ++next;
      scanned.fetch_add(1, std::memory_order_relaxed);
      if (options.cut.until) {
        const auto day = business_day(r.value);
        if (day && *day > options.cut.until->days()) {
          ++cut.left_out;
          continue;
        }
        if (cut.left_out > 0) ++cut.late_records;
      }
      r.position = LogPosition(kept++);  // where it goes in DIR's partition
      keep.push_back(std::move(r));
    }
    TALLY_TRY_STATUS(append_checked(into, keep));
  }
  cut.end = LogPosition(kept);
  return cut;
}

Status write_report_file(const ReplayOptions& options, const ReplayReport& report) {
  boost::json::object cut;
  if (options.cut.until) cut["until"] = options.cut.until->to_iso();
  if (options.cut.default_end) cut["position"] = options.cut.default_end->value();
  boost::json::object ends;
  for (const auto& [p, e] : options.cut.ends) ends[std::to_string(p)] = e.value();
  if (!ends.empty()) cut["positions"] = ends;
  boost::json::array partitions;
  for (const auto& c : report.partitions)
    partitions.push_back({{"partition", c.partition.value()},
                          {"records", c.end.value()},
                          {"log_records", c.log_end.value()},
                          {"left_out", c.left_out},
                          {"late_records", c.late_records}});
  const boost::json::object doc{{"source", fs::absolute(options.live.data_dir).string()},
                                {"cut", cut},
                                {"records", report.records},
                                {"partitions", partitions},
                                {"keys_copied", false}};
  const std::string path = options.into.data_dir + "/" + kReportFile;
  std::ofstream out(path, std::ios::trunc);
  out << boost::json::serialize(doc) << "\n";
  if (!out) return invalid(fmt::format("cannot write {}", path));
  return ok_status();
}

}  // namespace

std::uint64_t ReplayReport::late_records() const {
  std::uint64_t n = 0;
  for (const auto& c : partitions) n += c.late_records;
  return n;
}

std::uint64_t ReplayReport::left_out() const {
  std::uint64_t n = 0;
  for (const auto& c : partitions) n += c.left_out;
  return n;
}

Status check_new_folder(const std::string& live_data_dir, const std::string& dir) {
  std::error_code ec;
  const fs::path target = fs::weakly_canonical(fs::absolute(dir), ec);
  const fs::path live = fs::weakly_canonical(fs::absolute(live_data_dir), ec);
  if (ec) return invalid(fmt::format("cannot resolve {}: {}", dir, ec.message()));
  auto rel = target.lexically_relative(live);
  if (!rel.empty() && *rel.begin() != "..")
    return invalid(fmt::format("{} is the live data folder or inside it: replay into a folder of its own", dir));
  if (!fs::exists(target, ec)) return ok_status();
  if (!fs::is_directory(target, ec)) return invalid(fmt::format("{} exists and is not a folder", dir));
  if (!fs::is_empty(target, ec)) return invalid(fmt::format("{} is not empty: replay into a new folder", dir));
  return ok_status();
}

Result<ReplayReport> replay_into(const ReplayOptions& options) {
  if (options.cut.until && (options.cut.default_end || !options.cut.ends.empty()))
    return invalid("a replay is cut by date or by position, not both");
  TALLY_TRY_STATUS(check_new_folder(options.live.data_dir, options.into.data_dir));
  if (!fs::exists(options.live.log_dir() + "/CURRENT"))
    return invalid(fmt::format("{} holds no embedded event log (looked for {})", options.live.data_dir,
                               options.live.log_dir()));
  // The live log first: its lock says whether a `tally serve` (or another command) has it.
  TALLY_TRY(auto live, log::EmbeddedLog::open({options.live.log_dir(), options.live.partitions, true}));
  for (const auto& [p, e] : options.cut.ends)
    if (p >= live->partition_count())
      return invalid(fmt::format("partition {} does not exist: the log has {}", p, live->partition_count()));
  std::error_code ec;
  for (const std::string& d : {options.into.data_dir, options.into.log_dir(), options.into.ledger_dir(),
                               options.into.reconcile_dir()}) {
    fs::create_directories(d, ec);
    if (ec) return invalid(fmt::format("cannot create {}: {}", d, ec.message()));
  }
  TALLY_TRY(auto into, log::EmbeddedLog::open({options.into.log_dir(), live->partition_count(), true}));

  ReplayReport report;
  auto start = Clock::now();
  {
    std::uint64_t total = 0;
    for (std::uint32_t i = 0; i < live->partition_count(); ++i) {
      const PartitionId p(i);
      total += static_cast<std::uint64_t>(scan_end(options.cut, p, live->end_position(p)).value());
    }
    std::atomic<std::uint64_t> scanned{0};
    Ticker ticker(options.progress, options.progress_interval_ms, "reading the log", total,
                  [&scanned] { return scanned.load(std::memory_order_relaxed); });
    for (std::uint32_t i = 0; i < live->partition_count(); ++i) {
      TALLY_TRY(PartitionCut cut, copy_partition(*live, *into, options, PartitionId(i), scanned));
      report.records += static_cast<std::uint64_t>(cut.end.value());
      report.partitions.push_back(cut);
    }
  }
  report.copy_seconds = seconds_since(start);

  start = Clock::now();
  {
    ledger::LedgerOptions ledger_options;
    ledger_options.path = options.into.ledger_dir();
    TALLY_TRY(auto books, ledger::Ledger::open(ledger_options));
    ledger::ServiceOptions posting;
    posting.max_batch_events = kPostingBatch;
    posting.max_batch_ms = kPostingPollMs;
    posting.poll_timeout_ms = kPostingPollMs;
    posting.bulk = true;
    ledger::LedgerService service(*books, *into, posting);
    {
      Ticker ticker(options.progress, options.progress_interval_ms, "posting", report.records,
                    [&service] { return service.stats().records.load(std::memory_order_relaxed); });
      TALLY_TRY_STATUS(service.drain());
    }
    report.ledger = service.totals();
  }  // closing the ledger writes its memtables to table files
  report.ledger_seconds = seconds_since(start);

  start = Clock::now();
  {
    TALLY_TRY(auto reconciler, reconcile::Reconciler::open(options.into.reconcile_dir(), *into));
    {
      Ticker ticker(options.progress, options.progress_interval_ms, "reconciler", report.records,
                    [&r = *reconciler] { return r.service().applied_records(); });
      TALLY_TRY_STATUS(reconciler->catch_up());
    }
    report.reconcile_records = reconciler->service().applied_records();
  }
  report.reconcile_seconds = seconds_since(start);
  TALLY_TRY_STATUS(write_report_file(options, report));
  return report;
}

}  // namespace tally::replay
