// The BAI2 03 account identifier: account number, currency and status/summary groups.
#include <fmt/format.h>

#include "formats/bai2/field_values.h"
#include "formats/bai2/parser.h"

namespace tally::formats::bai2 {

void Parser::account() {
  close_open_account("the next 03 account identifier");
  if (state_ != State::kInGroup) {
    error("record_code", "unexpected_record", "03 account identifier outside a group");
    lex_.skip_rest();
    return;
  }
  state_ = State::kInAccount;
  account_ordinal_ = lex_.record_ordinal();
  account_total_ = 0;
  ++accounts_;
  AccountIdentifier acct;
  acct.line = lex_.record_line();
  acct.record = account_ordinal_;
  std::string_view number_f, currency_f;
  next(number_f);
  const bool more = next(currency_f);
  account_number_.assign(trim_field(number_f));
  if (account_number_.empty())
    error("customer_account_number", "missing_field", "03 customer account number is required");
  account_currency_ = group_currency_;
  const std::string_view currency = trim_field(currency_f);
  if (!currency.empty()) {
    if (const auto c = Currency::from_code(currency)) {
      account_currency_ = *c;
    } else {
      error("currency_code", "unknown_currency",
            fmt::format("'{}' is not an ISO 4217 currency", currency));
    }
  }
  acct.account_number = account_number_;
  acct.currency = account_currency_;
  if (more) summaries(acct);
  if (record_ok_) visitor_.on_account(acct);
}

// The repeated groups of an 03: type code, amount, item count, funds type (+ its fields).
void Parser::summaries(AccountIdentifier& acct) {
  summaries_.clear();
  distributions_.clear();
  for (;;) {
    std::string_view type_f, amount_f, count_f, funds_f;
    if (!next(type_f)) break;
    if (next(amount_f) && next(count_f)) next(funds_f);
    if (trim_field(type_f).empty()) {
      if (!trim_field(amount_f).empty() || !trim_field(count_f).empty() ||
          !trim_field(funds_f).empty())
        error("type_code", "missing_field", "an 03 amount without its type code");
      continue;  // a defaulted group: ",,,,/"
    }
    AccountSummary s;
    const auto type = parse_type_code(type_f);
    if (!type) {
      error("type_code", "bad_type_code",
            fmt::format("'{}' is not a BAI2 type code (001-799, 890, 900-999)", type_f));
      lex_.skip_rest();
      return;
    }
    s.type = *type;
    const bool status = is_status(s.type);
    if (amount_field(amount_f, status, "amount", s.amount_minor) && s.amount_minor)
      add_to(account_total_, *s.amount_minor, "account_control_total");
    count_field(count_f, "item_count", false, s.item_count);
    if (!funds(funds_f, s.funds)) {
      lex_.skip_rest();
      return;
    }
    if (summaries_.size() == kMaxSummaries) {
      error("type_code", "too_many_fields",
            fmt::format("more than {} type codes in one 03 record", kMaxSummaries));
      lex_.skip_rest();
      return;
    }
    summaries_.push_back(s);
  }
  acct.summaries = summaries_;
}

}  // namespace tally::formats::bai2
