// The parser's hot loop over 6 records (item_run.cpp, item_decode.h): it frames lines itself,
// so every way a line can end or be unusual is checked here against the general path
// (RecordReader), for the AVX-512, AVX2 and SSE2 code alike (each where the CPU has it; a
// level it lacks runs the next one down), in files long enough for the loop to run (it needs
// 128 bytes of buffer after a line's start).
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "formats/lockbox/parser.h"
#include "formats/lockbox/tests/lockbox_test_support.h"
#include "tests/support/same_issues.h"

using namespace lockbox_test;

namespace {

// Keeps copies of the texts: a masked name points into the parser, valid only during the call.
struct Copy {
  lockbox::Item item;
  std::string routing, account, check, remitter, payee;
};

class Copier : public Recorder {
 public:
  std::vector<Copy> copies;
  void on_item(const lockbox::Item& i) override {
    Recorder::on_item(i);
    copies.push_back({i, std::string(i.remitter_routing), std::string(i.remitter_account),
                      std::string(i.check_number), std::string(i.remitter_name),
                      std::string(i.payee_name)});
  }
};

struct Outcome {
  Copier rec;
  ParseReport report;
  std::int64_t hot_loop_items = 0;
};

enum class Mode { kGeneral, kFastBaseline, kFastAvx2, kFastBest };
constexpr Mode kFastModes[] = {Mode::kFastBaseline, Mode::kFastAvx2, Mode::kFastBest};

Outcome run(const std::string& file, Mode mode, const lockbox::LockboxLayout& layout) {
  Outcome o;
  const lockbox::Simd best = mode == Mode::kFastBest   ? lockbox::Simd::kAvx512
                             : mode == Mode::kFastAvx2 ? lockbox::Simd::kAvx2
                                                       : lockbox::Simd::kBaseline;
  lockbox::Parser parser(file, o.rec, layout, mode != Mode::kGeneral, best);
  o.report = parser.run();
  o.hot_loop_items = parser.hot_loop_items();
  return o;
}

// Both fast variants deliver and report exactly what the general path does.
void same(const std::string& file,
          const lockbox::LockboxLayout& layout = lockbox::LockboxLayout::standard()) {
  const Outcome g = run(file, Mode::kGeneral, layout);
  for (const Mode mode : kFastModes) {
    const Outcome f = run(file, mode, layout);
    INFO("mode " << static_cast<int>(mode) << "\nfast:\n"
                 << describe(f.report) << "general:\n"
                 << describe(g.report));
    REQUIRE(f.report.accepted == g.report.accepted);
    tally::testing::check_same_issues(f.report, g.report);
    CHECK(describe(f.report) == describe(g.report));
    CHECK(f.rec.events == g.rec.events);
    REQUIRE(f.rec.copies.size() == g.rec.copies.size());
    for (std::size_t i = 0; i < f.rec.copies.size(); ++i) {
      const auto& a = f.rec.copies[i].item;
      const auto& b = g.rec.copies[i].item;
      CHECK(a.lockbox_number == b.lockbox_number);
      CHECK(a.deposit_date == b.deposit_date);
      CHECK(a.batch_number == b.batch_number);
      CHECK(a.item_number == b.item_number);
      CHECK(a.amount_minor == b.amount_minor);
      CHECK(a.currency == b.currency);
      CHECK(f.rec.copies[i].routing == g.rec.copies[i].routing);
      CHECK(f.rec.copies[i].account == g.rec.copies[i].account);
      CHECK(f.rec.copies[i].check == g.rec.copies[i].check);
      CHECK(a.check_date == b.check_date);
      CHECK(f.rec.copies[i].remitter == g.rec.copies[i].remitter);
      CHECK(f.rec.copies[i].payee == g.rec.copies[i].payee);
      CHECK(a.line == b.line);
      CHECK(a.record == b.record);
    }
  }
}

// A standard 6 record with every field (102 columns), as the benchmark writes them.
std::string full6(std::int64_t batch, std::int64_t item, std::int64_t amount) {
  std::string s = rec6(batch, item, amount);
  s.resize(36, ' ');
  s.replace(17, 19, "0550027070012345555");
  s += "0000004711";
  s += "010426";
  std::string name = "REMITTER " + std::to_string(item);
  name.resize(30, ' ');
  s += name + "CITY WATER DEPT     ";
  return s;
}

// One lockbox, one batch of `n` items built by `six` (index 0..n-1), totals right.
template <class Six>
std::vector<std::string> batch_lines(int n, Six six) {
  std::vector<std::string> lines = {rec1(), rec5()};
  std::int64_t total = 0;
  for (int i = 0; i < n; ++i) {
    lines.push_back(six(i));
    total += 1000 + i;
  }
  lines.push_back(rec7(1, n, total));
  lines.push_back(rec8(n, total));
  lines.push_back(rec9(static_cast<std::int64_t>(lines.size()) + 1));
  return lines;
}

std::vector<std::string> good_lines(int n = 20) {
  return batch_lines(n, [](int i) { return full6(1, i + 1, 1000 + i); });
}

std::string joined(const std::vector<std::string>& lines, const std::string& eol) {
  std::string out;
  for (const auto& l : lines) out += l + eol;
  return out;
}

}  // namespace

