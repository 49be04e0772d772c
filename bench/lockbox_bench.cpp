// Lockbox parse throughput against plain line splitting of the same bytes, and parser memory.
//
// Builds in memory a valid lockbox file with 1,000,000 detail (6) records in batches of 200
// and lockboxes of 25 batches. The layout is the standard one except for a 7-digit 9 record
// count (the standard 6 digits cannot count a million records), then prints (medians of 5 runs,
// same process):
//   lockbox_parse value=<parse MB/s> unit=MB/s baseline=<LineSplitter MB/s> ratio=<parse/split>
//   lockbox_parse_rss_growth value=<KiB, 1M items> unit=KiB baseline=<KiB, 100k items>
//   lockbox_parse_heap_peak value=<KiB, 1M items> unit=KiB baseline=<KiB, 100k items>
// RSS growth is the rise of peak RSS during one parse beyond the input buffer (built at its
// exact size first); heap peak is the most heap the parse had live at once, counted by the
// replaced operator new below. Equal small figures for 100k and 1M items mean parser memory
// does not grow with the file.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>


#include "bench/bench_util.h"
#include "bench/heap_counter.h"
#include "formats/common/text.h"
#include "formats/lockbox/lockbox.h"

namespace {

namespace lockbox = tally::formats::lockbox;

}  // namespace

namespace {

constexpr int kRuns = 5;
constexpr std::int64_t kItemsPerBatch = 200;
constexpr std::int64_t kBatchesPerLockbox = 25;  // 5,000 items: the 8 count has 4 digits

class Consumer : public lockbox::Visitor {
 public:
  std::int64_t count = 0;
  std::int64_t sum = 0;
  std::size_t name_bytes = 0;
  void on_item(const lockbox::Item& i) override {
    ++count;
    sum += i.amount_minor;
    name_bytes += i.remitter_name.size() + i.remitter_account.size();
  }
};

void append(std::string& s, std::int64_t v, int width) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
  s += buf;
}

void append_padded(std::string& s, const char* text, std::size_t width) {
  const std::size_t start = s.size();
  s += text;
  s.append(width - (s.size() - start), ' ');
}

// Writes the file; when `out` is null only measures it, so the real buffer is reserved once.
std::size_t build(std::int64_t items, std::string* out) {
  static const char* const kNames[] = {"JOHN Q PUBLIC", "ACME HOLDINGS LLC", "MARIA GARCIA",
                                       "NORTHSIDE LAUNDROMAT", "LEE AND SONS PLUMBING"};
  std::string scratch;
  std::string& s = out ? *out : scratch;
  std::size_t size = 0;
  const auto flush = [&] {
    size += s.size();
    if (!out) s.clear();
  };
  s += "100UTILITY01 00999999912601050800\n";
  s += "2UTILITY010099999991000000000040008000801\n";
  std::int64_t records = 2;
  std::int64_t done = 0;
  for (std::int64_t lockbox = 1; done < items; ++lockbox) {
    s += "5000000";
    append(s, lockbox, 7);
    s += "260105UTILITY010099999991\n";
    ++records;
    std::int64_t lb_items = 0, lb_amount = 0;
    for (std::int64_t b = 1; b <= kBatchesPerLockbox && done < items; ++b) {
      std::int64_t n = 0, amount_sum = 0;
      for (; n < kItemsPerBatch && done < items; ++n, ++done) {
        const std::int64_t amount = 1000 + (done * 7919) % 500000;  // totals fit 10 digits
        amount_sum += amount;
        s += '6';
        append(s, b, 3);
        append(s, n + 1, 3);
        append(s, amount, 10);
        append(s, 55002707 + done % 97, 9);
        append(s, 1234555 + done, 10);
        append(s, 100 + done % 9000, 10);
        s += "010426";
        append_padded(s, kNames[done % 5], 30);
        s += "CITY WATER DEPT\n";
        ++records;
        if (!out && s.size() > (1u << 16)) flush();
      }
      s += '7';
      append(s, b, 3);
      s += "000";
      append(s, lockbox, 7);
      s += "260105";
      append(s, n, 3);
      append(s, amount_sum, 10);
      s += '\n';
      ++records;
      lb_items += n;
      lb_amount += amount_sum;
    }
    s += "8000000";
    append(s, lockbox, 7);
    s += "260105";
    append(s, lb_items, 4);
    append(s, lb_amount, 10);
    s += '\n';
    ++records;
    flush();
  }
  s += '9';
  append(s, records + 1, 7);
  s += '\n';
  flush();
  return size;
}

const lockbox::LockboxLayout& wide_count_layout() {
  static const lockbox::LockboxLayout layout = [] {
    const auto fields = lockbox::LockboxLayout::standard_fields();
    std::vector<lockbox::FieldSpec> table(fields.begin(), fields.end());
    for (auto& f : table)
      if (f.record == '9' && f.field == lockbox::Field::kRecordCount) f.length = 7;
    return lockbox::LockboxLayout::from_table("standard-7-digit-count", table, 104).value();
  }();
  return layout;
}

std::string make_file(std::int64_t items) {
  std::string file;
  file.reserve(build(items, nullptr));
  build(items, &file);
  return file;
}

tally::bench::ParseMemory measure_memory(std::int64_t items) {
  const std::string file = make_file(items);
  return tally::bench::measure_parse_memory([&] {
    Consumer c;
    const auto report = lockbox::parse(file, c, wide_count_layout());
    if (!report.accepted) {
      std::fprintf(stderr, "generated file rejected: %s\n",
                   report.errors.empty() ? "?" : report.errors[0].message.c_str());
    }
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
    const auto report = lockbox::parse(file, c, wide_count_layout());
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
    std::fprintf(stderr, "lockbox_bench: the generated file did not parse as expected\n");
    return 1;
  }
  std::printf("# %.1f MB, 1,000,000 detail records; input buffer %.0f KiB\n", mb,
              static_cast<double>(file.size()) / 1024.0);
  tally::bench::print_line("lockbox_parse", mb / parse_s, "MB/s", mb / split_s);
  tally::bench::print_line("lockbox_parse_rss_growth", static_cast<double>(large.rss_growth_kib),
                           "KiB", static_cast<double>(small.rss_growth_kib));
  tally::bench::print_line("lockbox_parse_heap_peak", static_cast<double>(large.heap_peak_kib),
                           "KiB", static_cast<double>(small.heap_peak_kib));
  return 0;
}
