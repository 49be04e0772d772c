// Card settlement CSV parse throughput and PAN masking throughput, each against a baseline
// pass over the same bytes in the same run (medians of 5 runs):
//   card_parse value=<parse MB/s> unit=MB/s baseline=<CSV field splitting MB/s> ratio=...
//   card_csv_split value=<CSV field splitting MB/s> unit=MB/s baseline=<LineSplitter MB/s>
//   pan_mask   value=<mask_pans MB/s> unit=MB/s baseline=<digit-counting MB/s> ratio=...
//   card_parse_rss_growth value=<KiB, 400k rows> unit=KiB baseline=<KiB, 40k rows>
// The parse file is a generic-layout CSV of 400,000 rows in batches of 1,000 (each closed by a
// payout row), every row PAN-scanned as the reader always does. Splitting RFC 4180 fields
// (quotes may hide commas and line breaks) is the least a CSV reader must do, so it is the
// parse's baseline; the second line shows what that costs against bare line splitting. The masking
// text is memo-like: words, dates, amounts, references and one card number per ~1 KB. Counting
// digits is the least any scanner for numbers must do, so pan_mask's ratio says what the Luhn
// windows cost.
#include <cstdint>
#include <cstdio>
#include <string>

#include "bench/bench_util.h"
#include "formats/common/csv.h"
#include "formats/card/reader.h"
#include "formats/common/pan.h"
#include "formats/common/text.h"

namespace {

namespace card = tally::formats::card;

constexpr int kRuns = 5;
constexpr std::int64_t kRows = 400000;
constexpr std::int64_t kRowsPerBatch = 1000;

class Consumer : public card::Visitor {
 public:
  std::int64_t count = 0;
  std::int64_t net = 0;
  void on_record(const card::CardRecord& r) override {
    ++count;
    net += r.net.minor();
  }
};

std::string cents(std::int64_t minor) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(minor / 100),
                static_cast<long long>(minor % 100));
  return buf;
}

// Writes the file through `sink` one piece at a time, so its size can be measured first and
// the buffer reserved once (a growing buffer would set the peak RSS before the parse runs).
template <class Sink>
void write_file(std::int64_t rows, Sink&& sink) {
  sink(
      "processor,merchant,batch_id,settlement_date,deposit_date,type,card_brand,last_four,"
      "auth_code,processor_reference,our_reference,gross,fees,net,currency,reason_code,"
      "case_id\n");
  std::int64_t batch_net = 0;
  std::string row;
  for (std::int64_t i = 0; i < rows; ++i) {
    const std::int64_t gross = 1000 + (i * 7919) % 50000;
    const std::int64_t fees = gross * 29 / 1000 + 30;
    const std::string batch = "B" + std::to_string(i / kRowsPerBatch);
    row = "acme,M100," + batch + ",2026-11-20,2026-11-22,sale,visa,1111,A" +
          std::to_string(i % 100000) + ",TXN" + std::to_string(10000000 + i) + ",\"ACCT-" +
          std::to_string(1000 + i % 50000) + ", Smith\"," + cents(gross) + "," + cents(fees) + "," +
          cents(gross - fees) + ",USD,,\n";
    sink(row);
    batch_net += gross - fees;
    if ((i + 1) % kRowsPerBatch == 0 || i + 1 == rows) {
      row = "acme,M100," + batch + ",2026-11-20,2026-11-22,payout,,,,PO" + batch + ",,,," +
            cents(batch_net) + ",USD,,\n";
      sink(row);
      batch_net = 0;
    }
  }
}

std::string make_file(std::int64_t rows) {
  std::size_t size = 0;
  write_file(rows, [&](std::string_view piece) { size += piece.size(); });
  std::string file;
  file.reserve(size);
  write_file(rows, [&](std::string_view piece) { file += piece; });
  return file;
}

std::string make_memo_text(std::size_t bytes) {
  static const char* const kPieces[] = {
      "payment for account 1001 ", "ref 8816178952380559 ", "on 2026-11-22 ",         "$1,234.56 ",
      "routing 021000021 ",        "phone 555-123-4567 ",   "invoice INV-2026-0042 ", "thanks ",
      "batch 42 item 17 ",         "check 000123 "};
  std::string s;
  s.reserve(bytes + 64);
  for (std::size_t i = 0; s.size() < bytes; ++i) {
    s += kPieces[i % 10];
    if (i % 60 == 59) s += "card 4111 1111 1111 1111 ";
  }
  return s;
}

long rss_growth_kib(std::int64_t rows) {
  const std::string file = make_file(rows);
  const long before = tally::bench::peak_rss_kib();
  Consumer c;
  const auto report = card::parse(file, c);
  if (!report.accepted) std::fprintf(stderr, "generated file rejected\n");
  tally::bench::do_not_optimize(c.net);
  return tally::bench::peak_rss_kib() - before;
}

}  // namespace

int main() {
  const long growth_small = rss_growth_kib(kRows / 10);
  const long growth_large = rss_growth_kib(kRows);

  const std::string file = make_file(kRows);
  const double file_mb = static_cast<double>(file.size()) / 1e6;
  bool ok = true;
  const double parse_s = tally::bench::median_seconds(kRuns, [&] {
    Consumer c;
    const auto report = card::parse(file, c);
    ok = ok && report.accepted && c.count == kRows + kRows / kRowsPerBatch;
    tally::bench::do_not_optimize(c.net);
  });
  const double csv_s = tally::bench::median_seconds(kRuns, [&] {
    tally::formats::CsvReader reader(file);
    std::size_t fields = 0;
    while (reader.next() == tally::formats::CsvReader::Next::kRecord) fields += reader.field_count();
    tally::bench::do_not_optimize(fields);
  });
  const double split_s = tally::bench::median_seconds(kRuns, [&] {
    tally::formats::LineSplitter splitter(file);
    std::string_view line;
    std::int64_t lines = 0;
    while (splitter.next(line)) ++lines;
    tally::bench::do_not_optimize(lines);
  });
  if (!ok) {
    std::fprintf(stderr, "card_bench: the generated file did not parse as expected\n");
    return 1;
  }

  const std::string memo = make_memo_text(64 * 1000 * 1000);
  const double memo_mb = static_cast<double>(memo.size()) / 1e6;
  std::size_t masked = 0;
  const double mask_s = tally::bench::median_seconds(kRuns, [&] {
    std::string copy = memo;  // copied in the baseline too, so the copy cancels out
    masked = tally::formats::mask_pans(copy);
    tally::bench::do_not_optimize(copy.data());
  });
  const double count_s = tally::bench::median_seconds(kRuns, [&] {
    std::string copy = memo;
    std::size_t digits = 0;
    for (char c : copy) digits += (c >= '0' && c <= '9') ? 1u : 0u;
    tally::bench::do_not_optimize(digits);
    tally::bench::do_not_optimize(copy.data());
  });

  std::printf("# card file %.1f MB, %lld rows; memo text %.1f MB, %zu card numbers masked\n",
              file_mb, static_cast<long long>(kRows), memo_mb, masked);
  tally::bench::print_line("card_parse", file_mb / parse_s, "MB/s", file_mb / csv_s);
  tally::bench::print_line("card_csv_split", file_mb / csv_s, "MB/s", file_mb / split_s);
  tally::bench::print_line("pan_mask", memo_mb / mask_s, "MB/s", memo_mb / count_s);
  tally::bench::print_line("card_parse_rss_growth", static_cast<double>(growth_large), "KiB",
                           static_cast<double>(growth_small));
  return 0;
}
