#include "tests/e2e/e2e_fixtures.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "core/accounts.h"
#include "formats/nacha/writer.h"
#include "formats/x9/tests/x9_builder.h"
#include "ledger/policy.h"

namespace e2e {
namespace {

namespace nacha = tally::formats::nacha;

// The demo's bank identifiers (tools/demo/demo_bank_files.cpp), for files that answer the demo's.
constexpr const char* kUtilityRouting = "121042882";
constexpr const char* kOdfi = "12104288";
constexpr const char* kCompanyId = "1946000123";
constexpr const char* kRoutings[] = {"091000019", "021000021", "011000015", "122105278"};

std::string pad94(std::string s) {
  s.resize(94, ' ');
  return s;
}

std::string yymmdd(BusinessDate d) {
  return fmt::format("{:02}{:02}{:02}", d.year() % 100, d.month(), d.day());
}

// splitmix64: a seeded, reproducible stream of amounts.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::int64_t between(std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(high - low + 1));
  }
};

nacha::FileOptions file_options(BusinessDate date, char modifier) {
  nacha::FileOptions file;
  file.immediate_destination = kUtilityRouting;
  file.immediate_origin = kCompanyId;
  file.immediate_destination_name = "FIRST COMMUNITY BANK";
  file.immediate_origin_name = "CITY OF MILLBROOK WATER";
  file.file_creation_date = date;
  file.file_creation_time = "0615";
  file.file_id_modifier = modifier;
  return file;
}

nacha::BatchOptions batch_options(BusinessDate date) {
  nacha::BatchOptions batch;
  batch.company_name = "MILLBROOK WATER";
  batch.company_identification = kCompanyId;
  batch.company_entry_description = "WATER BILL";
  batch.effective_entry_date = date;
  batch.odfi_identification = kOdfi;
  return batch;
}

// The card file's fee for one sale, as demo::card_csv computes it (2.9% + 30c).
std::int64_t card_fee(std::int64_t amount_minor) { return 30 + amount_minor * 29 / 1000; }

}  // namespace

void Books::post(const std::string& debit, const std::string& credit, std::int64_t amount_minor) {
  balances_[debit] += amount_minor;
  balances_[credit] -= amount_minor;
}

std::int64_t Books::operator[](const std::string& account) const {
  const auto it = balances_.find(account);
  return it == balances_.end() ? 0 : it->second;
}

std::string customer(const std::string& account) {
  return tally::accounts::customer(account);
}

std::vector<const demo::Customer*> DayFiles::autopay_customers() const {
  std::vector<const demo::Customer*> out;
  for (const demo::Customer& c : day.customers)
    if (c.autopay) out.push_back(&c);
  return out;
}

BusinessDate test_day() { return *BusinessDate::from_ymd(2026, 11, 20); }

DayFiles make_day(BusinessDate date) {
  DayFiles f;
  f.day = demo::plan_day(date);
  f.billing = demo::billing_csv(f.day);
  f.enrollments = demo::enrollment_csv(f.day);
  auto ach = demo::autopay_nacha(f.day, f.ach_total_minor, f.traces);
  REQUIRE(ach.ok());
  f.autopay_ach = std::move(ach).value();
  f.returns_ach = demo::returns_nacha(f.day, f.traces);
  f.lockbox = demo::lockbox_file(f.day, f.lockbox_total_minor);
  f.card = demo::card_csv(f.day, f.card_payout_minor);
  // Regression: the demo's refund once named "<sale reference>R" and so waited forever for a
  // payment of that reference. It must name its sale, as the generic layout means it to.
  const std::string& sale = f.day.card_sales.at(0).reference;
  REQUIRE(f.card.find("refund,visa," + f.day.card_sales.at(0).last4 + ",," + sale + ",") != std::string::npos);
  f.bai2 = demo::bai2_statement(f.day, f.lockbox_total_minor, f.ach_total_minor, f.card_payout_minor,
                                demo::returns_total(f.day));
  return f;
}