TEST_CASE("lockbox hot loop: a long well-formed file is read the same way", "[lockbox]") {
  const std::string file = joined(good_lines(), "\n");
  same(file);
  // All but the items in the last 128 bytes of the file go through the loop, either way.
  for (const Mode mode : kFastModes)
    CHECK(run(file, mode, lockbox::LockboxLayout::standard()).hot_loop_items == 20);
  CHECK(run(file, Mode::kGeneral, lockbox::LockboxLayout::standard()).hot_loop_items == 0);
  const Outcome f = run(file, Mode::kFastBest, lockbox::LockboxLayout::standard());
  CHECK(f.report.accepted);
  REQUIRE(f.rec.copies.size() == 20);
  CHECK(f.rec.copies[7].item.amount_minor == 1007);
  CHECK(f.rec.copies[7].check == "0000004711");
  CHECK(f.rec.copies[7].remitter == "REMITTER 8");
  CHECK(f.rec.copies[7].payee == "CITY WATER DEPT");
  CHECK(f.rec.copies[7].item.line == 10);
}

TEST_CASE("lockbox hot loop: line endings and blank lines", "[lockbox]") {
  same(joined(good_lines(), "\r\n"));
  same(joined(good_lines(), "\r"));
  for (const char* eol : {"\r\n", "\r"})
    CHECK(run(joined(good_lines(), eol), Mode::kFastBaseline, lockbox::LockboxLayout::standard())
              .hot_loop_items == 20);
  auto lines = good_lines();
  std::string mixed;
  const char* const endings[] = {"\r\n", "\r", "\n"};
  for (std::size_t i = 0; i < lines.size(); ++i) mixed += lines[i] + endings[i % 3];
  same(mixed);
  std::string blanks;
  for (std::size_t i = 0; i < lines.size(); ++i)
    blanks += lines[i] + (i % 4 == 2 ? "\n\n    \n" : "\n");
  same(blanks);
  // "\r\r\n": the first CR ends the line, then an empty line ends at the CRLF.
  std::string double_cr;
  for (const auto& l : lines) double_cr += l + "\r\r\n";
  same(double_cr);
  // The last line without a terminator, and a file ending in a lone CR.
  std::string no_end = joined(lines, "\n");
  no_end.pop_back();
  same(no_end);
  same(no_end + "\r");
}

TEST_CASE("lockbox hot loop: lines of other lengths", "[lockbox]") {
  // Unpadded, cut inside fields, longer than the layout's records, or at the window's end.
  for (const std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{12}, std::size_t{17},
                                std::size_t{30}, std::size_t{46}, std::size_t{50},
                                std::size_t{52}, std::size_t{60}, std::size_t{82},
                                std::size_t{100}}) {
    auto lines = batch_lines(12, [&](int i) {
      std::string s = full6(1, i + 1, 1000 + i);
      if (i % 2 == 1) s.resize(cut);
      return s;
    });
    same(joined(lines, "\n"));
  }
  for (const std::size_t extra : {std::size_t{1}, std::size_t{2}, std::size_t{20},
                                  std::size_t{23}, std::size_t{24}, std::size_t{40}}) {
    auto lines = good_lines(12);
    lines[6] += std::string(extra, ' ');  // 104 + extra columns: 105 is too long
    same(joined(lines, "\n"));
    lines[6] += "X";
    same(joined(lines, "\n"));
  }
  // Lines alternating between two lengths (the loop steps by the last length).
  auto alternating = batch_lines(12, [](int i) {
    std::string s = full6(1, i + 1, 1000 + i);
    if (i % 2 == 0) s.resize(82);
    return s;
  });
  same(joined(alternating, "\n"));
}

TEST_CASE("lockbox hot loop: bytes it must leave to the general path", "[lockbox]") {
  const std::string odd[] = {std::string(1, '\0'), "\t", "\x7f", "\x80", "\xff", "\xc3\xa9",
                             "\x1b", "\x0b", "\x0c"};
  for (const std::string& bad : odd) {
    for (const std::size_t at : {std::size_t{1}, std::size_t{9}, std::size_t{20},
                                 std::size_t{48}, std::size_t{60}, std::size_t{90},
                                 std::size_t{101}}) {
      auto lines = good_lines(10);
      lines[5].replace(at, bad.size(), bad);
      same(joined(lines, "\n"));
      auto appended = good_lines(10);
      appended[5] += bad;  // past the last field
      same(joined(appended, "\n"));
    }
  }
}

