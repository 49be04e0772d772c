// BAI2 statements to events: each 16 record (with its 88 continuations) -> BankTransaction
// (bank_line.h: id, partition, masking); each 03's opening and closing ledger balances ->
// BankBalanceReported (bank_balance.h).
//
// - Direction from the type code: credit 100-399, debit 400-699 (formats/bai2/type_codes.h).
//   A detail with no direction (890 informational messages, some loan codes) or no amount
//   moves no money and is not posted; neither is a zero amount.
// - Of the 03's status and summary amounts (balances and activity totals, not transactions)
//   only the opening ledger (010) and closing ledger (015) are reported: the bank's own
//   balances, which the books' bank account must come to. Their date is the group's as-of
//   date, their currency the account's (the 03's, else the group's); an amount the 03 leaves
//   out stays unset, and an 03 with neither reports nothing.
// - booking date = the group's as-of date; value date only when the funds type gives one
//   (V, value dated). amount positive, type_code the three digits, description the text.
// - Groups by status: update (1) and correction (3) are posted (a corrected line with a bank
//   reference keeps its id, so the ledger sees the same event, not a second one); deletion (2)
//   and test-only (4) groups are not posted, nor are their balances, and are reported. A
//   changed line under a bank reference already posted is a conflicting event for the ledger,
//   which a person resolves.
#include <fmt/format.h>

#include <optional>
#include <string>

#include "core/money.h"
#include "formats/bai2/bai2.h"
#include "ingest/mappers/bank_balance.h"
#include "ingest/mappers/bank_line.h"
#include "ingest/mappers/mappers.h"

namespace tally::ingest {
namespace {

namespace bai2 = formats::bai2;

constexpr std::size_t kMaxDescriptionBytes = 1024;
// Status type codes of the specification's Appendix A.
constexpr int kOpeningLedger = 10;
constexpr int kClosingLedger = 15;

// The first amount the 03 gives under `code`, in the account's currency.
std::optional<Money> status_amount(const bai2::AccountIdentifier& account, int code) {
  for (const bai2::AccountSummary& s : account.summaries)
    if (s.type.code == code && s.amount_minor) return Money(*s.amount_minor, account.currency);
  return std::nullopt;
}

class Bai2Mapper final : public bai2::Visitor {
 public:
  Bai2Mapper(const FileContext& file, EventSink& sink) : file_(file), sink_(sink) {}

  void on_group_header(const bai2::GroupHeader& g) override {
    as_of_ = g.as_of_date;
    status_ = g.status;
    if (status_ == bai2::GroupStatus::kCorrection) ++correction_groups;
  }

  void on_account(const bai2::AccountIdentifier& a) override {
    ids_.new_statement();
    bank_balance::Report report;
    report.account_number = a.account_number;
    report.date = as_of_;
    report.opening_ledger = status_amount(a, kOpeningLedger);
    report.closing_ledger = status_amount(a, kClosingLedger);
    report.source_format = "bai2";
    report.ordinal = a.record;
    if (!report.opening_ledger && !report.closing_ledger) return;
    if (!group_posts()) {
      ++balances_skipped_by_status;
      return;
    }
    balances_.add(file_, report, sink_);
  }

  void on_transaction(const bai2::TransactionDetail& d) override {
    if (!group_posts()) {
      ++skipped_by_status;
      return;
    }
    if (!d.amount_minor || d.type.direction == bai2::Direction::kNone) {
      ++no_money;
      return;
    }
    if (*d.amount_minor == 0) {
      ++zero_amount;
      return;
    }
    bank_line::Line line;
    line.account_number = d.account_number;
    line.bank_reference = d.bank_reference;
    line.customer_reference = d.customer_reference;
    line.credit = d.type.direction == bai2::Direction::kCredit;
    line.amount_minor = *d.amount_minor;
    line.currency = d.currency;
    line.type_code = fmt::format("{:03}", d.type.code);
    line.booking_date = as_of_;
    if (d.funds.type == bai2::FundsType::kValueDated && d.funds.value_date)
      line.value_date_days = d.funds.value_date->days();
    bank_line::append_text(line.description, d.text, " ", kMaxDescriptionBytes);
    line.source_format = "bai2";
    line.ordinal = d.record;
    bank_line::emit(line, ids_.id_for(file_, line), file_, sink_);
    ++posted;
  }

  // After parse(): the balances are held until the file ends (bank_balance.h).
  void finish() { balances_.finish(file_, sink_); }

  std::int64_t posted = 0, no_money = 0, zero_amount = 0, skipped_by_status = 0;
  std::int64_t balances_skipped_by_status = 0, correction_groups = 0;
  std::int64_t repeated_references() const { return ids_.repeats(); }
  const bank_balance::BankBalances& balances() const { return balances_; }

 private:
  // Deletion and test-only groups are not the account's real activity.
  bool group_posts() const {
    return status_ != bai2::GroupStatus::kDeletion && status_ != bai2::GroupStatus::kTestOnly;
  }

  const FileContext& file_;
  EventSink& sink_;
  BusinessDate as_of_;
  bai2::GroupStatus status_ = bai2::GroupStatus::kUpdate;
  bank_line::BankLineIds ids_;
  bank_balance::BankBalances balances_;
};

}  // namespace

formats::ParseReport map_bai2(std::string_view bytes, const FileContext& file, EventSink& sink) {
  Bai2Mapper mapper(file, sink);
  formats::ParseReport report = bai2::parse(bytes, mapper);
  mapper.finish();
  report.summary.set("bank_transactions_posted", mapper.posted);
  report.summary.set("balances_reported", mapper.balances().reported());
  report.summary.set("details_not_posted", mapper.no_money + mapper.zero_amount + mapper.skipped_by_status);
  if (mapper.skipped_by_status > 0)
    report.warning({0, 0, "group_status", "not_posted",
                    fmt::format("{} transaction detail(s) in deletion or test-only groups were not "
                                "posted",
                                mapper.skipped_by_status)});
  if (mapper.balances_skipped_by_status > 0)
    report.warning({0, 0, "group_status", "not_posted",
                    fmt::format("{} account balance report(s) in deletion or test-only groups were "
                                "not reported",
                                mapper.balances_skipped_by_status)});
  if (mapper.correction_groups > 0)
    report.warning({0, 0, "group_status", "correction",
                    fmt::format("{} correction group(s): lines with a bank reference keep the ids "
                                "of the lines sent before; lines without one are posted as new",
                                mapper.correction_groups)});
  if (mapper.repeated_references() > 0)
    report.warning({0, 0, "bank_reference", "repeated_reference",
                    fmt::format("{} detail(s) repeat a bank reference used earlier in their account "
                                "report; each was posted as its own line",
                                mapper.repeated_references())});
  if (mapper.balances().repeats() > 0)
    report.warning({0, 0, "account_number", "repeated_balance",
                    fmt::format("{} 03 record(s) report the balances of an account and as-of date "
                                "reported earlier in the file: the day is one balance event, with "
                                "the first opening and the last closing ledger",
                                mapper.balances().repeats())});
  return report;
}

}  // namespace tally::ingest
