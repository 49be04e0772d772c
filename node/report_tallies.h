// The sums behind the period reports (period_reports.h), apart from where their figures come
// from: each tally is fed one journal entry's facts at a time and gives a reconcile::Report
// (report_render.h prints it as CSV, HTML or JSON). Amounts are int64 minor units of one
// currency, added with overflow checks; cells hold exact decimal text ("1234.56").
//
// Pure; not thread-safe (one tally, one thread).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/business_date.h"
#include "core/currency.h"
#include "core/ids.h"
#include "core/result.h"
#include "reconcile/reports.h"

namespace tally::node {

struct ReportPeriod {
  BusinessDate from, to;  // both included
  bool contains(BusinessDate d) const { return d >= from && d <= to; }
};

// A count and the sum of the amounts counted.
struct CountAmount {
  std::int64_t count = 0;
  std::int64_t amount_minor = 0;
  Status add(std::int64_t minor);  // an overflowing sum is an error, nothing added
};

// 1. payments: each PaymentReceived the ledger applied, by business date, channel and the
// account that took the money in (clearing:<channel>, drawer:<id>).
class PaymentsTally {
 public:
  explicit PaymentsTally(Currency currency) : currency_(currency) {}
  Status add(BusinessDate date, std::string_view channel, std::string_view account,
             std::int64_t amount_minor);
  const CountAmount& total() const { return total_; }
  const std::map<std::string, CountAmount>& by_account() const { return by_account_; }
  reconcile::Report report(const ReportPeriod& period) const;

 private:
  Currency currency_;
  std::map<std::tuple<BusinessDate, std::string, std::string>, CountAmount> by_day_;
  std::map<std::string, CountAmount> by_channel_, by_account_;
  CountAmount total_;
};

// 2. returns: returned payments and chargebacks by kind and reason code, and chargebacks
// reversed.
class ReturnsTally {
 public:
  explicit ReturnsTally(Currency currency) : currency_(currency) {}
  // `kind`: "ACH return", "check return", "refund", "chargeback"; `description`: plain words.
  Status add(std::string_view kind, std::string_view code, std::string_view description,
             std::int64_t amount_minor, std::int64_t fee_minor);
  Status add_reversal(std::int64_t amount_minor);
  const CountAmount& total() const { return total_; }
  reconcile::Report report(const ReportPeriod& period) const;

 private:
  struct Line {
    std::string description;
    CountAmount returned;
    std::int64_t fee_minor = 0;
  };
  Currency currency_;
  std::map<std::pair<std::string, std::string>, Line> lines_;
  CountAmount total_, reversed_;
  std::int64_t fees_minor_ = 0;
};

// 3. nsf-fees: every credit to revenue:nsf-fees is a fee charged, every debit a fee reversed;
// so charged - reversed is what revenue:nsf-fees moved in the period.
class NsfFeesTally {
 public:
  explicit NsfFeesTally(Currency currency) : currency_(currency) {}
  // `amount_minor`: the posting to revenue:nsf-fees (credit negative). `customer`, `code`:
  // whom it was charged and for which return (empty when the entry names none).
  Status add(BusinessDate date, std::int64_t amount_minor, std::string_view customer,
             std::string_view code);
  const CountAmount& charged() const { return charged_; }
  const CountAmount& reversed() const { return reversed_; }
  reconcile::Report report(const ReportPeriod& period) const;

 private:
  struct Day {
    CountAmount charged, reversed;
  };
  struct Fee {
    BusinessDate date;
    std::string customer, code;
    std::int64_t amount_minor = 0;  // positive: charged; negative: reversed
  };
  Currency currency_;
  std::map<BusinessDate, Day> days_;
  std::vector<Fee> fees_;
  CountAmount charged_, reversed_;
};

// 5. suspense: the payments still held in suspense as of a date, by age. Fed every suspense
// posting dated on or before it in journal order: a credit holds money (keyed by the payment the
// entry names, else by the entry's own event), a debit releases it from the payment it names,
// or, when it names none still held, from the oldest held first. The held total is therefore
// always minus the suspense balance.
class SuspenseAging {
 public:
  explicit SuspenseAging(Currency currency) : currency_(currency) {}
  // `payment`: the payment the entry names (nullopt: none); `event`: the entry's own event.
  Status post(BusinessDate date, const std::optional<EventId>& payment, const EventId& event,
              std::string_view channel, std::int64_t amount_minor);
  std::int64_t held_minor() const { return held_minor_; }
  // Age buckets in days: 0-30, 31-60, 61-90, over 90.
  static constexpr std::int32_t kBucketDays = 30;
  static constexpr std::size_t kBuckets = 4;
  std::vector<CountAmount> buckets(BusinessDate as_of) const;
  reconcile::Report report(BusinessDate as_of) const;

 private:
  struct Item {
    BusinessDate date;
    std::string channel;
    std::int64_t held_minor = 0;
    std::uint64_t order = 0;  // arrival, for oldest-first release
  };
  Status release(Item& item, std::int64_t& minor);
  Currency currency_;
  std::map<EventId, Item> items_;
  std::uint64_t next_order_ = 0;
  std::int64_t held_minor_ = 0;
};

// 7. trial-balance: every account's balance; customers in one receivables line (debit: what
// customers owe, credit: what is owed to those in credit).
class TrialBalance {
 public:
  explicit TrialBalance(Currency currency) : currency_(currency) {}
  Status post(std::string_view account, std::int64_t amount_minor);
  // The balance of each account posted to (customers included), debit positive.
  const std::map<std::string, std::int64_t, std::less<>>& balances() const { return balances_; }
  struct Line {
    std::string account;  // "customers (receivable)" for the customers' line
    std::int64_t accounts = 1;
    std::int64_t debit_minor = 0, credit_minor = 0;  // both >= 0
  };
  // The customers' line first, then the other accounts in name order; zero balances kept.
  Result<std::vector<Line>> lines() const;
  Result<reconcile::Report> report(BusinessDate as_of) const;

 private:
  Currency currency_;
  std::map<std::string, std::int64_t, std::less<>> balances_;
};

inline constexpr std::string_view kReceivablesLine = "customers (receivable)";

// The payment a journal memo names ("return R01 of payment <32 hex>", "void of payment <hex>",
// "payment <hex> applied from suspense"); nullopt when it names none.
std::optional<EventId> payment_named_in_memo(std::string_view memo);

// Money as report text: "1234.56".
std::string amount_cell(std::int64_t minor, Currency currency);

}  // namespace tally::node
