// camt.052 / 053 / 054 entries to events: each booked entry (Ntry, Sts BOOK) ->
// BankTransaction (bank_line.h: id, partition, masking); each statement's (or report's)
// opening and closing booked balances -> BankBalanceReported (bank_balance.h).
//
// Only booked entries are posted. A pending (PDNG) or information (INFO) entry is not yet a
// movement of money: the bank may still change its amount or drop it, and when it books it
// comes again as BOOK, often with a new AcctSvcrRef, so posting both would count it twice.
// They are counted in the summary (entries_not_booked) and left out.
//
// Fields: bank_reference = AcctSvcrRef (NONREF / NOTPROVIDED count as none);
// customer_reference = EndToEndId of the first transaction detail; direction = CdtDbtInd;
// reversal = RvslInd; type_code = "Domn/Fmly/SubFmly" or else the proprietary code;
// booking date BookgDt (else ValDt, else the statement's creation date); description = the
// return reason when a detail carries RtrInf, then the remittance information, then
// AddtlNtryInf, capped at kMaxDescriptionBytes.
//
// Balances: OPBD (opening booked) and CLBD (closing booked), signed by CdtDbtInd (DBIT is an
// overdrawn account: negative), in the Bal's own currency. Other types (available, interim,
// forward) are not the ledger balance the books compare with. The event's date is the CLBD's
// Dt, the day the statement closes, else the OPBD's: OPBD is the opening of the statement's
// period whatever date the bank writes on it (ISO 20022: it equals the previous report's
// closing, and many banks date it that day, a day before the CLBD, as the corpus samples do).
// Dated apart, the opening would be an event of the previous day, under that day's id but
// with other content than the previous statement's: a conflict that refuses the next file.
// camt.054 notifications carry no balances.
#include <fmt/format.h>

#include <optional>
#include <string>

#include "formats/camt/reader.h"
#include "ingest/mappers/bank_balance.h"
#include "ingest/mappers/bank_line.h"
#include "ingest/mappers/mappers.h"

namespace tally::ingest {
namespace {

namespace camt = formats::camt;

constexpr std::size_t kMaxDescriptionBytes = 1024;

std::string type_code_of(const camt::BankTransactionCode& code) {
  if (code.domain.empty()) return code.proprietary;
  std::string out = code.domain;
  if (!code.family.empty()) out += "/" + code.family;
  if (!code.sub_family.empty()) out += "/" + code.sub_family;
  return out;
}

std::string_view account_number_of(const camt::Statement& s) {
  return s.account.iban.empty() ? s.account.other_id : s.account.iban;
}

class CamtMapper final : public camt::Visitor {
 public:
  CamtMapper(const FileContext& file, EventSink& sink) : file_(file), sink_(sink) {}

  void on_message(const camt::MessageId& m) override { format_ = m.format(); }

  void on_statement(const camt::Statement&) override {
    ids_.new_statement();
    opening_.reset();
    closing_.reset();
  }

  // A second OPBD or CLBD in one statement: the first opening, the last closing, as for the
  // statements of one day (bank_balance.h).
  void on_balance(const camt::Statement&, const camt::Balance& b) override {
    if (!b.date) return;  // the reader reports a Bal without Dt as an error
    const Money amount(b.signed_minor(), b.amount.currency());
    if (b.type_code == "OPBD" && !opening_) opening_ = Dated{amount, *b.date};
    if (b.type_code == "CLBD") closing_ = Dated{amount, *b.date};
  }

  void on_statement_end(const camt::Statement& s, const camt::StatementTotals&) override {
    if (!opening_ && !closing_) return;
    bank_balance::Report report;
    report.account_number = account_number_of(s);
    report.date = closing_ ? closing_->date : opening_->date;
    if (opening_) report.opening_ledger = opening_->amount;
    if (closing_) report.closing_ledger = closing_->amount;
    report.source_format = format_;
    report.ordinal = s.ordinal;
    balances_.add(file_, report, sink_);
  }

  void on_entry(const camt::Statement&, const camt::Entry&) override {
    end_to_end_.clear();
    remittance_.clear();
    returned_.clear();
    details_ = 0;
  }

