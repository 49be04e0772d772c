// e2e_bench: a 1,000,000-payment NACHA file ingested end to end on the embedded log, the
// way `tally ingest` does it (app/posting.h): open_posting_services, Intake::ingest (hash,
// dedupe, detect, check, map, publish synced batches to the log, record the file), then
// post_pending (read the log, apply to the ledger in synced group commits; a second thread
// posts while the file is published, as `tally ingest` does). Budget (DESIGN.md): <= 15 s on
// the 2-core dev machine.
//
//   e2e_ingest_1m       wall seconds of the whole path, fresh data folder per run (median);
//                       baseline: formats::nacha::check on the same bytes (parse only).
//   e2e_ingest_1m_rate  events posted per second of that path; baseline: entries per second
//                       of the parse-only check.
//   e2e_1m_close        seconds to close the data folder after that path (median): the
//                       ledger and log write their memtables to table files (ledger/store.h),
//                       work the path leaves for after the balances are posted; baseline: the
//                       path's median.
//   e2e_1m_<part>       where the time goes, from one more instrumented run (baseline = the
//                       whole path's median, ratio = its share): sha256 of the file, the check
//                       pass, mapping to events (into a sink that only counts), mapping plus
//                       protobuf encoding, mapping plus publishing to a fresh synced log
//                       (1,000 events per append, as Publisher does), the same unsynced and
//                       with 10,000 events per append, and
//                       the ledger's side of post_pending split into log reads and applies,
//                       and the same applies through the ledger's pipelined submit()/flush().
//
// Usage: e2e_bench [runs]   (default 3; each run writes ~1 GB to $TMPDIR)
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "app/posting.h"
#include "bench/bench_util.h"
#include "core/events/codec.h"
#include "core/log/embedded_log.h"
#include "core/sha256.h"
#include "formats/nacha/reader.h"
#include "formats/nacha/writer.h"
#include "ingest/file_context.h"
#include "ingest/mapping.h"
#include "ingest/publisher.h"

namespace {

using namespace tally;
namespace fs = std::filesystem;
namespace nacha = formats::nacha;
using Clock = std::chrono::steady_clock;

constexpr int kPayments = 1'000'000;
constexpr int kCustomers = 100'000;
constexpr int kBatchSize = 10'000;  // entries per NACHA batch: 100 batches
constexpr int kParseRuns = 5;
constexpr const char* kRoutings[] = {"091000019", "021000021", "011000015", "122105278"};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "e2e_bench: %s\n", what.c_str());
  std::exit(1);
}

std::string build_file() {
  nacha::FileOptions file;
  file.immediate_destination = "121042882";
  file.immediate_origin = "1946000123";
  file.immediate_destination_name = "FIRST COMMUNITY BANK";
  file.immediate_origin_name = "CITY OF MILLBROOK WATER";
  file.file_creation_date = *BusinessDate::from_ymd(2026, 11, 20);
  file.file_creation_time = "0615";
  auto writer = nacha::Writer::create(file);
  if (!writer) die(writer.error().describe());
  nacha::BatchOptions batch;
  batch.company_name = "MILLBROOK WATER";
  batch.company_identification = "1946000123";
  batch.company_entry_description = "WATER BILL";
  batch.effective_entry_date = file.file_creation_date;
  batch.odfi_identification = "12104288";
  std::uint64_t state = 42;
  for (int i = 0; i < kPayments; ++i) {
    if (i % kBatchSize == 0) {
      if (i > 0 && !writer->end_batch()) die("end_batch");
      if (!writer->begin_batch(batch)) die("begin_batch");
    }
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    const int k = i % kCustomers;
    nacha::AutopayDebit debit;
    debit.routing_number = kRoutings[k % 4];
    debit.dfi_account_number = std::to_string(20'000'000 + k);
    debit.amount_minor = 100 + static_cast<std::int64_t>((state >> 33) % 50'000);
    debit.individual_id_number = std::to_string(300'000 + k);
    debit.individual_name = "CUSTOMER";
    if (!writer->add_debit(debit)) die("add_debit");
  }
  if (!writer->end_batch()) die("end_batch");
  auto text = writer->finish();
  if (!text) die(text.error().describe());
  return std::move(text).value();
}

std::string make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "tally-e2e-bench-XXXXXX").string();
  if (!mkdtemp(pattern.data())) die("mkdtemp");
  return pattern;
}

