// The reader's loop over runs of entry records (reader.cpp run_entries, entry_scan.h) is an
// optimization only: with the loop off, with its baseline version and with its AVX2 version,
// every input must give the same report and the same visitor calls with the same fields.
// Checked here on generated files of every entry layout and line ending, on thousands of
// seeded random mutations of them, on a file with more errors than a report keeps, and on
// the corpus; and the two scanners against each other and against plain arithmetic.
#include <catch2/catch.hpp>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "formats/nacha/entry_scan.h"
#include "formats/nacha/fields.h"
#include "formats/nacha/reader.h"
#include "formats/nacha/tests/nacha_fixtures.h"
#include "tests/support/corpus.h"

using namespace tally::formats::nacha;
using namespace nacha_test;
using tally::formats::FieldValue;
using tally::formats::ParseReport;

namespace {

// Restores automatic detection when a test ends, however it ends.
struct LoopOverride {
  explicit LoopOverride(EntryLoop mode) { ok = set_entry_loop_for_testing(mode); }
  ~LoopOverride() { set_entry_loop_for_testing(std::nullopt); }
  bool ok = false;
};

std::string date(const tally::BusinessDate& d) {
  return fmt::format("{}-{}-{}", d.year(), d.month(), d.day());
}
std::string date(const std::optional<tally::BusinessDate>& d) {
  return d ? date(*d) : "-";
}

// Every callback and every field, as text.
class Transcript : public Visitor {
 public:
  std::vector<std::string> lines;

  void on_file_header(const FileHeader& h) override {
    add(fmt::format("1 {}:{} {}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", h.at.line, h.at.record,
                    h.priority_code, h.immediate_destination, h.immediate_origin,
                    date(h.file_creation_date), h.file_creation_time, h.file_id_modifier,
                    h.record_size, h.blocking_factor, h.format_code, h.immediate_destination_name,
                    h.immediate_origin_name, h.reference_code));
  }
  void on_batch_header(const BatchHeader& b) override {
    add(fmt::format("5 {}:{} {}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", b.at.line, b.at.record,
                    b.service_class_code, b.company_name, b.company_discretionary_data,
                    b.company_identification, b.standard_entry_class, b.company_entry_description,
                    b.company_descriptive_date, date(b.effective_entry_date), b.settlement_date,
                    b.originator_status_code, b.odfi_identification, b.batch_number));
  }
  void on_entry(const EntryDetail& e) override {
    add(fmt::format("6 {}:{} {}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}{}{}{}{}", e.at.line,
                    e.at.record, e.transaction_code, e.rdfi_routing, e.check_digit,
                    e.dfi_account_number, e.amount_minor, e.individual_id_number, e.individual_name,
                    e.check_serial_number, e.terminal_city, e.terminal_state, e.discretionary_data,
                    e.number_of_addenda_records ? *e.number_of_addenda_records : -1,
                    e.addenda_record_indicator, e.trace_number, e.code.valid, e.code.credit,
                    e.code.prenote, e.code.zero_dollar, e.code.return_or_noc,
                    static_cast<int>(e.code.account)));
    for (const auto& a : e.addenda05)
      add(fmt::format("7/05 {}:{} {}|{}|{}", a.at.line, a.at.record, a.payment_related_information,
                      a.addenda_sequence_number, a.entry_detail_sequence_number));
    for (const auto& a : e.addenda98)
      add(fmt::format("7/98 {}:{} {}|{}|{}|{}|{}|{}", a.at.line, a.at.record, a.change_code->code,
                      a.original_entry_trace_number, a.original_rdfi_identification,
                      a.corrected_data, a.corrected.has_value(), a.trace_number));
    for (const auto& a : e.addenda99)
      add(fmt::format("7/99 {}:{} {}|{}|{}|{}|{}|{}", a.at.line, a.at.record,
                      a.return_reason_code->code, a.original_entry_trace_number,
                      date(a.date_of_death), a.original_rdfi_identification, a.addenda_information,
                      a.trace_number));
    for (const auto& a : e.other_addenda)
      add(fmt::format("7/{} {}:{} {}", a.addenda_type_code, a.at.line, a.at.record, a.text));
  }
  void on_batch_control(const BatchControl& c) override {
    add(fmt::format("8 {}:{} {}|{}|{}|{}|{}|{}|{}|{}|{}", c.at.line, c.at.record,
                    c.service_class_code, c.entry_addenda_count, c.entry_hash, c.total_debit_minor,
                    c.total_credit_minor, c.company_identification, c.message_authentication_code,
                    c.odfi_identification, c.batch_number));
  }
  void on_file_control(const FileControl& c) override {
    add(fmt::format("9 {}:{} {}|{}|{}|{}|{}|{}", c.at.line, c.at.record, c.batch_count,
                    c.block_count, c.entry_addenda_count, c.entry_hash, c.total_debit_minor,
                    c.total_credit_minor));
  }

