// BAI2 transaction details to events: each 16 record (with its 88 continuations) ->
// BankTransaction (bank_line.h: id, partition, masking).
//
// - Direction from the type code: credit 100-399, debit 400-699 (formats/bai2/type_codes.h).
//   A detail with no direction (890 informational messages, some loan codes) or no amount
//   moves no money and is not posted; neither is a zero amount.
// - Status and summary amounts of the 03 record are balances and activity totals, not
//   transactions: no events.
// - booking date = the group's as-of date; value date only when the funds type gives one
//   (V, value dated). amount positive, type_code the three digits, description the text.
// - Groups by status: update (1) and correction (3) are posted (a corrected line with a bank
//   reference keeps its id, so the ledger sees the same event, not a second one); deletion (2)
//   and test-only (4) groups are not posted and are reported. A changed line under a bank
//   reference already posted is a conflicting event for the ledger, which a person resolves.
#include <fmt/format.h>

#include <string>

#include "formats/bai2/bai2.h"
#include "ingest/mappers/bank_line.h"
#include "ingest/mappers/mappers.h"

namespace tally::ingest {
namespace {

namespace bai2 = formats::bai2;

constexpr std::size_t kMaxDescriptionBytes = 1024;

class Bai2Mapper final : public bai2::Visitor {
 public:
  Bai2Mapper(const FileContext& file, EventSink& sink) : file_(file), sink_(sink) {}

  void on_group_header(const bai2::GroupHeader& g) override {
    as_of_ = g.as_of_date;
    status_ = g.status;
    if (status_ == bai2::GroupStatus::kCorrection) ++correction_groups;
  }

  void on_account(const bai2::AccountIdentifier&) override { ids_.new_statement(); }

  void on_transaction(const bai2::TransactionDetail& d) override {
    if (status_ == bai2::GroupStatus::kDeletion || status_ == bai2::GroupStatus::kTestOnly) {
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

  std::int64_t posted = 0, no_money = 0, zero_amount = 0, skipped_by_status = 0;
  std::int64_t correction_groups = 0;
  std::int64_t repeated_references() const { return ids_.repeats(); }

 private:
  const FileContext& file_;
  EventSink& sink_;
  BusinessDate as_of_;
  bai2::GroupStatus status_ = bai2::GroupStatus::kUpdate;
  bank_line::BankLineIds ids_;
};

}  // namespace

formats::ParseReport map_bai2(std::string_view bytes, const FileContext& file, EventSink& sink) {
  Bai2Mapper mapper(file, sink);
  formats::ParseReport report = bai2::parse(bytes, mapper);
  report.summary.set("bank_transactions_posted", mapper.posted);
  report.summary.set("details_not_posted", mapper.no_money + mapper.zero_amount + mapper.skipped_by_status);
  if (mapper.skipped_by_status > 0)
    report.warning({0, 0, "group_status", "not_posted",
                    fmt::format("{} transaction detail(s) in deletion or test-only groups were not "
                                "posted",
                                mapper.skipped_by_status)});
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
  return report;
}

}  // namespace tally::ingest