void expect_bills(const DayFiles& f, Books& books) {
  for (const demo::Customer& c : f.day.customers)
    if (c.bill_minor > 0) books.post(customer(c.account), "revenue:billed", c.bill_minor);
}

void expect_autopay_debits(const DayFiles& f, Books& books) {
  std::int64_t total = 0;
  for (const demo::Customer* c : f.autopay_customers()) {
    books.post("clearing:ach", customer(c->account), c->bill_minor);
    total += c->bill_minor;
  }
  REQUIRE(total == f.ach_total_minor);
  books.post("transit:ach", "clearing:ach", total);  // the batch's ACH settlement, on its way to the bank
}

std::string demo_return_code(std::size_t k) { return k % 2 == 0 ? "R01" : "R02"; }

void expect_returns(const DayFiles& f, Books& books) {
  const auto autopay = f.autopay_customers();
  const tally::ledger::Policy policy;  // the default policy: no PolicySet in these tests
  for (std::size_t k = 0; k < f.day.returned.size(); ++k) {
    const demo::Customer& c = *autopay.at(f.day.returned[k]);
    books.post(customer(c.account), "clearing:ach", c.bill_minor);
    if (policy.incurs_fee(demo_return_code(k)))
      books.post(customer(c.account), "revenue:nsf-fees", tally::ledger::kDefaultNsfFeeMinor);
  }
}

void expect_lockbox(const DayFiles& f, Books& books) {
  std::int64_t total = 0;
  for (const demo::Check& c : f.day.checks) {
    books.post("clearing:lockbox", c.account.empty() ? "suspense" : customer(c.account), c.amount_minor);
    total += c.amount_minor;
  }
  REQUIRE(total == f.lockbox_total_minor);
  books.post("transit:lockbox", "clearing:lockbox", total);  // the lockbox total (8 record)
}

void expect_card(const DayFiles& f, Books& books) {
  std::int64_t fees = 0, gross = 0;
  for (const demo::CardSale& s : f.day.card_sales) {
    books.post("clearing:card", customer(s.account), s.amount_minor);
    fees += card_fee(s.amount_minor);
    gross += s.amount_minor;
  }
  // card_csv's other rows: a 10.00 refund of the first sale, a chargeback of the whole second
  // sale with a 15.00 fee, a 25.00 fee row, then the payout of what is left.
  const demo::CardSale& first = f.day.card_sales.at(0);
  const demo::CardSale& second = f.day.card_sales.at(1);
  constexpr std::int64_t kRefund = 1000, kChargebackFee = 1500, kFeeRow = 2500;
  books.post(customer(first.account), "clearing:card", kRefund);
  books.post(customer(second.account), "clearing:card", second.amount_minor);
  gross -= kRefund + second.amount_minor;
  fees += kChargebackFee + kFeeRow;
  REQUIRE(gross - fees == f.card_payout_minor);
  // The payout: Dr bank net, Dr expense:card-fees fees, Cr clearing:card gross.
  books.post("transit:card", "clearing:card", f.card_payout_minor);
  books.post("expense:card-fees", "clearing:card", fees);
}