 private:
  void add(std::string line) { lines.push_back(std::move(line)); }
};

std::string value(const FieldValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return std::get<bool>(v) ? "true" : "false";
}

// The report and the visitor's transcript, as lines of text.
std::vector<std::string> outcome(const std::string& bytes) {
  Transcript t;
  const ParseReport r = parse(bytes, t);
  std::vector<std::string> out = std::move(t.lines);
  out.push_back(fmt::format("accepted {} {}", r.accepted, r.format));
  for (const auto& [name, v] : r.summary.items()) out.push_back("summary " + name + "=" + value(v));
  for (const auto& [name, v] : r.declared.items())
    out.push_back("declared " + name + "=" + value(v));
  for (const auto& i : r.errors)
    out.push_back(
        fmt::format("error {}:{} {} {} {}", i.line, i.record, i.field, i.code, i.message));
  for (const auto& i : r.warnings)
    out.push_back(
        fmt::format("warning {}:{} {} {} {}", i.line, i.record, i.field, i.code, i.message));
  // check() takes no visitor: its report must be parse()'s.
  const ParseReport c = check(bytes);
  out.push_back(fmt::format("check {} {} {}", c.accepted, c.errors.size(), c.warnings.size()));
  return out;
}

// The loop modes this CPU can run.
std::vector<EntryLoop> modes() {
  std::vector<EntryLoop> m{EntryLoop::kOff, EntryLoop::kBaseline};
  if (LoopOverride(EntryLoop::kAvx2).ok) m.push_back(EntryLoop::kAvx2);
  return m;
}

// Checks that every mode gives what the loop-off reference gives; returns the reference.
std::vector<std::string> check_modes_agree(const std::string& bytes) {
  std::vector<std::string> reference;
  for (const EntryLoop mode : modes()) {
    LoopOverride force(mode);
    REQUIRE(force.ok);
    std::vector<std::string> got = outcome(bytes);
    if (mode == EntryLoop::kOff) {
      reference = std::move(got);
      continue;
    }
    INFO("mode " << static_cast<int>(mode) << ", input:\n" << bytes);
    REQUIRE(got == reference);
  }
  return reference;
}

// Files that go through the loop in every way it knows: each entry layout, addenda or not,
// trailing spaces at every length, prenotes, credits and debits; and files that break the
// rules the loop applies or leaves to the general path, in the middle of a run of entries.
std::vector<std::string> base_files() {
  std::vector<std::string> files;
  for (const char* sec : {"PPD", "CCD", "WEB", "TEL", "ARC", "POP", "CIE", "CTX", "IAT", "ADV"}) {
    BatchSpec batch;
    batch.sec = sec;
    batch.service_class_code = 200;
    for (int i = 0; i < 12; ++i) {
      EntrySpec e;
      e.transaction_code = i % 4 == 0 ? 22 : i % 4 == 1 ? 37 : i % 4 == 2 ? 28 : 27;
      e.routing9 = i % 3 == 0 ? "231380104" : i % 3 == 1 ? "021000021" : "121042882";
      e.account =
          std::string(static_cast<std::size_t>(1 + i % 17), static_cast<char>('0' + i % 10));
      e.amount_minor = e.transaction_code == 28 ? 0 : 1000 + i * 9'999'991LL;
      e.id = std::string(static_cast<std::size_t>(i % 16), 'I');
      e.name = std::string(static_cast<std::size_t>(i * 2 % 23), 'N');
      // CTX: the addenda count (55-58) is right for some entries, 1 too many for others.
      if (sec == std::string_view("CTX")) e.name = fmt::format("{:04}RECEIVER", i % 5 / 2);
      e.discretionary = i % 2 ? "S " : "";
      if (i % 5 == 4) e.addenda = {addenda05("PAYMENT INFO", 1, i + 1)};
      batch.entries.push_back(e);
    }
    FileBuilder b;
    b.batch(batch);
    for (const char* eol : {"\n", "\r\n", "\r"}) files.push_back(b.text(eol));
  }
  // Rule breaks at entry 3 of 8 (line 5): each reported where the loop stands.
  BatchSpec batch;
  for (int i = 0; i < 8; ++i) batch.entries.push_back(EntrySpec{.amount_minor = 100 + i});
  FileBuilder b;
  b.batch(batch);
  const std::vector<std::string> good = b.lines();
  auto broken = [&](std::size_t start, std::string_view value) {
    std::vector<std::string> lines = good;
    put(lines[4], start, value);
    files.push_back(join(lines));
  };
  broken(79, "1");                  // addenda indicator 1, but no addenda follows
  broken(80, "121042880000001");    // trace number not ascending
  broken(2, "22");                  // a credit in a debit batch
  broken(30, "00000000A1");         // a letter in the amount
  broken(12, "5");                  // a wrong check digit
  broken(13, "                 ");  // a blank account number
  broken(40, "\t");                 // a control byte in a text field
  broken(94, "  EXTRA");            // a long line
  {
    std::vector<std::string> lines = good;
    lines[4] = "627231380104123456789        0000000102CUST-0001      JANE DOE";  // short
    lines.insert(lines.begin() + 6, "");                                          // blank line
    lines.insert(lines.begin() + 8, addenda05("AFTER AN ENTRY WITHOUT INDICATOR", 1, 5));
    files.push_back(join(lines));
  }
  return files;
}

// `file` with a few bytes changed, mostly inside entry records, at times removed.
std::string damage(std::string file, std::mt19937& rng) {
  // Bytes chosen to hit every check of the loop: digits, spaces (trimming, blank fields),
  // letters in numeric fields, line breaks and control bytes inside records, non-ASCII.
  static const std::string alphabet = "0123456789  ACZ-*\t\r\n\x7f\x80\xc3\x01";
  for (auto k = 1 + rng() % 3; k > 0; --k) {
    std::size_t at = rng() % file.size();
    if (rng() % 2 == 0) {  // inside an entry record: from its start, at a random position
      const std::size_t start = file.find("\n6", at);
      if (start != std::string::npos) at = std::min(file.size() - 1, start + 1 + rng() % 96);
    }
    if (rng() % 8 == 0) {
      file.erase(at, 1 + rng() % 3);  // shifts the framing of every record after it
    } else {
      file[at] = alphabet[rng() % alphabet.size()];
    }
  }
  return file;
}

}  // namespace

