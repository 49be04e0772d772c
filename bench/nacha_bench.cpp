// NACHA reader benchmark.
//   nacha_parse: parse() + full validation throughput (MB/s) of a 1,000,000-entry autopay
//     file built in memory by the NACHA writer, delivering every entry to a visitor that
//     counts them; baseline: LineSplitter merely counting the lines of the same bytes.
//     Medians of 5 alternating runs each, same process. Budget: ratio >= 0.5.
//   nacha_parse_heap_peak: the most heap the parser held at once (bytes, counted by replacing
//     operator new/delete) while parsing the 1M-entry file; baseline: the same for a
//     100k-entry file. Equal figures mean memory does not grow with the file.
//   nacha_peak_rss_growth: resident memory high-water mark during the parse minus resident
//     memory before it (KiB; the input is already resident and not counted), 1M vs 100k.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_util.h"
#include "bench/heap_counter.h"
#include "formats/common/text.h"
#include "formats/nacha/reader.h"
#include "formats/nacha/writer.h"

namespace nacha = tally::formats::nacha;

namespace {

constexpr const char* kRoutings[] = {"231380104", "021000021", "121042882", "031300012",
                                     "091000019"};

std::string build_file(int batches, int debits_per_batch) {
  nacha::FileOptions o;
  o.immediate_destination = "231380104";
  o.immediate_origin = "1123456789";
  o.immediate_destination_name = "FIRST BANK";
  o.immediate_origin_name = "TALLY WATER DISTRICT";
  o.file_creation_date = *tally::BusinessDate::from_ymd(2026, 11, 22);
  o.file_creation_time = "0200";
  auto writer = nacha::Writer::create(o);
  if (!writer.ok()) std::abort();
  nacha::BatchOptions b;
  b.company_name = "TALLY WATER";
  b.company_identification = "1123456789";
  b.company_entry_description = "WATER BILL";
  b.effective_entry_date = *tally::BusinessDate::from_ymd(2026, 11, 24);
  b.odfi_identification = "12104288";
  b.offset = nacha::OffsetAccount{nacha::AccountType::kChecking, "121042882", "9990001",
                                  "TALLY-OPS", "TALLY WATER OPERATING"};
  nacha::AutopayDebit d;
  int n = 0;
  for (int batch = 0; batch < batches; ++batch) {
    if (!writer->begin_batch(b).ok()) std::abort();
    for (int i = 0; i < debits_per_batch; ++i, ++n) {
      d.account_type = n % 7 == 0 ? nacha::AccountType::kSavings : nacha::AccountType::kChecking;
      d.routing_number = kRoutings[n % 5];
      d.dfi_account_number = fmt::format("{:09}", 100000000 + n * 7);
      d.amount_minor = 1000 + n % 25000;
      d.individual_id_number = fmt::format("ACCT-{:08}", n);
      d.individual_name = fmt::format("CUSTOMER {:08}", n);
      if (!writer->add_debit(d).ok()) std::abort();
    }
    if (!writer->end_batch().ok()) std::abort();
  }
  auto text = writer->finish();
  if (!text.ok()) std::abort();
  return std::move(text).value();
}

// The parse's counterpart of counting lines: a consumer that only counts entries and adds
// up their amounts (so each delivered record is really looked at).
class CountingVisitor : public nacha::Visitor {
 public:
  void on_entry(const nacha::EntryDetail& e) override {
    ++entries;
    amount_minor += e.amount_minor;
  }
  std::int64_t entries = 0;
  std::int64_t amount_minor = 0;
};

std::int64_t count_lines(std::string_view data) {
  tally::formats::LineSplitter splitter(data);
  std::string_view line;
  std::int64_t n = 0;
  while (splitter.next(line)) ++n;
  return n;
}

// Resident set figures from /proc (KiB); -1 if unavailable.
long proc_status_kib(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string name;
  long value = -1;
  while (in >> name) {
    if (name == key) {
      in >> value;
      return value;
    }
    in.ignore(1 << 12, '\n');
  }
  return -1;
}

// Resets the RSS high-water mark (Linux >= 4.0); false if not permitted.
bool reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

struct MemoryFigures {
  std::size_t heap_peak_bytes = 0;
  long rss_growth_kib = -1;
};

MemoryFigures measure_parse_memory(const std::string& file) {
  MemoryFigures m;
  const bool hwm = reset_peak_rss();
  const long rss_before = proc_status_kib("VmRSS:");
  const std::size_t heap_before = tally::bench::heap::begin();
  CountingVisitor visitor;
  const auto report = nacha::parse(file, visitor);
  if (!report.accepted || visitor.entries == 0) std::abort();
  m.heap_peak_bytes = tally::bench::heap::peak_since(heap_before);
  if (hwm && rss_before >= 0) m.rss_growth_kib = proc_status_kib("VmHWM:") - rss_before;
  return m;
}

}  // namespace

int main() {
  // 100 batches of 9,999 debits + 1 offset: 1,000,000 entry records.
  const std::string big = build_file(100, 9999);
  const std::string small = build_file(10, 9999);
  std::printf("# input: %zu bytes (1,000,000 entries), %zu bytes (100,000 entries)\n", big.size(),
              small.size());

  const auto first = nacha::check(big);
  if (!first.accepted) {
    std::fprintf(stderr, "generated file rejected: %s\n",
                 first.errors.empty() ? "?" : first.errors[0].message.c_str());
    return 1;
  }
  // Parse and baseline runs alternate, so load from other processes on this shared machine
  // falls on both alike; each figure is the median of its runs.
  const double mb = static_cast<double>(big.size()) / 1e6;
  std::vector<double> split_s, parse_s;
  for (int run = 0; run < 5; ++run) {
    split_s.push_back(
        tally::bench::median_seconds(1, [&] { tally::bench::do_not_optimize(count_lines(big)); }));
    parse_s.push_back(tally::bench::median_seconds(1, [&] {
      CountingVisitor visitor;
      const auto report = nacha::parse(big, visitor);
      tally::bench::do_not_optimize(report.accepted);
      tally::bench::do_not_optimize(visitor.amount_minor);
    }));
  }
  std::sort(split_s.begin(), split_s.end());
  std::sort(parse_s.begin(), parse_s.end());
  tally::bench::print_line("nacha_parse", mb / parse_s[2], "MB/s", mb / split_s[2]);

  // Memory: the same parser on 10x the data.
  const MemoryFigures small_mem = measure_parse_memory(small);
  const MemoryFigures big_mem = measure_parse_memory(big);
  tally::bench::print_line("nacha_parse_heap_peak", static_cast<double>(big_mem.heap_peak_bytes),
                           "B", static_cast<double>(small_mem.heap_peak_bytes));
  if (big_mem.rss_growth_kib >= 0 && small_mem.rss_growth_kib >= 0) {
    tally::bench::print_line("nacha_peak_rss_growth", static_cast<double>(big_mem.rss_growth_kib),
                             "KiB", static_cast<double>(small_mem.rss_growth_kib));
  } else {
    std::printf("# nacha_peak_rss_growth: /proc/self/clear_refs not writable; heap figure only\n");
  }
  return 0;
}