struct PathResult {
  double seconds = 0, close_seconds = 0;
  std::int64_t events = 0, posted = 0;
};

// The measured path: exactly what `tally ingest FILE` runs, minus the CLI.
PathResult ingest_end_to_end(const std::string& file_path) {
  const std::string dir = make_temp_dir();
  Config config;
  config.data_dir = dir + "/data";
  const auto start = Clock::now();
  auto services = app::open_posting_services(config);
  if (!services) die(services.error().describe());
  ingest::IngestOptions options;
  options.user = "bench";
  options.move_files = false;
  app::BackgroundPosting background(**services);
  auto outcome = (*services)->intake->ingest(file_path, options);
  if (!outcome || outcome->kind != ingest::IngestOutcome::Kind::accepted) die("ingest did not accept the file");
  auto posted_meanwhile = background.finish();
  if (!posted_meanwhile) die(posted_meanwhile.error().describe());
  auto posted = (*services)->post_pending();
  if (!posted) die(posted.error().describe());
  PathResult r{seconds_since(start), 0, outcome->events, *posted + *posted_meanwhile};
  const auto closing = Clock::now();
  services->reset();
  r.close_seconds = seconds_since(closing);
  fs::remove_all(dir);
  return r;
}

class CountingSink final : public ingest::EventSink {
 public:
  void emit(events::Envelope&&) override { ++count; }
  std::int64_t count = 0;
};

class EncodingSink final : public ingest::EventSink {
 public:
  void emit(events::Envelope&& e) override { bytes += events::encode(e).size(); }
  std::size_t bytes = 0;
};

ingest::FileContext context_for(const std::string& bytes) {
  ingest::FileContext file;
  file.sha256 = to_hex(sha256(bytes));
  file.file_name = "bench.ach";
  file.account_hash_key = std::string(32, 'k');
  file.sealing_key = std::string(32, 's');
  return file;
}

double map_publish_seconds(const std::string& bytes, bool sync,
                           std::size_t batch = ingest::Publisher::kDefaultBatch) {
  const std::string dir = make_temp_dir();
  auto log = log::EmbeddedLog::open({dir + "/log", 8, sync});
  if (!log) die(log.error().describe());
  const auto file = context_for(bytes);
  const auto start = Clock::now();
  ingest::Publisher publisher(**log, batch);
  const auto report = ingest::map_file(formats::Format::nacha, bytes, file, publisher);
  if (!report.accepted || !publisher.flush()) die("map + publish failed");
  const double s = seconds_since(start);
  log->reset();
  fs::remove_all(dir);
  return s;
}

