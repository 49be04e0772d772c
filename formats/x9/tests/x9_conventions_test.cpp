// File control record counts written by the other convention (without the file header and
// file control records): accepted with a warning while every other count and every amount
// agrees. The fixture is our own, in fuzz/seeds/ (made with x9_builder.h).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "formats/x9/tests/x9_builder.h"

using namespace x9_test;
using tally::formats::ParseReport;

namespace {

std::string seed(const std::string& name) {
  const char* source = std::getenv("TALLY_SOURCE_DIR");
  std::ifstream in(std::string(source ? source : "../..") + "/formats/x9/fuzz/seeds/" + name,
                   std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The fixture's 99 record with its fields 3-8 (cash letters) and 9-16 (records) replaced.
std::string with_file_control(const std::string& cash_letters_and_records) {
  std::string file = seed("record_count_without_01_99.x937");
  const auto at = file.rfind("\r\n99");
  REQUIRE(at != std::string::npos);
  file.replace(at + 4, 14, cash_letters_and_records);
  return file;
}

std::int64_t int_of(const tally::formats::Fields& f, const std::string& name) {
  const auto* v = f.find(name);
  return v ? std::get<std::int64_t>(*v) : -1;
}

}  // namespace

TEST_CASE("x9 a file control record count without the 01 and 99 is accepted with a warning",
          "[x9][totals]") {
  const ParseReport r = check(seed("record_count_without_01_99.x937"));
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(int_of(r.summary, "records") == 24);
  CHECK(int_of(r.declared, "records") == 22);
  CHECK(int_of(r.summary, "items") == 3);
  CHECK(int_of(r.summary, "total_minor") == 22445);
  CHECK(int_of(r.declared, "total_minor") == 22445);
  bool warned = false;
  for (const auto& w : r.warnings)
    if (w.code == "record_count_convention") {
      warned = true;
      CHECK(w.field == "total_record_count");
      CHECK(w.record == 24);
      CHECK(w.line == 24);
    }
  CHECK(warned);
}

TEST_CASE("x9 the standard record count is accepted without a warning", "[x9][totals]") {
  const ParseReport r = check(with_file_control("00000100000024"));
  INFO(describe(r));
  REQUIRE(r.accepted);
  for (const auto& w : r.warnings) CHECK(w.code != "record_count_convention");
}

TEST_CASE("x9 any other file control record count is still refused", "[x9][totals][reject]") {
  for (const char* fields : {"00000100000023", "00000100000025", "00000100000021"}) {
    const ParseReport r = check(with_file_control(fields));
    INFO(fields << "\n" << describe(r));
    CHECK_FALSE(r.accepted);
    bool found = false;
    for (const auto& e : r.errors) found = found || e.field == "total_record_count";
    CHECK(found);
  }
}

TEST_CASE("x9 the other record count convention does not excuse a wrong total",
          "[x9][totals][reject]") {
  std::string file = seed("record_count_without_01_99.x937");
  const auto at = file.rfind("\r\n99");
  REQUIRE(at != std::string::npos);
  // Positions 25-40: the file total amount, 224.45 declared as 224.46.
  REQUIRE(file.substr(at + 2 + 24, 16) == "0000000000022445");
  file.replace(at + 2 + 24, 16, "0000000000022446");
  const ParseReport r = check(file);
  CHECK_FALSE(r.accepted);
  bool found = false;
  for (const auto& e : r.errors) found = found || e.code == "total_mismatch";
  CHECK(found);
}
