// The camt element state machine behind parse(): expat's start/end/text events go in, typed
// records go out to the Visitor as each one completes, located issues go to the report.
// Internal to formats/camt (reader.cpp drives it). It keeps one statement, one entry, one
// batch and one transaction at a time, never a list, so memory is bounded by the limits.
#pragma once

#include <expat.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/camt/reader.h"
#include "formats/camt/records.h"
#include "formats/camt/tags.h"
#include "formats/camt/values.h"
#include "formats/common/report.h"

namespace tally::formats::camt {

class Handler {
 public:
  Handler(XML_Parser parser, Visitor& visitor, const Limits& limits, ParseReport& report);

  void start(const char* name, const char** attributes);
  void end();
  void text(const char* data, int length);
  void doctype();  // a DOCTYPE: refused, it is the door to entity expansion
  // After the last byte was parsed without an XML error: document-level checks and the
  // report's summary and declared fields.
  void finish();
  void fail_internal(std::string_view what);

  bool stopped() const { return stopped_; }
  std::uint64_t events() const { return events_; }
  std::string format() const { return message_ ? message_->format() : "camt"; }

  // An issue located at the parser's current line and column (1-based).
  void error(std::string_view code, std::string_view field, std::string_view message);
  void warning(std::string_view code, std::string_view field, std::string_view message);
  void stop(std::string_view code, std::string_view field, std::string_view message);

 private:
  Tag at(std::size_t up) const {  // at(0): the current element, at(1): its parent, ...
    return up < stack_.size() ? stack_[stack_.size() - 1 - up] : Tag::kOther;
  }
  bool chain(std::initializer_list<Tag> tags) const;  // at(0), at(1), ... equal `tags`
  Tag resolve(std::string_view name) const;
  void start_root(std::string_view name);
  void start_section(Tag tag, const char** attributes);
  void v1_entry_details(Tag tag);
  void read_currency(const char** attributes);

  void end_group_header_field(Tag tag, std::string_view value);
  void end_statement_field(Tag tag, std::string_view value);
  void end_balance_field(Tag tag, std::string_view value);
  void end_summary_field(Tag tag, std::string_view value);
  void end_entry_field(Tag tag, std::string_view value);
  void end_batch_field(Tag tag, std::string_view value);
  void end_transaction_field(Tag tag, std::string_view value);
  bool bank_code_field(Tag owner, std::string_view value, BankTransactionCode& code);
  void party_field(Tag tag, std::string_view value);

  void announce_statement();
  void finish_statement();
  void finish_balance();
  void finish_summary();
  void announce_entry();
  void finish_entry();
  void finish_entry_details();
  void finish_transaction();

  // Parsed values; each reports its own issue and returns nullopt when the text is bad.
  std::optional<Money> amount(std::string_view field, std::string_view value);
  std::optional<std::int64_t> scaled(std::string_view field, std::string_view value);
  std::optional<BusinessDate> date(std::string_view field, std::string_view value);
  std::optional<CreditDebit> credit_debit(std::string_view field, std::string_view value);
  std::optional<std::int64_t> count(std::string_view field, std::string_view value);
  void repeat(std::vector<std::string>& list, std::string_view field, std::string_view value);
  void add_scaled(std::int64_t& sum, std::int64_t value, std::string_view field);

  XML_Parser parser_;
  Visitor& visitor_;
  const Limits& limits_;
  ParseReport& report_;
  bool stopped_ = false;
  std::uint64_t events_ = 0;

  std::optional<MessageId> message_;
  Tag message_tag_ = Tag::kOther;    // BkToCstmrStmt / ...DbtCdtNtfctn / ...AcctRpt
  Tag statement_tag_ = Tag::kOther;  // Stmt / Ntfctn / Rpt
  std::vector<Tag> stack_;
  std::string text_;            // the current element's text (capped)
  std::size_t text_bytes_ = 0;  // counted even when not kept
  std::string currency_;        // Ccy of the amount element being read

  // Sections: at most one of each is open.
  bool in_group_header_ = false, seen_group_header_ = false;
  GroupHeader group_header_;
  bool in_statement_ = false, statement_announced_ = false, statement_valid_ = true;
  Statement statement_;
  std::int64_t statements_ = 0;
  bool in_balance_ = false, balance_valid_ = true;
  Balance balance_;
  std::optional<Money> opening_, closing_;  // OPBD (or PRCD) and CLBD, for a warning
  bool in_summary_ = false, has_summary_ = false;
  TransactionsSummary summary_;
  std::optional<std::int64_t> net_magnitude_;
  std::optional<CreditDebit> net_sign_;
  StatementTotals totals_;
  bool in_entry_ = false, entry_announced_ = false, entry_valid_ = true;
  bool entry_has_amount_ = false, entry_has_indicator_ = false;
  Entry entry_;
  std::int64_t entries_ = 0;
  bool in_details_ = false;
  bool implied_details_ = false;  // version 1: an NtryDtls the document leaves out (handler.cpp)
  bool warned_extra_decimals_ = false;
  std::optional<std::int64_t> batch_declared_count_;
  std::int64_t details_transactions_ = 0;
  bool in_batch_ = false, batch_valid_ = true;
  Batch batch_;
  bool in_transaction_ = false, transaction_valid_ = true;
  TransactionDetails transaction_;
  std::optional<Money> tx_amount_, tx_amount_details_, tx_amount_instructed_;

  // Document totals for the report.
  std::int64_t credit_total_minor_ = 0, debit_total_minor_ = 0;
  std::optional<Currency> currency_seen_;
  bool mixed_currencies_ = false;
  bool any_declared_ = false;
  std::int64_t declared_entries_ = 0, declared_credit_entries_ = 0, declared_debit_entries_ = 0;
  std::int64_t declared_credit_scaled_ = 0, declared_debit_scaled_ = 0;
  bool declared_credit_sum_ = false, declared_debit_sum_ = false;
};

}  // namespace tally::formats::camt
