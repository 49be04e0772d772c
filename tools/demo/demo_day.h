// Internal to the demo generator: the day's customers and payments, shared by the writers of
// each file so that the files agree with each other (the bank statement's deposits are the
// lockbox, ACH and card totals).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/result.h"

namespace tally::demo {

struct Customer {
  std::string account;       // "100001"
  std::string name;
  std::int64_t bill_minor = 0;
  bool autopay = false;
  std::string routing;       // autopay bank routing (valid check digit)
  std::string bank_account;  // autopay bank account number
};

struct Check {                 // a mailed check in the lockbox
  std::string account;         // empty: the coupon was missing (goes to suspense)
  std::string remitter;
  std::int64_t amount_minor = 0;
  std::string check_number;
  std::string routing;         // the payer's bank (MICR routing) and account number
  std::string bank_account;
};

struct CardSale {
  std::string account;
  std::int64_t amount_minor = 0;
  std::string reference;
  std::string last4;
};

struct Day {
  BusinessDate date;
  std::vector<Customer> customers;
  std::vector<Check> checks;
  std::vector<CardSale> card_sales;
  std::vector<std::size_t> returned;  // indexes into autopay customers: R01, R02 returns
};

Day plan_day(BusinessDate date);

std::string billing_csv(const Day& day);
std::string enrollment_csv(const Day& day);
std::string card_csv(const Day& day, std::int64_t& payout_minor);
Result<std::string> autopay_nacha(const Day& day, std::int64_t& total_minor,
                                  std::vector<std::string>& traces);
std::string returns_nacha(const Day& day, const std::vector<std::string>& traces);
std::string lockbox_file(const Day& day, std::int64_t& total_minor);
std::string bai2_statement(const Day& day, std::int64_t lockbox_minor, std::int64_t ach_minor,
                           std::int64_t card_minor, std::int64_t returns_minor);

std::int64_t returns_total(const Day& day);

}  // namespace tally::demo