  void on_transaction(const camt::Entry&, const camt::TransactionDetails& t) override {
    if (details_++ == 0) end_to_end_ = t.end_to_end_id;
    for (const std::string& line : t.unstructured)
      bank_line::append_text(remittance_, line, " ", kMaxDescriptionBytes);
    for (const std::string& ref : t.structured_references)
      bank_line::append_text(remittance_, ref, " ", kMaxDescriptionBytes);
    if (t.return_info) {
      const camt::ReturnInfo& r = *t.return_info;
      std::string reason = "returned: " + (r.reason_code.empty() ? r.reason_proprietary : r.reason_code);
      for (const std::string& info : r.additional_info)
        bank_line::append_text(reason, info, " ", kMaxDescriptionBytes);
      bank_line::append_text(returned_, reason, "; ", kMaxDescriptionBytes);
    }
  }

  void on_entry_end(const camt::Statement& s, const camt::Entry& e) override {
    if (e.status != "BOOK") {
      ++not_booked;
      return;
    }
    if (e.amount.is_zero()) {
      ++zero_amount;
      return;
    }
    bank_line::Line line;
    line.account_number = account_number_of(s);
    line.bank_reference = e.account_servicer_ref;
    line.customer_reference = end_to_end_;
    line.credit = e.credit_debit == camt::CreditDebit::kCredit;
    line.reversal = e.reversal;
    line.amount_minor = e.amount.minor();
    line.currency = e.amount.currency();
    line.type_code = type_code_of(e.bank_transaction_code);
    line.booking_date = e.booking_date   ? *e.booking_date
                        : e.value_date   ? *e.value_date
                        : s.creation_date ? *s.creation_date
                                          : file_.business_date;
    if (e.value_date) line.value_date_days = e.value_date->days();
    bank_line::append_text(line.description, returned_, "; ", kMaxDescriptionBytes);
    bank_line::append_text(line.description, remittance_, "; ", kMaxDescriptionBytes);
    bank_line::append_text(line.description, e.additional_info, "; ", kMaxDescriptionBytes);
    line.source_format = format_;
    line.ordinal = e.ordinal;
    bank_line::emit(line, ids_.id_for(file_, line), file_, sink_);
    ++posted;
  }

  // After parse(): the balances are held until the document ends (bank_balance.h).
  void finish() { balances_.finish(file_, sink_); }

  std::int64_t posted = 0, not_booked = 0, zero_amount = 0;
  std::int64_t repeated_references() const { return ids_.repeats(); }
  const bank_balance::BankBalances& balances() const { return balances_; }

 private:
  struct Dated {
    Money amount;
    BusinessDate date;
  };

  const FileContext& file_;
  EventSink& sink_;
  std::string format_ = "camt";
  bank_line::BankLineIds ids_;
  bank_balance::BankBalances balances_;
  std::optional<Dated> opening_, closing_;  // of the statement being read
  // Of the entry being read: its details come between on_entry and on_entry_end.
  std::string end_to_end_, remittance_, returned_;
  std::int64_t details_ = 0;
};

}  // namespace

formats::ParseReport map_camt(std::string_view bytes, const FileContext& file, EventSink& sink) {
  CamtMapper mapper(file, sink);
  formats::ParseReport report = camt::parse(bytes, mapper);
  mapper.finish();
  report.summary.set("bank_transactions_posted", mapper.posted);
  report.summary.set("balances_reported", mapper.balances().reported());
  report.summary.set("entries_not_booked", mapper.not_booked);
  if (mapper.not_booked > 0)
    report.warning({0, 0, "Ntry/Sts", "not_booked",
                    fmt::format("{} pending or information entr(ies) were not posted: only booked "
                                "(BOOK) entries are",
                                mapper.not_booked)});
  if (mapper.zero_amount > 0)
    report.warning({0, 0, "Ntry/Amt", "zero_amount",
                    fmt::format("{} entr(ies) of zero amount were not posted", mapper.zero_amount)});
  if (mapper.repeated_references() > 0)
    report.warning({0, 0, "Ntry/AcctSvcrRef", "repeated_reference",
                    fmt::format("{} entr(ies) repeat a bank reference used earlier in their statement; "
                                "each was posted as its own line",
                                mapper.repeated_references())});
  if (mapper.balances().repeats() > 0)
    report.warning(
        {0, 0, "Stmt/Bal", "repeated_balance",
         fmt::format("{} statement(s) report the balances of an account and day reported "
                     "earlier in the document: the day is one balance event, with the "
                     "first opening and the last closing booked balance",
                     mapper.balances().repeats())});
  return report;
}

}  // namespace tally::ingest