struct PostSplit {
  double ingest = 0, read = 0, apply = 0, apply_cpu = 0;
  std::size_t write_bytes = 0, applied = 0;
};

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// Intake::ingest, then post_pending's loop with timers around the log reads and the applies
// (apply(): one synced group commit per poll, as post_pending does), or with the ledger's
// pipelined submit()/flush() instead when `pipelined`.
PostSplit instrumented_run(const std::string& file_path, bool pipelined) {
  const std::string dir = make_temp_dir();
  Config config;
  config.data_dir = dir + "/data";
  auto services = app::open_posting_services(config);
  if (!services) die(services.error().describe());
  app::PostingServices& s = **services;
  PostSplit split;
  ingest::IngestOptions options;
  options.move_files = false;
  auto start = Clock::now();
  if (!s.intake->ingest(file_path, options)) die("ingest");
  split.ingest = seconds_since(start);
  log::ConsumerOptions consume;
  consume.start_position = [&s](PartitionId p) { return s.ledger->next_position(p); };
  auto consumer = s.log->consume(consume);
  if (!consumer) die(consumer.error().describe());
  for (;;) {
    start = Clock::now();
    auto records = (*consumer)->poll(20, 5000);  // post_pending's poll and batch
    split.read += seconds_since(start);
    if (!records) die(records.error().describe());
    if (records->empty()) break;
    start = Clock::now();
    const double cpu = process_cpu_seconds();
    auto stats = pipelined ? s.ledger->submit(std::move(records).value(), s.log.get())
                           : s.ledger->apply(*records, s.log.get());
    if (!stats) die(stats.error().describe());
    split.apply += seconds_since(start);
    split.apply_cpu += process_cpu_seconds() - cpu;
    split.write_bytes += stats->write_bytes;
    split.applied += stats->applied;
  }
  if (pipelined) {
    start = Clock::now();
    auto last = s.ledger->flush();
    if (!last) die(last.error().describe());
    split.apply += seconds_since(start);
    split.write_bytes += last->write_bytes;
    split.applied += last->applied;
  }
  consumer->reset();
  services->reset();
  fs::remove_all(dir);
  return split;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  const std::string bytes = build_file();
  const std::string work = make_temp_dir();
  const std::string file_path = work + "/payments-1m.ach";
  {
    std::ofstream out(file_path, std::ios::binary);
    out << bytes;
    if (!out) die("cannot write " + file_path);
  }
  std::fprintf(stderr, "e2e_bench: %d payments, %.1f MB, %d run(s)\n", kPayments,
               static_cast<double>(bytes.size()) / 1e6, runs);

  const double parse = bench::median_seconds(kParseRuns, [&] {
    const auto report = nacha::check(bytes);
    if (!report.accepted) die("the generated file does not check");
    bench::do_not_optimize(report.errors.size());
  });

  std::vector<double> times, close_times;
  std::int64_t posted = 0;
  for (int i = 0; i < runs; ++i) {
    const PathResult r = ingest_end_to_end(file_path);
    std::fprintf(stderr, "  run %d: %.2f s, %lld events published, %lld posted; closed in %.2f s\n",
                 i + 1, r.seconds, static_cast<long long>(r.events), static_cast<long long>(r.posted),
                 r.close_seconds);
    if (r.posted != r.events) die("not every event was posted");
    times.push_back(r.seconds);
    close_times.push_back(r.close_seconds);
    posted = r.posted;
  }
  std::sort(times.begin(), times.end());
  std::sort(close_times.begin(), close_times.end());
  const double e2e = times[times.size() / 2];
  bench::print_line("e2e_ingest_1m", e2e, "s", parse);
  bench::print_line("e2e_ingest_1m_rate", static_cast<double>(posted) / e2e, "events/s",
                    static_cast<double>(kPayments) / parse);
  bench::print_line("e2e_1m_close", close_times[close_times.size() / 2], "s", e2e);

  // Where the time goes (one instrumented pass of each part).
  auto part = [&](const char* name, double seconds) { bench::print_line(name, seconds, "s", e2e); };
  auto timed = [](auto&& fn) {
    const auto start = Clock::now();
    fn();
    return seconds_since(start);
  };
  part("e2e_1m_sha256", timed([&] { bench::do_not_optimize(sha256(bytes)); }));
  part("e2e_1m_check", timed([&] {
         bench::do_not_optimize(ingest::check_file(formats::Format::nacha, bytes).accepted);
       }));
  const auto file = context_for(bytes);
  part("e2e_1m_map", timed([&] {
         CountingSink sink;
         bench::do_not_optimize(ingest::map_file(formats::Format::nacha, bytes, file, sink).accepted);
       }));
  part("e2e_1m_map_encode", timed([&] {
         EncodingSink sink;
         bench::do_not_optimize(ingest::map_file(formats::Format::nacha, bytes, file, sink).accepted);
       }));
  part("e2e_1m_map_publish_synced", map_publish_seconds(bytes, true));
  part("e2e_1m_map_publish_unsynced", map_publish_seconds(bytes, false));
  part("e2e_1m_map_publish_synced_batch10k", map_publish_seconds(bytes, true, 10'000));
  const PostSplit split = instrumented_run(file_path, false);
  part("e2e_1m_intake_ingest", split.ingest);
  part("e2e_1m_post_log_read", split.read);
  part("e2e_1m_post_ledger_apply", split.apply);
  std::fprintf(stderr, "  ledger apply: %zu entries, %.0f events/s, %.0f WriteBatch bytes/event, "
               "process CPU %.2f s over %.2f s wall\n",
               split.applied, static_cast<double>(split.applied) / split.apply,
               static_cast<double>(split.write_bytes) / static_cast<double>(std::max<std::size_t>(split.applied, 1)),
               split.apply_cpu, split.apply);
  const PostSplit piped = instrumented_run(file_path, true);
  part("e2e_1m_post_ledger_submit_pipelined", piped.apply);
  fs::remove_all(work);
  return 0;
}
