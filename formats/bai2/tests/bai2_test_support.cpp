#include "formats/bai2/tests/bai2_test_support.h"

#include <catch2/catch.hpp>

#include <variant>

namespace bai2_test {

void Recorder::on_file_header(const bai2::FileHeader& h) {
  events.push_back("01");
  headers.push_back(h);
}

void Recorder::on_group_header(const bai2::GroupHeader& h) {
  events.push_back("02");
  groups.push_back(h);
  group_currencies.emplace_back(h.currency.code());
}

void Recorder::on_account(const bai2::AccountIdentifier& a) {
  events.push_back("03");
  SeenAccount s;
  s.number = std::string(a.account_number);
  s.currency = std::string(a.currency.code());
  for (const auto& sum : a.summaries) {
    s.summaries.push_back(SeenSummary{sum.type.code, sum.amount_minor.value_or(-1),
                                      sum.item_count.value_or(-1),
                                      static_cast<char>(sum.funds.type)});
  }
  accounts.push_back(std::move(s));
}

void Recorder::on_transaction(const bai2::TransactionDetail& t) {
  events.push_back("16");
  SeenTransaction s;
  s.type_code = t.type.code;
  s.direction = t.type.direction;
  s.type_name = std::string(t.type.name);
  s.amount_minor = t.amount_minor.value_or(-1);
  s.funds = t.funds.defaulted ? ' ' : static_cast<char>(t.funds.type);
  if (t.funds.type == bai2::FundsType::kDistributed) {
    s.availability = {t.funds.immediate_minor, t.funds.one_day_minor,
                      t.funds.two_or_more_days_minor};
  }
  for (const auto& d : t.funds.distributions) {
    s.availability.push_back(d.days);
    s.availability.push_back(d.amount_minor);
  }
  if (t.funds.value_date) s.value_date = t.funds.value_date->to_iso();
  if (t.funds.value_time) s.value_time_s = t.funds.value_time->seconds;
  s.bank_reference = std::string(t.bank_reference);
  s.customer_reference = std::string(t.customer_reference);
  s.text = std::string(t.text);
  s.account = std::string(t.account_number);
  s.currency = std::string(t.currency.code());
  s.line = t.line;
  s.record = t.record;
  transactions.push_back(std::move(s));
}

void check_same_transactions(const std::vector<SeenTransaction>& a,
                             const std::vector<SeenTransaction>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    const SeenTransaction& x = a[i];
    const SeenTransaction& y = b[i];
    INFO("transaction " << i << " text '" << y.text << "'");
    CHECK(x.type_code == y.type_code);
    CHECK(x.direction == y.direction);
    CHECK(x.type_name == y.type_name);
    CHECK(x.amount_minor == y.amount_minor);
    CHECK(x.funds == y.funds);
    CHECK(x.availability == y.availability);
    CHECK(x.value_date == y.value_date);
    CHECK(x.value_time_s == y.value_time_s);
    CHECK(x.bank_reference == y.bank_reference);
    CHECK(x.customer_reference == y.customer_reference);
    CHECK(x.text == y.text);
    CHECK(x.account == y.account);
    CHECK(x.currency == y.currency);
    CHECK(x.line == y.line);
    CHECK(x.record == y.record);
  }
}

bool has_error(const ParseReport& r, std::string_view code) {
  for (const auto& e : r.errors)
    if (e.code == code) return true;
  return false;
}

bool has_warning(const ParseReport& r, std::string_view code) {
  for (const auto& w : r.warnings)
    if (w.code == code) return true;
  return false;
}

const tally::formats::Issue& error_with(const ParseReport& r, std::string_view code) {
  for (const auto& e : r.errors)
    if (e.code == code) return e;
  FAIL("no error with code " << code << "; report: " << describe(r));
  return r.errors.front();  // unreachable
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
    out += "E " + std::to_string(e.line) + ":" + std::to_string(e.record) + " " + e.field + " " +
           e.code + " " + e.message + "\n";
  for (const auto& w : r.warnings)
    out += "W " + std::to_string(w.line) + ":" + std::to_string(w.record) + " " + w.field + " " +
           w.code + " " + w.message + "\n";
  return out;
}

std::string one_account_file(std::string_view body, std::int64_t total, int body_records,
                             std::string_view file_header, std::string_view group_header) {
  const std::string t = std::to_string(total);
  std::string out;
  out += file_header;
  out += group_header;
  out += body;
  out += "49," + t + "," + std::to_string(body_records + 1) + "/\n";
  out += "98," + t + ",1," + std::to_string(body_records + 3) + "/\n";
  out += "99," + t + ",1," + std::to_string(body_records + 5) + "/\n";
  return out;
}

const std::string kValidFile = one_account_file(
    "03,1234567890,USD,010,+150000,,,015,175000,,,100,40000,2,,400,15000,1,/\n"
    "16,115,30000,0,LBX001,INV-1,LOCKBOX DEPOSIT/\n"
    "16,142,10000,1,ACH001,,PAYROLL CREDIT/\n"
    "16,475,15000,Z,CHK001,1001,CHECK PAID/\n",
    435000, 4);

}  // namespace bai2_test
