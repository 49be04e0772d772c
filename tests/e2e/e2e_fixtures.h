// Fixture files for the end-to-end tests, generated here (never copied from a corpus):
// a day of a small utility's files from the demo generator (tools/demo/demo_day.h), plus files the
// demo does not make (NACHA notifications of change, camt.053, X9.37 returns, a large NACHA
// file), and the books each file should produce under the ledger's posting rules
// (ledger/rules*.cpp) and default return policy (ledger/policy.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "tools/demo/demo_day.h"

namespace e2e {

namespace demo = tally::demo;
using tally::BusinessDate;

// Expected books: account -> balance in minor units (debit positive, as the ledger keeps it).
class Books {
 public:
  // One journal entry of two postings: Dr `debit` / Cr `credit`.
  void post(const std::string& debit, const std::string& credit, std::int64_t amount_minor);
  const std::map<std::string, std::int64_t>& balances() const { return balances_; }
  std::int64_t operator[](const std::string& account) const;

 private:
  std::map<std::string, std::int64_t> balances_;
};

std::string customer(const std::string& account);  // "customer:<account>"

// One day's files, as the demo writes them (the card file with its refund pointing at the
// sale it refunds: see make_day).
struct DayFiles {
  demo::Day day;
  std::string billing, enrollments, autopay_ach, returns_ach, lockbox, card, bai2;
  std::int64_t ach_total_minor = 0, lockbox_total_minor = 0, card_payout_minor = 0;
  std::vector<std::string> traces;  // of the autopay debits, in order
  std::vector<const demo::Customer*> autopay_customers() const;
};

BusinessDate test_day();  // a fixed business date: the files do not depend on today
DayFiles make_day(BusinessDate date = test_day());

// What each file does to the books.
void expect_bills(const DayFiles& f, Books& books);
void expect_autopay_debits(const DayFiles& f, Books& books);
void expect_returns(const DayFiles& f, Books& books);  // R01 incurs the default NSF fee, R02 not
void expect_lockbox(const DayFiles& f, Books& books);
void expect_card(const DayFiles& f, Books& books);

// The return codes the demo's return file gives the returned autopay debits, in order.
std::string demo_return_code(std::size_t k);

// A NACHA file of notifications of change (COR, addenda 98) for the first `count` autopay
// debits of the day: C01 (account number) for each.
std::string noc_file(const DayFiles& f, std::size_t count);

// A NACHA file of returns (addenda 99) of debits the utility originated: each names the
// original entry's trace, the customer's account (individual id) and the return code.
struct AchReturn {
  std::string original_trace, account, code;
  std::int64_t amount_minor = 0;
};
std::string ach_returns_file(const std::vector<AchReturn>& returns, BusinessDate date);

// A next cycle's bills: 50.00 (kNextBillMinor) for each of `accounts`, dated `date`.
inline constexpr std::int64_t kNextBillMinor = 5000;
std::string next_bills(const std::vector<const demo::Customer*>& accounts, BusinessDate date);

// An autopay file Tally wrote, read record by record by the NACHA layout's fixed positions,
// independently of Tally's reader.
struct OriginatedDebit {
  std::string batch_description;  // the batch's company entry description, trailing spaces cut
  std::string effective_yymmdd;   // the batch's effective entry date
  std::string transaction_code, routing, account_number, individual_id, trace;
  std::int64_t amount_minor = 0;
};
std::vector<OriginatedDebit> read_debit_file(const std::string& bytes);

// camt.053.001.02 statement for the operating account: `booked` BOOK entries (each with its
// own AcctSvcrRef) plus one PDNG entry, and a TxsSummry of all of them. `summary_count_delta`
// breaks the summary's entry count.
struct CamtEntry {
  std::int64_t amount_minor = 0;
  bool credit = true;
  bool booked = true;
  std::string reference;
};
std::string camt_statement(const std::vector<CamtEntry>& entries, int summary_count_delta = 0);

// X9.37 returned-items file: one return (31) per amount, reason 'A' (NSF), with addenda. The
// on-us field has no serial, so these returns match no deposited check.
std::string x9_returns(const std::vector<std::int64_t>& amounts);

// X9.37 returns of given checks: payor routing, on-us "<account>/<serial>", amount, reason.
struct ReturnedCheck {
  std::string routing, account, serial;
  std::int64_t amount_minor = 0;
  char reason = 'A';
};
std::string x9_check_returns(const std::vector<ReturnedCheck>& checks);

// A NACHA autopay debit file through the real writer: `entries` debits spread over
// `customers` accounts (300000, 300001, ...) with amounts from a seeded generator, in
// batches of at most `batch_size`, with each account's total paid.
struct BigNacha {
  std::string text;
  std::int64_t total_minor = 0;
  std::map<std::string, std::int64_t> paid_by_account;  // account number -> total
  int batches = 0;
};
BigNacha big_nacha(int entries, int customers, std::uint64_t seed, int batch_size = 10'000);

// A NACHA debit file of given (account, amount) payments whose trace sequences start at
// `first_sequence`: the same (sequence, account, amount) in two files is the same payment.
struct Payment {
  std::string account;
  std::int64_t amount_minor = 0;
};
std::string nacha_payments(const std::vector<Payment>& payments, std::int64_t first_sequence,
                           char file_id_modifier = 'A');

// Replaces the `length` characters at 1-based `column` of 1-based `line` (lines split on '\n').
std::string replace_at(const std::string& text, std::size_t line, std::size_t column,
                       const std::string& value);
// 1-based number of the first line starting with `prefix` (0 when none).
std::size_t line_starting(const std::string& text, const std::string& prefix);
std::string line_at(const std::string& text, std::size_t line);
// Replaces the first `from` within 1-based `line` by `to` (any length); REQUIREs it is there.
std::string replace_in_line(const std::string& text, std::size_t line, const std::string& from,
                            const std::string& to);

}  // namespace e2e
