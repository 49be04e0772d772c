// The structural index (line_index.h) behind the 16 fast path: every vector classifier
// against the byte loop, windows against a plain scan at every offset (across 4 KiB
// refills and the end of the data), and whole files read by both paths.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "formats/bai2/line_index.h"
#include "formats/bai2/parser.h"
#include "formats/bai2/tests/bai2_test_support.h"
#include "tests/support/same_issues.h"

using namespace bai2_test;
using tally::formats::bai2::BlockIsa;
using tally::formats::bai2::BlockMasks;
using tally::formats::bai2::LineBits;
using tally::formats::bai2::StructuralIndex;
using tally::formats::bai2::WindowMasks;

namespace {

const BlockIsa kAllIsas[] = {BlockIsa::kBytes, BlockIsa::kSse2, BlockIsa::kAvx2,
                             BlockIsa::kAvx512};

// Bytes that hit every class and its neighbours ('+' ',' '-' '.' '/' '0' '9' ':'), and
// every other byte value now and then.
std::string mixed_bytes(std::size_t n, std::uint32_t seed) {
  const char common[] = "0123456789,/ -\n\r+.:A\t";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    seed = seed * 1103515245u + 12345u;
    const std::uint32_t r = seed >> 16;
    s += r % 8 == 0 ? static_cast<char>(r >> 8) : common[r % (sizeof common - 1)];
  }
  return s;
}

// Mostly digits, blanks and dashes: runs of 13 and more (card-number candidates) everywhere,
// broken now and then by a delimiter, across block and refill edges.
std::string pan_rich_bytes(std::size_t n, std::uint32_t seed) {
  const char common[] = "0123456789 -0123456789 -0123456789,/\nX";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    seed = seed * 1103515245u + 12345u;
    s += common[(seed >> 16) % (sizeof common - 1)];
  }
  return s;
}

bool pan_byte(char c) {
  return (c >= '0' && c <= '9') || c == ' ' || c == '-';
}

WindowMasks plain_window(const std::string& data, std::size_t p) {
  WindowMasks w{0, 0, 0, 0};
  for (std::size_t i = 0; i < StructuralIndex::kWindow && p + i < data.size(); ++i) {
    const char c = data[p + i];
    const LineBits bit = LineBits{1} << i;
    if (c == ',') w.comma |= bit;
    if (c == '/') w.slash |= bit;
    if (c == '\n' || c == '\r') w.eol |= bit;
    bool run = true;  // 13 pan bytes from here, even past the window
    for (std::size_t j = 0; j < 13; ++j) run = run && p + i + j < data.size() && pan_byte(data[p + i + j]);
    if (run) w.pan13 |= bit;
  }
  return w;
}

}  // namespace

TEST_CASE("bai2 block classifiers agree with the byte loop on every byte value", "[bai2]") {
  std::string data = mixed_bytes(64 * 40, 7);
  for (int b = 0; b < 256; ++b) data[static_cast<std::size_t>(b) * 5] = static_cast<char>(b);
  std::vector<BlockMasks> expected(40), got(40);
  tally::formats::bai2::classify_blocks(BlockIsa::kBytes, data.data(), 40, expected.data());
  for (BlockIsa isa : kAllIsas) {
    if (!tally::formats::bai2::block_isa_supported(isa)) continue;
    tally::formats::bai2::classify_blocks(isa, data.data(), 40, got.data());
    for (std::size_t i = 0; i < 40; ++i) {
      INFO("isa " << static_cast<int>(isa) << " block " << i);
      CHECK(got[i].comma == expected[i].comma);
      CHECK(got[i].slash == expected[i].slash);
      CHECK(got[i].eol == expected[i].eol);
      CHECK(got[i].pan == expected[i].pan);
    }
  }
}

TEST_CASE("bai2 structural index windows match a plain scan at every offset", "[bai2]") {
  // Sizes around the block and refill boundaries; every offset in order, as the lexer asks.
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{63}, std::size_t{64},
                           std::size_t{127}, std::size_t{129}, std::size_t{4095},
                           std::size_t{4096 * 2 + 77}}) {
    for (const std::string& data : {mixed_bytes(size, static_cast<std::uint32_t>(size) + 1),
                                    pan_rich_bytes(size, static_cast<std::uint32_t>(size) + 3)})
    for (BlockIsa isa : kAllIsas) {
      if (!tally::formats::bai2::block_isa_supported(isa)) continue;
      StructuralIndex index(data, isa);
      for (std::size_t p = 0; p <= size; p += 1 + p % 3) {  // some skips, as records do
        WindowMasks got;
        index.window(p, got);
        const WindowMasks want = plain_window(data, p);
        INFO("size " << size << " isa " << static_cast<int>(isa) << " offset " << p);
        REQUIRE(got.comma == want.comma);
        REQUIRE(got.slash == want.slash);
        REQUIRE(got.eol == want.eol);
        REQUIRE(got.pan13 == want.pan13);
      }
    }
  }
}

TEST_CASE("bai2 fast and general paths agree across chunk edges, line ends and lengths",
          "[bai2]") {
  // Lines of every length around the 128-byte window, over several 4 KiB refills, with LF,
  // CRLF and lone CR endings, card numbers, '/' inside text and V dates.
  std::string body = "03,1,,,,,/\n";
  std::int64_t total = 0;
  int records = 1;
  const char* const ends[] = {"\n", "\r\n", "\r"};
  for (int i = 0; i < 300; ++i) {
    std::string line = "16,142,";
    line += std::to_string(100 + i);
    line += i % 4 == 0 ? ",V,260104,1300," : i % 4 == 1 ? ",," : ",0,";
    line += "BR" + std::to_string(i) + ",CR,";
    std::string text = i % 7 == 0 ? "CARD 4111 1111 1111 1111 " : "PAYMENT 01/05 ";
    const std::size_t want = 100 + static_cast<std::size_t>(i % 40);  // 100..139 bytes
    while (line.size() + text.size() < want) text += static_cast<char>('A' + i % 26);
    line += text;
    if (i % 3 == 0) line += "/";
    line += ends[i % 3];
    body += line;
    total += 100 + i;
    ++records;
  }
  const std::string file = one_account_file(body, total, records);
  for (const std::string& input : {file, file.substr(0, file.size() / 2)}) {
    Recorder fast_seen, slow_seen;
    const ParseReport fast = bai2::Parser(input, fast_seen, true).run();
    const ParseReport slow = bai2::Parser(input, slow_seen, false).run();
    INFO(describe(fast));
    CHECK(fast.accepted == slow.accepted);
    tally::testing::check_same_issues(fast, slow);
    check_same_transactions(fast_seen.transactions, slow_seen.transactions);
  }
  Recorder seen;
  const ParseReport whole = bai2::Parser(file, seen, true).run();
  INFO(describe(whole));
  CHECK(whole.accepted);
  REQUIRE(seen.transactions.size() == 300);
  CHECK(seen.transactions[0].text.find("4111") == std::string::npos);  // masked
}