TEST_CASE("nacha: entry loop: both scanners agree with each other and with plain arithmetic",
          "[nacha][hot]") {
  std::mt19937 rng(20261123);
  const std::string alphabet = "0123456789 AZaz09-\t\r\n\x7f\x80\xff\x1f";
  const bool avx2 = modes().back() == EntryLoop::kAvx2;
  if (!avx2) WARN("this CPU has no AVX2: only the baseline scanner is checked");
  int scanned_ok = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string r(kRecordLength, '0');
    for (std::size_t i = 0; i < kRecordLength; ++i) {
      const bool digit = kEntryDigitMask[i] != 0;
      r[i] = digit ? static_cast<char>('0' + rng() % 10) : static_cast<char>(' ' + rng() % 95);
    }
    for (auto k = rng() % 3; k > 0; --k)  // up to two bytes out of their range
      r[rng() % kRecordLength] = alphabet[rng() % alphabet.size()];
    const bool in_range = scan_record(r.data(), kEntryRanges, kEntryDigitMask).ok();
    REQUIRE(BaselineEntryScanner::scan(r.data()) == in_range);
#if defined(__x86_64__)
    if (avx2) REQUIRE(Avx2EntryScanner::scan(r.data()) == in_range);
#endif
    if (!in_range) continue;
    ++scanned_ok;
    const EntryNumbers base = BaselineEntryScanner::numbers(r.data());
    REQUIRE(base.routing == std::stoull(r.substr(3, 8)));
    REQUIRE(base.amount_minor == std::stoll(r.substr(29, 10)));
    REQUIRE(base.routing_ok == (routing_check_digit(r.substr(3, 8)) == r[11] - '0'));
#if defined(__x86_64__)
    if (avx2) {
      const EntryNumbers fast = Avx2EntryScanner::numbers(r.data());
      REQUIRE(fast.routing == base.routing);
      REQUIRE(fast.amount_minor == base.amount_minor);
      REQUIRE(fast.routing_ok == base.routing_ok);
    }
#endif
  }
  CHECK(scanned_ok > 5000);
}

