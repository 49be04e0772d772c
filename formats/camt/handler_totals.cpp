// When records are complete: mandatory-field checks, visitor calls, and the totals: each
// statement's entries against its TxsSummry (a mismatch rejects), and the document's report.
#include <fmt/format.h>

#include "formats/camt/handler.h"

namespace tally::formats::camt {
namespace {

constexpr int kScale = TransactionsSummary::kSumScale;

std::string show_scaled(std::int64_t scaled) {
  // 885000 at scale 5 -> "8.85000": exact, for messages only.
  const bool negative = scaled < 0;
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(scaled) : static_cast<std::uint64_t>(scaled);
  constexpr std::uint64_t kDivisor = 100000;
  return fmt::format("{}{}.{:05}", negative ? "-" : "", magnitude / kDivisor, magnitude % kDivisor);
}

}  // namespace

std::int64_t Balance::signed_minor() const {
  return credit_debit == CreditDebit::kDebit ? -amount.minor() : amount.minor();
}

std::int64_t Entry::signed_minor() const {
  return credit_debit == CreditDebit::kDebit ? -amount.minor() : amount.minor();
}

std::optional<Money> Handler::amount(std::string_view field, std::string_view value) {
  Money out = Money::zero(Currency::usd());
  if (auto problem = parse_amount(value, currency_, out)) {
    error(problem->code, field, problem->message);
    return std::nullopt;
  }
  // "169.95000" USD: the extra digits are zeros (Money::parse refuses any other), so the
  // amount is exact; said once per document, where it first happens.
  const std::size_t dot = value.find('.');
  const std::size_t decimals = dot == std::string_view::npos ? 0 : value.size() - dot - 1;
  if (!warned_extra_decimals_ &&
      decimals > static_cast<std::size_t>(out.currency().minor_digits())) {
    warned_extra_decimals_ = true;
    warning("extra_decimals", field,
            fmt::format("'{}' has {} decimals, more than {} has; the extra ones are zeros "
                        "(further amounts like it are not reported)",
                        value.substr(0, 40), decimals, out.currency().code()));
  }
  return out;
}

std::optional<std::int64_t> Handler::scaled(std::string_view field, std::string_view value) {
  std::int64_t out = 0;
  if (auto problem = parse_scaled_decimal(value, kScale, out)) {
    error(problem->code, field, problem->message);
    return std::nullopt;
  }
  return out;
}

std::optional<BusinessDate> Handler::date(std::string_view field, std::string_view value) {
  auto d = parse_date(value);
  if (!d) error("bad_date", field, fmt::format("'{}' is not a valid date", value.substr(0, 40)));
  return d;
}

std::optional<CreditDebit> Handler::credit_debit(std::string_view field, std::string_view value) {
  auto cd = parse_credit_debit(value);
  if (!cd)
    error("bad_indicator", field, fmt::format("'{}' is not CRDT or DBIT", value.substr(0, 16)));
  return cd;
}

std::optional<std::int64_t> Handler::count(std::string_view field, std::string_view value) {
  auto n = parse_count(value);
  if (!n) error("bad_number", field, fmt::format("'{}' is not a count", value.substr(0, 24)));
  return n;
}

void Handler::repeat(std::vector<std::string>& list, std::string_view field,
                     std::string_view value) {
  if (list.size() >= limits_.max_repeats) {
    error("too_many_elements", field,
          fmt::format("more than {} {} in one transaction", limits_.max_repeats, field));
    transaction_valid_ = false;
    return;
  }
  list.emplace_back(value);
}

void Handler::add_scaled(std::int64_t& sum, std::int64_t value, std::string_view field) {
  auto next = checked_add(sum, value);
  if (!next) {
    error("amount_overflow", field, "the sum of the amounts overflows");
    return;
  }
  sum = *next;
}

void Handler::announce_statement() {
  if (statement_announced_) return;
  statement_announced_ = true;
  const char* id_field = message_->kind == MessageKind::kNotification    ? "Ntfctn/Id"
                         : message_->kind == MessageKind::kAccountReport ? "Rpt/Id"
                                                                         : "Stmt/Id";
  if (statement_.id.empty()) {
    error("missing_field", id_field, "the statement has no Id");
    statement_valid_ = false;
  }
  if (statement_.account.iban.empty() && statement_.account.other_id.empty()) {
    error("missing_field", "Acct/Id", "the statement's account has no IBAN or Othr/Id");
    statement_valid_ = false;
  }
  if (statement_valid_) visitor_.on_statement(statement_);
}

void Handler::finish_balance() {
  in_balance_ = false;
  if (balance_.type_code.empty()) {
    error("missing_field", "Bal/Tp", "a balance has no type code");
    balance_valid_ = false;
  }
  if (!balance_.date) {
    error("missing_field", "Bal/Dt", "a balance has no date");
    balance_valid_ = false;
  }
  if (!balance_valid_) return;
  const Money signed_amount(balance_.signed_minor(), balance_.amount.currency());
  if (balance_.type_code == "OPBD" || (balance_.type_code == "PRCD" && !opening_))
    opening_ = signed_amount;
  if (balance_.type_code == "CLBD") closing_ = signed_amount;
  visitor_.on_balance(statement_, balance_);
}

void Handler::finish_summary() {
  in_summary_ = false;
  if (net_magnitude_ && net_sign_)
    summary_.net_scaled = *net_sign_ == CreditDebit::kDebit ? -*net_magnitude_ : *net_magnitude_;
  visitor_.on_summary(statement_, summary_);
}

void Handler::announce_entry() {
  if (entry_announced_) return;
  entry_announced_ = true;
  if (!entry_has_amount_) error("missing_field", "Ntry/Amt", "the entry has no Amt");
  if (!entry_has_indicator_) error("missing_field", "Ntry/CdtDbtInd", "the entry has no CdtDbtInd");
  if (entry_.status.empty()) error("missing_field", "Ntry/Sts", "the entry has no Sts");
  if (!entry_has_amount_ || !entry_has_indicator_ || entry_.status.empty()) entry_valid_ = false;
  if (!entry_valid_) return;

  const bool credit = entry_.credit_debit == CreditDebit::kCredit;
  const auto scaled_amount = minor_to_scaled(entry_.amount, kScale);
  if (!scaled_amount) {
    error("amount_overflow", "Ntry/Amt", "the entry amount is too large");
    entry_valid_ = false;
    return;
  }
  ++totals_.entries;
  ++(credit ? totals_.credit_entries : totals_.debit_entries);
  add_scaled(credit ? totals_.credit_sum_scaled : totals_.debit_sum_scaled, *scaled_amount,
             "Ntry/Amt");
  add_scaled(credit ? credit_total_minor_ : debit_total_minor_, entry_.amount.minor(), "Ntry/Amt");
  if (!currency_seen_)
    currency_seen_ = entry_.amount.currency();
  else if (!(*currency_seen_ == entry_.amount.currency()))
    mixed_currencies_ = true;
  visitor_.on_entry(statement_, entry_);
}

void Handler::finish_entry_details() {
  in_details_ = false;
  if (batch_declared_count_ && *batch_declared_count_ != details_transactions_)
    warning("batch_mismatch", "Btch/NbOfTxs",
            fmt::format("the batch declares {} transactions; its details list {}",
                        *batch_declared_count_, details_transactions_));
}

void Handler::finish_transaction() {
  in_transaction_ = false;
  transaction_.amount = tx_amount_           ? tx_amount_
                        : tx_amount_details_ ? tx_amount_details_
                                             : tx_amount_instructed_;
  if (transaction_valid_ && entry_valid_) visitor_.on_transaction(entry_, transaction_);
}

void Handler::finish_entry() {
  announce_entry();
  if (entry_valid_) visitor_.on_entry_end(statement_, entry_);
  in_entry_ = false;
}

void Handler::finish_statement() {
  announce_statement();
  in_statement_ = false;
  const StatementTotals& t = totals_;
  auto check_count = [&](const std::optional<std::int64_t>& declared, std::int64_t actual,
                         std::string_view field) {
    if (declared && *declared != actual)
      error("count_mismatch", field,
            fmt::format("TxsSummry declares {} entries; the statement has {}", *declared, actual));
  };
  auto check_sum = [&](const std::optional<std::int64_t>& declared, std::int64_t actual,
                       std::string_view field) {
    if (declared && *declared != actual)
      error("total_mismatch", field,
            fmt::format("TxsSummry declares {}; the entries sum to {}", show_scaled(*declared),
                        show_scaled(actual)));
  };
  if (has_summary_) {
    auto all = checked_add(t.credit_sum_scaled, t.debit_sum_scaled);
    auto net = checked_sub(t.credit_sum_scaled, t.debit_sum_scaled);
    check_count(summary_.total.count, t.entries, "TxsSummry/TtlNtries/NbOfNtries");
    if (all) check_sum(summary_.total.sum_scaled, *all, "TxsSummry/TtlNtries/Sum");
    if (net) check_sum(summary_.net_scaled, *net, "TxsSummry/TtlNtries/TtlNetNtry");
    check_count(summary_.credits.count, t.credit_entries, "TxsSummry/TtlCdtNtries/NbOfNtries");
    check_sum(summary_.credits.sum_scaled, t.credit_sum_scaled, "TxsSummry/TtlCdtNtries/Sum");
    check_count(summary_.debits.count, t.debit_entries, "TxsSummry/TtlDbtNtries/NbOfNtries");
    check_sum(summary_.debits.sum_scaled, t.debit_sum_scaled, "TxsSummry/TtlDbtNtries/Sum");
    any_declared_ = true;
    declared_entries_ += summary_.total.count.value_or(0);
    declared_credit_entries_ += summary_.credits.count.value_or(0);
    declared_debit_entries_ += summary_.debits.count.value_or(0);
    if (summary_.credits.sum_scaled) {
      declared_credit_sum_ = true;
      add_scaled(declared_credit_scaled_, *summary_.credits.sum_scaled, "TxsSummry");
    }
    if (summary_.debits.sum_scaled) {
      declared_debit_sum_ = true;
      add_scaled(declared_debit_scaled_, *summary_.debits.sum_scaled, "TxsSummry");
    }
  }
  // Opening + credits - debits = closing, when all are in one currency. Banks do send
  // statements that break this (a sample in the conformance corpus does), and the standard's
  // totals are TxsSummry's, so this is a warning for the reconciler, not a rejection.
  if (opening_ && closing_ && opening_->currency() == closing_->currency() && !mixed_currencies_ &&
      currency_seen_ && *currency_seen_ == opening_->currency()) {
    auto moved = checked_sub(t.credit_sum_scaled, t.debit_sum_scaled);
    auto open = minor_to_scaled(*opening_, kScale);
    auto close = minor_to_scaled(*closing_, kScale);
    auto expected = moved && open ? checked_add(*open, *moved) : std::nullopt;
    if (expected && close && *expected != *close)
      warning("balance_mismatch", "Bal",
              fmt::format("opening {} plus entries {} is {}, but the closing balance is {}",
                          show_scaled(*open), show_scaled(*moved), show_scaled(*expected),
                          show_scaled(*close)));
  }
  if (statement_valid_) visitor_.on_statement_end(statement_, totals_);
}

void Handler::finish() {
  if (stopped_) return;
  if (!message_) {
    error("not_camt", "Document", "no camt Document element");
    return;
  }
  if (!seen_group_header_) error("missing_group_header", "GrpHdr", "the document has no GrpHdr");
  if (statements_ == 0)
    error("no_statement", tag_name(statement_tag_),
          fmt::format("the document has {} but no {}",
                      seen_group_header_ ? "a group header" : "no group header",
                      tag_name(statement_tag_)));

  report_.summary.set("version", std::int64_t{message_->version});
  report_.summary.set("statements", statements_);
  report_.summary.set("entries", entries_);
  report_.summary.set("credit_total_minor", credit_total_minor_);
  report_.summary.set("debit_total_minor", debit_total_minor_);
  if (currency_seen_ && !mixed_currencies_)
    report_.summary.set("currency", std::string(currency_seen_->code()));
  if (!any_declared_) return;
  report_.declared.set("entries", declared_entries_);
  report_.declared.set("credit_entries", declared_credit_entries_);
  report_.declared.set("debit_entries", declared_debit_entries_);
  if (currency_seen_ && !mixed_currencies_) {
    if (declared_credit_sum_)
      if (auto m = scaled_to_minor(declared_credit_scaled_, kScale, *currency_seen_))
        report_.declared.set("credit_total_minor", *m);
    if (declared_debit_sum_)
      if (auto m = scaled_to_minor(declared_debit_scaled_, kScale, *currency_seen_))
        report_.declared.set("debit_total_minor", *m);
  }
}

}  // namespace tally::formats::camt