TEST_CASE("lockbox hot loop: fields it must leave to the general path", "[lockbox]") {
  const auto with = [](std::size_t at, const std::string& text) {
    auto lines = good_lines(10);
    lines[5].replace(at, text.size(), text);
    return joined(lines, "\n");
  };
  same(with(46, "133126"));      // bad check date
  same(with(46, "000000"));      // no check date
  same(with(46, "      "));      // blank optional date
  same(with(46, "02 926"));      // blank inside the date
  same(with(46, "022926"));      // not a leap year
  same(with(46, "022928"));      // a leap year
  same(with(1, "   "));          // blank batch
  same(with(1, "002"));          // another batch without its 7
  same(with(4, "001"));          // item number going back
  same(with(4, "005"));          // item number repeated
  same(with(7, "     12345"));   // amount with leading blanks
  same(with(7, "12345     "));   // amount with trailing blanks
  same(with(7, "          "));   // blank amount
  same(with(7, "99999x9999"));   // not digits
  same(with(17, "         "));   // blank routing
  same(with(17, " 55002707"));   // leading blank in routing
  same(with(17, "5500 2707"));   // inner blank
  same(with(26, "ABCDEFGHIJ"));  // letters in the account
  same(with(36, "          "));  // blank check number
  same(with(52, "                              "));  // blank remitter
  same(with(52, "PAY 4111 1111 1111 1111 THANKS "));  // a card number: masked, warned
  same(with(52, "4111111111111111              "));
  same(with(82, "5500000000000004    "));  // in the payee name
  same(with(52, "1234567890123 NOT A CARD      "));  // 13 digits, not Luhn-valid
  same(with(0, "7"));  // a 7 where a 6 was
  same(with(0, "4"));  // an overflow record without its preceding 6's item
}

TEST_CASE("lockbox hot loop: dates repeat, change and come back", "[lockbox]") {
  const char* dates[] = {"010426", "010526", "123125", "010426", "000000", "022926", "010426",
                         "020126", "020226", "020326", "020426", "020526", "020626", "020726",
                         "020826", "010426"};
  auto lines = batch_lines(16, [&](int i) {
    std::string s = full6(1, i + 1, 1000 + i);
    s.replace(46, 6, dates[i]);
    return s;
  });
  same(joined(lines, "\n"));
}

TEST_CASE("lockbox hot loop: a repeated date changed in one byte is noticed", "[lockbox]") {
  // The loop keeps the previous record's check date when the next one's six bytes are equal
  // (item_decode.h, Memo): each run of equal dates is broken by one changed byte, in every
  // position, into a valid date, an invalid one, a blank and 000000; then the date comes back.
  const std::string base = "010426";
  std::vector<std::string> dates;
  for (std::size_t at = 0; at < 6; ++at) {
    for (const char ch : {'0', '1', '2', '3', '9', ' ', 'A'}) {
      if (ch == base[at]) continue;
      std::string changed = base;
      changed[at] = ch;
      dates.insert(dates.end(), {base, base, changed, changed, base});
    }
  }
  for (const char* other : {"      ", "000000", "      ", "010426", "000000", "000000", "010426"})
    dates.push_back(other);
  const int n = static_cast<int>(dates.size());
  REQUIRE(n < 999);
  const auto lines = batch_lines(n, [&](int i) {
    std::string s = full6(1, i + 1, 1000 + i);
    s.replace(46, 6, dates[static_cast<std::size_t>(i)]);
    return s;
  });
  same(joined(lines, "\n"));
  // Only valid dates, so the loop takes every line and the memo is what decides.
  std::vector<std::string> valid = {"010426", "010426", "010427", "010427", "010426", "110426",
                                    "010426", "      ", "      ", "000000", "000000", "010426",
                                    "020426", "010526", "010436", "010426", "      ", "010426"};
  const auto taken = batch_lines(static_cast<int>(valid.size()), [&](int i) {
    std::string s = full6(1, i + 1, 1000 + i);
    s.replace(46, 6, valid[static_cast<std::size_t>(i)]);
    return s;
  });
  same(joined(taken, "\n"));
  for (const Mode mode : kFastModes) {
    const Outcome f = run(joined(taken, "\n"), mode, lockbox::LockboxLayout::standard());
    CHECK(f.hot_loop_items == static_cast<std::int64_t>(valid.size()));
    REQUIRE(f.rec.copies.size() == valid.size());
    CHECK(f.rec.copies[2].item.check_date == tally::BusinessDate::from_ymd(2027, 1, 4));
    CHECK(f.rec.copies[5].item.check_date == tally::BusinessDate::from_ymd(2026, 11, 4));
    CHECK(!f.rec.copies[8].item.check_date);
    CHECK(!f.rec.copies[10].item.check_date);
    CHECK(f.rec.copies[11].item.check_date == tally::BusinessDate::from_ymd(2026, 1, 4));
  }
}