std::string noc_file(const DayFiles& f, std::size_t count) {
  const auto autopay = f.autopay_customers();
  REQUIRE(count <= autopay.size());
  const std::string date = yymmdd(f.day.date.plus_days(2));
  std::vector<std::string> lines;
  lines.push_back(pad94(fmt::format("101 {}{}{}0900A094101{:<23}{:<23}{:<8}", kUtilityRouting, kCompanyId,
                                    yymmdd(f.day.date), "CITY OF MILLBROOK WATER", "FIRST COMMUNITY BANK", "")));
  lines.push_back(pad94(fmt::format("5200{:<16}{:<20}{}COR{:<10}{:<6}{}   1{}{:07}", "MILLBROOK WATER", "",
                                    kCompanyId, "WATER BILL", "", date, kOdfi, 1)));
  std::int64_t hash = 0, count_records = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const demo::Customer& c = *autopay[k];
    const std::string trace = fmt::format("{}{:07}", kOdfi, k + 1);
    // Code 26: a notification of change for a checking debit; zero dollars.
    lines.push_back(pad94(fmt::format("626{}{:<17}{:010}{:<15}{:<22}  1{}", kUtilityRouting, c.bank_account,
                                      0, c.account, c.name.substr(0, 22), trace)));
    lines.push_back(pad94(fmt::format("798C01{}      {}{:<29}{:<15}{}", f.traces.at(k), c.routing.substr(0, 8),
                                      "9" + c.bank_account, "", trace)));
    hash += std::stoll(std::string(kUtilityRouting).substr(0, 8));
    count_records += 2;
  }
  lines.push_back(pad94(fmt::format("8200{:06}{:010}{:012}{:012}{}{:<25}{}{:07}", count_records,
                                    hash % 10'000'000'000, 0, 0, kCompanyId, "", kOdfi, 1)));
  const std::int64_t blocks = (static_cast<std::int64_t>(lines.size()) + 1 + 9) / 10;
  lines.push_back(pad94(fmt::format("9{:06}{:06}{:08}{:010}{:012}{:012}", 1, blocks, count_records,
                                    hash % 10'000'000'000, 0, 0)));
  while (lines.size() % 10 != 0) lines.push_back(std::string(94, '9'));
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string camt_statement(const std::vector<CamtEntry>& entries, int summary_count_delta) {
  auto amount = [](std::int64_t m) { return fmt::format("{}.{:02}", m / 100, m % 100); };
  std::int64_t credit_sum = 0, debit_sum = 0, credits = 0, debits = 0;
  std::string body;
  for (const CamtEntry& e : entries) {
    (e.credit ? credit_sum : debit_sum) += e.amount_minor;
    ++(e.credit ? credits : debits);
    body += fmt::format(
        "<Ntry><Amt Ccy=\"USD\">{}</Amt><CdtDbtInd>{}</CdtDbtInd><Sts>{}</Sts>"
        "<BookgDt><Dt>2026-11-20</Dt></BookgDt><ValDt><Dt>2026-11-20</Dt></ValDt>"
        "<AcctSvcrRef>{}</AcctSvcrRef><AddtlNtryInf>E2E ENTRY</AddtlNtryInf></Ntry>\n",
        amount(e.amount_minor), e.credit ? "CRDT" : "DBIT", e.booked ? "BOOK" : "PDNG", e.reference);
  }
  const std::int64_t net = credit_sum - debit_sum;
  const std::string summary = fmt::format(
      "<TxsSummry><TtlNtries><NbOfNtries>{}</NbOfNtries><Sum>{}</Sum><TtlNetNtryAmt>{}</TtlNetNtryAmt>"
      "<CdtDbtInd>{}</CdtDbtInd></TtlNtries><TtlCdtNtries><NbOfNtries>{}</NbOfNtries><Sum>{}</Sum>"
      "</TtlCdtNtries><TtlDbtNtries><NbOfNtries>{}</NbOfNtries><Sum>{}</Sum></TtlDbtNtries></TxsSummry>\n",
      credits + debits + summary_count_delta, amount(credit_sum + debit_sum), amount(net < 0 ? -net : net),
      net < 0 ? "DBIT" : "CRDT", credits, amount(credit_sum), debits, amount(debit_sum));
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n<BkToCstmrStmt>\n"
         "<GrpHdr><MsgId>E2E-MSG-1</MsgId><CreDtTm>2026-11-20T18:00:00</CreDtTm></GrpHdr>\n"
         "<Stmt><Id>E2E-STMT-1</Id><CreDtTm>2026-11-20T18:00:00</CreDtTm>\n"
         "<Acct><Id><Othr><Id>4410098765</Id></Othr></Id><Ccy>USD</Ccy></Acct>\n" +
         summary + body + "</Stmt>\n</BkToCstmrStmt>\n</Document>\n";
}

std::string ach_returns_file(const std::vector<AchReturn>& returns, BusinessDate date) {
  std::vector<std::string> lines;
  lines.push_back(pad94(fmt::format("101 {}{}{}0900A094101{:<23}{:<23}{:<8}", kUtilityRouting, kCompanyId, yymmdd(date),
                                    "CITY OF MILLBROOK WATER", "FIRST COMMUNITY BANK", "")));
  lines.push_back(pad94(fmt::format("5200{:<16}{:<20}{}PPD{:<10}{:<6}{}   1{}{:07}", "MILLBROOK WATER", "", kCompanyId,
                                    "WATER BILL", "", yymmdd(date), kOdfi, 1)));
  std::int64_t debit = 0, hash = 0, count = 0;
  for (std::size_t k = 0; k < returns.size(); ++k) {
    const AchReturn& r = returns[k];
    const std::string trace = fmt::format("{}{:07}", kOdfi, 9000 + k);
    // Code 26 (return of a checking debit): our bank credits our account with the amount.
    lines.push_back(pad94(fmt::format("626{}{:<17}{:010}{:<15}{:<22}  1{}", kUtilityRouting, "4410098765",
                                      r.amount_minor, r.account, "RETURNED", trace)));
    lines.push_back(pad94(fmt::format("799{}{}      {}{:<44}{}", r.code, r.original_trace, "09100001", "", trace)));
    debit += r.amount_minor;
    hash += std::stoll(std::string(kUtilityRouting).substr(0, 8));
    count += 2;
  }
  lines.push_back(pad94(fmt::format("8200{:06}{:010}{:012}{:012}{}{:<25}{}{:07}", count, hash % 10'000'000'000, debit,
                                    0, kCompanyId, "", kOdfi, 1)));
  const std::int64_t blocks = (static_cast<std::int64_t>(lines.size()) + 1 + 9) / 10;
  lines.push_back(pad94(fmt::format("9{:06}{:06}{:08}{:010}{:012}{:012}", 1, blocks, count, hash % 10'000'000'000,
                                    debit, 0)));
  while (lines.size() % 10 != 0) lines.push_back(std::string(94, '9'));
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string next_bills(const std::vector<const demo::Customer*>& accounts, BusinessDate date) {
  std::string csv = "account,bill_id,bill_date,amount_due,due_date\n";
  for (const demo::Customer* c : accounts)
    csv += fmt::format("{},N{}-{},{},{}.{:02},{}\n", c->account, date.to_iso(), c->account, date.to_iso(),
                       kNextBillMinor / 100, kNextBillMinor % 100, date.plus_days(21).to_iso());
  return csv;
}

std::vector<OriginatedDebit> read_debit_file(const std::string& bytes) {
  const auto cut = [](std::string s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
  };
  std::vector<OriginatedDebit> out;
  std::string description, effective;
  std::size_t at = 0;
  while (at < bytes.size()) {
    std::size_t end = bytes.find('\n', at);
    if (end == std::string::npos) end = bytes.size();
    const std::string line = bytes.substr(at, end - at);
    at = end + 1;
    REQUIRE(line.size() == 94);
    if (line[0] == '5') {
      description = cut(line.substr(53, 10));
      effective = line.substr(69, 6);
    }
    if (line[0] != '6') continue;
    out.push_back({description, effective, line.substr(1, 2), line.substr(3, 9), cut(line.substr(12, 17)),
                   cut(line.substr(39, 15)), line.substr(79, 15), std::stoll(line.substr(29, 10))});
  }
  return out;
}

std::string x9_returns(const std::vector<std::int64_t>& amounts) {
  std::vector<x9_test::ItemSpec> items;
  for (std::int64_t amount : amounts) {
    x9_test::ItemSpec item;
    item.type = 31;
    item.amount = amount;
    item.reason = 'A';
    items.push_back(item);
  }
  return x9_test::build(x9_test::simple(std::move(items)));
}

std::string x9_check_returns(const std::vector<ReturnedCheck>& checks) {
  std::vector<x9_test::ItemSpec> items;
  for (const ReturnedCheck& c : checks) {
    x9_test::ItemSpec item;
    item.type = 31;
    item.amount = c.amount_minor;
    item.reason = c.reason;
    item.payor_routing = c.routing;
    item.on_us = c.account + "/" + c.serial;
    items.push_back(item);
  }
  return x9_test::build(x9_test::simple(std::move(items)));
}

BigNacha big_nacha(int entries, int customers, std::uint64_t seed, int batch_size) {
  BigNacha out;
  Random rng{seed};
  auto writer = nacha::Writer::create(file_options(test_day(), 'A'));
  REQUIRE(writer.ok());
  for (int i = 0; i < entries; ++i) {
    if (i % batch_size == 0) {
      if (i > 0 && !writer->end_batch().ok()) FAIL("end_batch");
      if (!writer->begin_batch(batch_options(test_day())).ok()) FAIL("begin_batch");
      ++out.batches;
    }
    const int k = i % customers;
    nacha::AutopayDebit debit;
    debit.routing_number = kRoutings[k % 4];
    debit.dfi_account_number = std::to_string(20'000'000 + k);
    debit.amount_minor = rng.between(100, 99'999);
    debit.individual_id_number = std::to_string(300'000 + k);
    debit.individual_name = fmt::format("CUSTOMER {}", k);
    // Checked without an assertion per entry: the writer refusing one is a broken fixture.
    if (!writer->add_debit(debit).ok()) FAIL("the NACHA writer refused entry " << i);
    out.total_minor += debit.amount_minor;
    out.paid_by_account[debit.individual_id_number] += debit.amount_minor;
  }
  REQUIRE(writer->end_batch().ok());
  auto text = writer->finish();
  REQUIRE(text.ok());
  out.text = std::move(text).value();
  return out;
}

std::string nacha_payments(const std::vector<Payment>& payments, std::int64_t first_sequence,
                           char file_id_modifier) {
  nacha::FileOptions options = file_options(test_day(), file_id_modifier);
  options.first_trace_sequence = first_sequence;
  auto writer = nacha::Writer::create(options);
  REQUIRE(writer.ok());
  REQUIRE(writer->begin_batch(batch_options(test_day())).ok());
  for (const Payment& p : payments) {
    nacha::AutopayDebit debit;
    const auto k = static_cast<std::size_t>(std::stoll(p.account)) % 4;
    debit.routing_number = kRoutings[k];
    debit.dfi_account_number = "7" + p.account;
    debit.amount_minor = p.amount_minor;
    debit.individual_id_number = p.account;
    debit.individual_name = "PAYER " + p.account;
    REQUIRE(writer->add_debit(debit).ok());
  }
  REQUIRE(writer->end_batch().ok());
  auto text = writer->finish();
  REQUIRE(text.ok());
  return std::move(text).value();
}

namespace {

// Offset of the first character of 1-based `line`.
std::size_t line_offset(const std::string& text, std::size_t line) {
  std::size_t start = 0;
  for (std::size_t n = 1; n < line; ++n) {
    start = text.find('\n', start);
    REQUIRE(start != std::string::npos);
    ++start;
  }
  return start;
}

}  // namespace

std::string line_at(const std::string& text, std::size_t line) {
  const std::size_t start = line_offset(text, line);
  const std::size_t end = text.find('\n', start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string replace_at(const std::string& text, std::size_t line, std::size_t column,
                       const std::string& value) {
  const std::size_t start = line_offset(text, line);
  std::string out = text;
  REQUIRE(column >= 1);
  REQUIRE(start + column - 1 + value.size() <= out.size());
  out.replace(start + column - 1, value.size(), value);
  return out;
}

std::string replace_in_line(const std::string& text, std::size_t line, const std::string& from,
                            const std::string& to) {
  const std::size_t at = line_at(text, line).find(from);
  REQUIRE(at != std::string::npos);
  std::string out = text;
  out.replace(line_offset(text, line) + at, from.size(), to);
  return out;
}

std::size_t line_starting(const std::string& text, const std::string& prefix) {
  std::size_t start = 0, n = 1;
  while (start < text.size()) {
    if (text.compare(start, prefix.size(), prefix) == 0) return n;
    start = text.find('\n', start);
    if (start == std::string::npos) break;
    ++start;
    ++n;
  }
  return 0;
}

}  // namespace e2e
