#include "formats/lockbox/tests/lockbox_test_support.h"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <variant>

namespace lockbox_test {

std::string rec1(std::string_view date, std::string_view time) {
  return fmt::format("100{:<10}{:<10}{}{}", "UTILITY01", "0099999991", date, time);
}

std::string rec2() {
  return fmt::format("2{:<20}{:010}{}{}{}{}", "UTILITY010099999991", 0, "400", "080", "0080", "1");
}

std::string rec5(std::int64_t lockbox, std::string_view date) {
  return fmt::format("5000000{:07}{}{:<20}", lockbox, date, "UTILITY010099999991");
}

std::string rec6(std::int64_t batch, std::int64_t item, std::int64_t amount_minor,
                 std::string_view check_date, std::string_view remitter, std::string_view routing,
                 std::string_view account) {
  return fmt::format("6{:03}{:03}{:010}{:<9}{:<10}{:010}{:<6}{:<30}{}", batch, item, amount_minor,
                     routing, account, 1000 + item, check_date, remitter, "CITY WATER DEPT");
}

std::string rec4(std::int64_t batch, std::int64_t item, int sequence, bool last,
                 std::string_view data) {
  return fmt::format("4{:03}{:03}4{:02}{}{}", batch, item, sequence, last ? 9 : 0, data);
}

std::string rec7(std::int64_t batch, std::int64_t count, std::int64_t amount_minor,
                 std::int64_t lockbox, std::string_view date) {
  return fmt::format("7{:03}000{:07}{}{:03}{:010}", batch, lockbox, date, count, amount_minor);
}

std::string rec8(std::int64_t count, std::int64_t amount_minor, std::int64_t lockbox,
                 std::string_view date) {
  return fmt::format("8000000{:07}{}{:04}{:010}", lockbox, date, count, amount_minor);
}

std::string rec9(std::int64_t records) {
  return fmt::format("9{:06}", records);
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::vector<std::string> valid_lines() {
  return {rec1(),
          rec2(),
          rec5(),
          rec6(1, 1, 12345),
          rec6(1, 2, 50000, "123125", "ACME HOLDINGS LLC"),
          rec4(1, 2, 1, false, "INV 1001 250.00"),
          rec4(1, 2, 2, true, "INV 1002 250.00"),
          rec7(1, 2, 62345),
          rec6(2, 1, 7500, "000000"),
          rec7(2, 1, 7500),
          rec8(3, 69845),
          rec9(12)};
}

std::string valid_file() {
  return join(valid_lines());
}

void Recorder::on_file_header(const lockbox::FileHeader& h) {
  events.push_back("1");
  headers.push_back(h);
}

void Recorder::on_lockbox(const lockbox::LockboxHeader& h) {
  events.push_back("5");
  lockboxes.push_back(h);
}

void Recorder::on_item(const lockbox::Item& i) {
  events.push_back("6");
  items.push_back(i);
}

void Recorder::on_overflow(const lockbox::Overflow& o) {
  events.push_back("4");
  overflows.push_back(o);
}

void Recorder::on_batch_total(const lockbox::BatchTotal& t) {
  events.push_back("7");
  batch_totals.push_back(t);
}

bool has_error(const ParseReport& r, std::string_view code) {
  for (const auto& e : r.errors)
    if (e.code == code) return true;
  return false;
}

const tally::formats::Issue& error_with(const ParseReport& r, std::string_view code) {
  for (const auto& e : r.errors)
    if (e.code == code) return e;
  FAIL("no error with code " << code << "; report:\n" << describe(r));
  return r.errors.front();
}

std::int64_t int_field(const tally::formats::Fields& f, std::string_view name) {
  const auto* v = f.find(name);
  REQUIRE(v != nullptr);
  REQUIRE(std::holds_alternative<std::int64_t>(*v));
  return std::get<std::int64_t>(*v);
}

std::string describe(const ParseReport& r) {
  std::string out;
  for (const auto& e : r.errors)
    out += fmt::format("E {}:{} {} {} {}\n", e.line, e.record, e.field, e.code, e.message);
  for (const auto& w : r.warnings)
    out += fmt::format("W {}:{} {} {} {}\n", w.line, w.record, w.field, w.code, w.message);
  return out;
}

}  // namespace lockbox_test
