// BAI2 parse throughput against plain line splitting of the same bytes, and parser memory.
//
// Builds in memory a valid BAI2 file with 1,000,000 transaction detail (16) records spread
// over accounts of 1,000 details each, then prints (medians of 5 runs, same process):
//   bai2_parse value=<parse MB/s> unit=MB/s baseline=<LineSplitter MB/s> ratio=<parse/split>
//   bai2_parse_rss_growth value=<KiB, 1M-record file> unit=KiB baseline=<KiB, 100k-record file>
//   bai2_parse_heap_peak value=<KiB, 1M-record file> unit=KiB baseline=<KiB, 100k-record file>
// RSS growth is the rise of peak RSS during one parse beyond the input buffer (built at its
// exact size first); heap peak is the most heap the parse had live at once, counted by the
// replaced operator new below. Equal small figures for 100k and 1M records mean parser
// memory does not grow with the file.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>


#include "bench/bench_util.h"
#include "bench/heap_counter.h"
#include "formats/bai2/bai2.h"
#include "formats/common/text.h"

namespace {

namespace bai2 = tally::formats::bai2;

}  // namespace

namespace {

constexpr int kRuns = 5;
constexpr std::int64_t kDetailsPerAccount = 1000;

// A visitor that does the least a real consumer does: look at each detail's fields.
class Consumer : public bai2::Visitor {
 public:
  std::int64_t count = 0;
  std::int64_t sum = 0;
  std::size_t text_bytes = 0;
  void on_transaction(const bai2::TransactionDetail& t) override {
    ++count;
    sum += t.amount_minor.value_or(0);
    text_bytes += t.text.size() + t.bank_reference.size();
  }
};

void append_number(std::string& out, std::int64_t v, int width) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
  out += buf;
}

// Writes the file; when `out` is null only measures it, so the real buffer is reserved once.
std::size_t build(std::int64_t details, std::string* out) {
  static const char* const kCodes[] = {"115", "142", "165", "175", "301", "475", "555", "698"};
  static const char* const kFunds[] = {"0", "1", "Z", "V,260104,"};
  std::string scratch;
  std::string& s = out ? *out : scratch;
  std::size_t size = 0;
  const auto flush = [&] {
    size += s.size();
    if (!out) s.clear();
  };
  s += "01,TALLYBANK,UTILITY01,260105,0800,1,,,2/\n02,UTILITY01,TALLYBANK,1,260104,2400,,2/\n";
  flush();
  std::int64_t file_total = 0;
  std::int64_t accounts = 0;
  std::int64_t records = 2;
  for (std::int64_t done = 0; done < details;) {
    const std::int64_t n =
        details - done < kDetailsPerAccount ? details - done : kDetailsPerAccount;
    s += "03,";
    append_number(s, 4000000000 + accounts, 10);
    s += ",,010,+100000,,,015,250000,,/\n";
    std::int64_t total = 350000;
    for (std::int64_t i = 0; i < n; ++i, ++done) {
      const std::int64_t amount = 1000 + (done * 7919) % 500000;
      total += amount;
      s += "16,";
      s += kCodes[done % 8];
      s += ',';
      append_number(s, amount, 12);
      s += ',';
      s += kFunds[done % 4];
      s += ",BR";
      append_number(s, done, 9);
      s += ",CR";
      append_number(s, done % 100000, 6);
      s += ",PAYMENT FROM CUSTOMER ";
      append_number(s, done % 1000003, 8);
      // Most texts end with '/', as banks write them; one in eight has a '/' inside too.
      s += done % 8 == 7 ? " INV 01/05/\n" : " INV 2026-01/\n";
      if (!out && s.size() > 1 << 16) flush();
    }
    s += "49," + std::to_string(total) + "," + std::to_string(n + 2) + "/\n";
    file_total += total;
    records += n + 2;
    ++accounts;
    flush();
  }
  s += "98," + std::to_string(file_total) + "," + std::to_string(accounts) + "," +
       std::to_string(records) + "/\n";
  s += "99," + std::to_string(file_total) + ",1," + std::to_string(records + 2) + "/\n";
  flush();
  return size;
}

std::string make_file(std::int64_t details) {
  std::string file;
  file.reserve(build(details, nullptr));
  build(details, &file);
  return file;
}

tally::bench::ParseMemory measure_memory(std::int64_t details) {
  const std::string file = make_file(details);
  return tally::bench::measure_parse_memory([&] {
    Consumer c;
    const auto report = bai2::parse(file, c);
    if (!report.accepted) std::fprintf(stderr, "generated file rejected\n");
    tally::bench::do_not_optimize(c.sum);
  });
}

}  // namespace

int main() {
  const auto small = measure_memory(100000);
  const auto large = measure_memory(1000000);

  const std::string file = make_file(1000000);
  const double mb = static_cast<double>(file.size()) / 1e6;

  bool ok = true;
  const double parse_s = tally::bench::median_seconds(kRuns, [&] {
    Consumer c;
    const auto report = bai2::parse(file, c);
    ok = ok && report.accepted && c.count == 1000000;
    tally::bench::do_not_optimize(c.sum);
  });
  const double split_s = tally::bench::median_seconds(kRuns, [&] {
    tally::formats::LineSplitter splitter(file);
    std::string_view line;
    std::int64_t lines = 0;
    while (splitter.next(line)) ++lines;
    tally::bench::do_not_optimize(lines);
  });
  if (!ok) {
    std::fprintf(stderr, "bai2_bench: the generated file did not parse as expected\n");
    return 1;
  }
  std::printf("# %.1f MB, 1,000,000 detail records; input buffer %.0f KiB\n", mb,
              static_cast<double>(file.size()) / 1024.0);
  tally::bench::print_line("bai2_parse", mb / parse_s, "MB/s", mb / split_s);
  tally::bench::print_line("bai2_parse_rss_growth", static_cast<double>(large.rss_growth_kib),
                           "KiB", static_cast<double>(small.rss_growth_kib));
  tally::bench::print_line("bai2_parse_heap_peak", static_cast<double>(large.heap_peak_kib), "KiB",
                           static_cast<double>(small.heap_peak_kib));
  return 0;
}