TEST_CASE("nacha: entry loop: every mode gives the same report and records", "[nacha][hot]") {
  for (const std::string& file : base_files()) {
    const auto reference = check_modes_agree(file);
    CHECK(reference.size() > 12);  // the entries were delivered (or errors said why)
  }
}

TEST_CASE("nacha: entry loop: modes agree on randomly damaged files", "[nacha][hot]") {
  std::mt19937 rng(94);
  const std::vector<std::string> files = base_files();
  int rejected = 0;
  for (int n = 0; n < 4000; ++n) {
    const auto reference = check_modes_agree(damage(files[rng() % files.size()], rng));
    for (const auto& line : reference) rejected += line.starts_with("accepted false");
  }
  CHECK(rejected > 1000);  // the damage did reach the checks
}

TEST_CASE("nacha: entry loop: modes agree when errors pass the report's limit", "[nacha][hot]") {
  for (const bool traces_descend : {true, false}) {
    // 1,500 entries, each with an error: trace numbers going down (reported when the entry
    // is read) or an addenda indicator with no addenda (reported when the next one is).
    BatchSpec batch;
    for (int i = 0; i < 1500; ++i) batch.entries.push_back(EntrySpec{.amount_minor = i});
    FileBuilder b;
    b.batch(batch);
    std::vector<std::string> lines = b.lines();
    for (std::size_t i = 0; i < 1500; ++i) {
      if (traces_descend) {
        put(lines[2 + i], 80, fmt::format("12104288{:07}", 2000 - i));
      } else {
        put(lines[2 + i], 79, "1");
      }
    }
    const auto reference = check_modes_agree(join(lines));
    int errors = 0;
    for (const auto& line : reference) errors += line.starts_with("error ");
    CHECK(errors == static_cast<int>(ParseReport::kMaxIssues));
  }
}

TEST_CASE("nacha: entry loop: modes agree on every corpus file", "[nacha][hot][corpus]") {
  if (!tally::testing::corpus_present()) {
    WARN("corpus not found: " << tally::testing::corpus_dir());
    return;
  }
  int files = 0;
  for (const tally::testing::CorpusRow& row : tally::testing::corpus_rows("nacha")) {
    if (row.path.ends_with(".gz")) continue;  // the large one: corpus_test reads it
    INFO("corpus file " << row.path);
    check_modes_agree(tally::testing::read_corpus_file(row.path));
    ++files;
  }
  CHECK(files > 30);
}