TEST_CASE("lockbox hot loop: another bank's 6 layout", "[lockbox]") {
  // The same fields moved around, a YYMMDD check date and required routing: the layout's own
  // spans, not the standard constants.
  using lockbox::Field;
  using lockbox::FieldSpec;
  using lockbox::FieldType;
  auto fields = lockbox::LockboxLayout::standard_fields();
  std::vector<FieldSpec> table;
  for (const auto& f : fields)
    if (f.record != '6') table.push_back(f);
  table.push_back({'6', Field::kBatchNumber, 2, 3, FieldType::kDigits, false});
  table.push_back({'6', Field::kItemNumber, 5, 3, FieldType::kDigits, false});
  table.push_back({'6', Field::kRemitterName, 8, 20, FieldType::kText, false});
  table.push_back({'6', Field::kAmount, 28, 12, FieldType::kAmount, false});
  table.push_back({'6', Field::kRemitterRouting, 40, 9, FieldType::kDigits, false});
  table.push_back({'6', Field::kCheckDate, 49, 6, FieldType::kDateYymmdd, true});
  const auto layout = lockbox::LockboxLayout::from_table("moved", table, 104);
  REQUIRE(layout.ok());
  const auto six = [](int i, const std::string& name, const std::string& routing,
                      const std::string& date) {
    std::string s = "6001";
    std::string item = std::to_string(i + 1);
    s += std::string(3 - item.size(), '0') + item;
    std::string n = name;
    n.resize(20, ' ');
    s += n;
    std::string amount = std::to_string(1000 + i);
    s += std::string(12 - amount.size(), '0') + amount;
    s += routing + date;
    return s;
  };
  auto lines = batch_lines(
      12, [&](int i) { return six(i, "NAME " + std::to_string(i), "055002707", "260104"); });
  same(joined(lines, "\n"), *layout);
  for (const Mode mode : kFastModes)
    CHECK(run(joined(lines, "\n"), mode, *layout).hot_loop_items == 12);
  const Outcome f = run(joined(lines, "\n"), Mode::kFastBest, *layout);
  CHECK(f.report.accepted);
  REQUIRE(f.rec.copies.size() == 12);
  CHECK(f.rec.copies[3].remitter == "NAME 3");
  CHECK(f.rec.copies[3].item.amount_minor == 1003);
  lines[5] = six(4, "", "055002707", "260104");  // required name blank
  same(joined(lines, "\n"), *layout);
  lines[5] = six(4, "X", "         ", "260104");  // required routing blank
  same(joined(lines, "\n"), *layout);
  lines[5] = six(4, "X", "055002707", "261304");  // bad YYMMDD
  same(joined(lines, "\n"), *layout);
}

TEST_CASE("lockbox hot loop: a running total that overflows", "[lockbox]") {
  // 18-digit amounts: the tenth item takes the batch sum past int64.
  using lockbox::Field;
  using lockbox::FieldSpec;
  using lockbox::FieldType;
  std::vector<FieldSpec> table;
  for (const auto& f : lockbox::LockboxLayout::standard_fields()) {
    FieldSpec g = f;
    if (g.record == '6' && g.field == Field::kAmount) continue;
    if (g.record == '6' && g.position > 7) g.position = static_cast<std::uint16_t>(g.position + 8);
    table.push_back(g);
  }
  table.push_back({'6', Field::kAmount, 8, 18, FieldType::kAmount, false});
  const auto layout = lockbox::LockboxLayout::from_table("big", table, 112);
  REQUIRE(layout.ok());
  auto lines = batch_lines(10, [](int i) {
    std::string s = full6(1, i + 1, 0);
    s.replace(7, 10, "999999999999999999");
    return s;
  });
  same(joined(lines, "\n"), *layout);
}

TEST_CASE("lockbox hot loop: random damage reads as the general path reads it", "[lockbox]") {
  const std::string base = joined(good_lines(24), "\n");
  const char alphabet[] = {' ', '0', '5', '9', 'A', '\n', '\r', '\t', '\0', '\x7f', '\x80', '6'};
  std::mt19937 rng(20260105);
  for (int round = 0; round < 400; ++round) {
    std::string file = base;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % file.size();
      switch (rng() % 3) {
        case 0:
          file[at] = alphabet[rng() % sizeof alphabet];
          break;
        case 1:
          file.erase(at, 1 + rng() % 3);
          break;
        default:
          file.insert(at, 1 + rng() % 3, alphabet[rng() % sizeof alphabet]);
      }
    }
    same(file);
  }
}
