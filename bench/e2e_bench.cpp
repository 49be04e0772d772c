// e2e_bench: a 1,000,000-payment NACHA file through `tally ingest` on the embedded log, timed
// as the user waits: the whole command as a process, start to exit (files checked,
// published to the synced log, posted to the ledger, the ledger's table files written and
// synced, the data folder closed), then the next command, `tally ledger balance`, the same
// way. Budget (issue #13, DESIGN.md): <= 15 s on the 2-core dev machine, the next command
// under 0.5 s.
//
//   e2e_ingest_1m          `tally ingest FILE` start to exit, median over runs, fresh data
//                          folder each run; baseline: formats::nacha::check on the same bytes
//                          (parse only, in process).
//   e2e_ingest_1m_rate     events posted per second of that; baseline: entries per second of
//                          the parse-only check.
//   e2e_1m_close           from the summary line on the command's stdout to its exit: the
//                          data folder closing (median); baseline: the whole command.
//   e2e_1m_next_balance    `tally ledger balance ACCOUNT` right after, start to exit (median);
//                          baseline: the ingest command.
//   e2e_1m_<part>          where the time goes, in process, one run each (baseline = the
//                          command's median, ratio = its share): sha256 of the file, the check
//                          pass, mapping to events (into a sink that only counts), mapping
//                          plus protobuf encoding, mapping plus publishing to a fresh synced
//                          log, Intake::ingest on a fresh node (hash, check, fingerprint,
//                          publish, record), then the ledger posting that backlog in bulk.
//
// Usage: e2e_bench [runs]   (default 3; each run writes ~1 GB to $TMPDIR)
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>
#include <string>

#include "bench/bench_util.h"
#include "core/events/codec.h"
#include "core/log/embedded_log.h"
#include "core/sha256.h"
#include "formats/nacha/reader.h"
#include "formats/nacha/writer.h"
#include "ingest/file_context.h"
#include "ingest/mapping.h"
#include "ingest/publisher.h"
#include "node/node.h"

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

// Runs `tally ARGS...` with its stdout on a pipe; returns the seconds from start to exit and,
// when `marker` is not empty, from the first stdout line starting with it to exit.
struct ProcessTimes {
  double seconds = 0, after_marker = 0;
  std::string out;
};

ProcessTimes run_tally(const std::vector<std::string>& args, const std::string& marker = "") {
  int out[2];
  if (pipe(out) != 0) die("pipe");
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(TALLY_BINARY));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(TALLY_BINARY, argv.data());
    _exit(127);
  }
  close(out[1]);
  ProcessTimes t;
  std::optional<Clock::time_point> marked;
  char buffer[4096];
  for (ssize_t n; (n = read(out[0], buffer, sizeof buffer)) > 0;) {
    t.out.append(buffer, static_cast<std::size_t>(n));
    if (!marker.empty() && !marked && (t.out.starts_with(marker) || t.out.find("\n" + marker) != std::string::npos))
      marked = Clock::now();
  }
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  t.seconds = seconds_since(start);
  if (marked) t.after_marker = seconds_since(*marked);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    die("tally " + args.front() + " failed: " + t.out);
  return t;
}

struct CommandRun {
  double ingest = 0, close = 0, next_balance = 0;
};

// The measured path: `tally ingest --keep FILE`, then `tally ledger balance`, as processes.
CommandRun ingest_command(const std::string& file_path) {
  const std::string dir = make_temp_dir();
  const std::string data = dir + "/data";
  CommandRun r;
  const ProcessTimes ingest = run_tally({"--data-dir", data, "ingest", "--keep", "--user", "bench", file_path}, "ingest:");
  if (ingest.out.find(fmt::format("{} posted", kPayments + kPayments / kBatchSize)) == std::string::npos)
    die("not every event was posted: " + ingest.out);
  r.ingest = ingest.seconds;
  r.close = ingest.after_marker;
  r.next_balance = run_tally({"--data-dir", data, "ledger", "balance", std::to_string(300'000)}).seconds;
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
  if (!report || !report->accepted || !publisher.flush()) die("map + publish failed");
  const double s = seconds_since(start);
  log->reset();
  fs::remove_all(dir);
  return s;
}

struct InProcessSplit {
  double intake = 0, post = 0;
};

// Intake::ingest on a fresh node with nothing posting, then the ledger posting that backlog
// in bulk (Node::post_pending).
InProcessSplit intake_then_post(const std::string& file_path) {
  const std::string dir = make_temp_dir();
  Config config;
  config.data_dir = dir + "/data";
  InProcessSplit split;
  {
    auto node = node::Node::open(config);
    if (!node) die(node.error().describe());
    ingest::IngestOptions options;
    options.user = "bench";
    options.move_files = false;
    auto start = Clock::now();
    auto outcome = (*node)->intake().ingest(file_path, options);
    if (!outcome || outcome->kind != ingest::IngestOutcome::Kind::accepted) die("ingest");
    split.intake = seconds_since(start);
    start = Clock::now();
    auto posted = (*node)->post_pending();
    if (!posted) die(posted.error().describe());
    if (posted->applied != static_cast<std::size_t>(outcome->events)) die("not every event was posted");
    split.post = seconds_since(start);
  }
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

  std::vector<double> times, close_times, next_times;
  for (int i = 0; i < runs; ++i) {
    const CommandRun r = ingest_command(file_path);
    std::fprintf(stderr, "  run %d: tally ingest %.2f s (closing %.2f s), next tally ledger balance %.2f s\n",
                 i + 1, r.ingest, r.close, r.next_balance);
    times.push_back(r.ingest);
    close_times.push_back(r.close);
    next_times.push_back(r.next_balance);
  }
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double e2e = median(times);
  const double events = static_cast<double>(kPayments + kPayments / kBatchSize);
  bench::print_line("e2e_ingest_1m", e2e, "s", parse);
  bench::print_line("e2e_ingest_1m_rate", events / e2e, "events/s", static_cast<double>(kPayments) / parse);
  bench::print_line("e2e_1m_close", median(close_times), "s", e2e);
  bench::print_line("e2e_1m_next_balance", median(next_times), "s", e2e);

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
         bench::do_not_optimize(
             ingest::map_file(formats::Format::nacha, bytes, file, sink)->accepted);
       }));
  part("e2e_1m_map_encode", timed([&] {
         EncodingSink sink;
         bench::do_not_optimize(
             ingest::map_file(formats::Format::nacha, bytes, file, sink)->accepted);
       }));
  part("e2e_1m_map_publish_synced", map_publish_seconds(bytes, true));
  part("e2e_1m_map_publish_unsynced", map_publish_seconds(bytes, false));
  part("e2e_1m_map_publish_synced_batch10k", map_publish_seconds(bytes, true, 10'000));
  const InProcessSplit split = intake_then_post(file_path);
  part("e2e_1m_intake_ingest", split.intake);
  part("e2e_1m_post_bulk", split.post);
  fs::remove_all(work);
  return 0;
}
