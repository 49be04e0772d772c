// The BAI2 16 transaction detail, with its fast path.
//
// Most 16 records sit on one line: type, amount, a simple funds type, two references and a
// text that runs to the line end (maybe closed by '/'). transaction_fast() reads those from
// one LineIndex pass; any other shape (S or D availability, a '/' that may start another
// record on the line, a continuation or wrap, a line over LineIndex::kMaxBytes) goes through
// transaction(), which reads field by field through the lexer and is the reference
// behaviour. Both deliver the same TransactionDetail and report the same issues;
// tests/fast_path_test.cpp compares them.
#include <fmt/format.h>

#include "formats/bai2/field_values.h"
#include "formats/bai2/parser.h"
#include "formats/common/pan.h"

namespace tally::formats::bai2 {

// Type code and amount, and the totals they feed: shared by both paths.
void Parser::detail_values(std::string_view type_f, std::string_view amount_f) {
  TransactionDetail& t = txn_;
  if (!read_type_code(type_f, t.type)) {
    t.type = TypeCodeInfo{};
    error("type_code", "bad_type_code",
          fmt::format("'{}' is not a BAI2 type code (001-799, 890, 900-999)", type_f));
  } else if (is_status(t.type)) {
    error("type_code", "bad_type_code",
          fmt::format("{:03d} is a status type code; it belongs in an 03 record", t.type.code));
    t.type = TypeCodeInfo{};
  }
  if (amount_field(amount_f, false, "amount", t.amount_minor) && t.amount_minor) {
    add_to(account_total_, *t.amount_minor, "account_control_total");
    if (t.type.direction == Direction::kCredit) add_to(credit_minor_, *t.amount_minor, "credits");
    if (t.type.direction == Direction::kDebit) add_to(debit_minor_, *t.amount_minor, "debits");
  }
}

// A card number typed into free text is masked before anyone sees it (DESIGN.md). Only
// numbers that can be payment cards (first digit 2-6) are masked; references are left alone,
// since they identify the transaction and a 16-digit reference passes Luhn one time in ten.
void Parser::mask_card_numbers(TransactionDetail& t) {
  pan_text_.assign(t.text);
  PanOptions options;
  options.require_card_prefix = true;
  if (mask_pans(pan_text_, nullptr, options) == 0) return;
  t.text = pan_text_;
  report_.warning(Issue{t.line, t.record, "text", "pan_masked",
                        "a card number in the text was masked to its last four digits"});
}

void Parser::deliver_detail(bool may_hold_card) {
  TransactionDetail& t = txn_;
  t.bank_reference = trim_field(t.bank_reference);
  t.customer_reference = trim_field(t.customer_reference);
  ++transactions_;
  if (!record_ok_ || lex_.failed()) return;  // reported; a bad record is not delivered
  if (may_hold_card) mask_card_numbers(t);
  visitor_.on_transaction(t);
}

void Parser::transaction() {
  if (state_ != State::kInAccount) {
    error("record_code", "unexpected_record", "16 transaction detail outside an account");
    lex_.text();
    return;
  }
  TransactionDetail& t = txn_;
  t.line = lex_.record_line();
  t.record = lex_.record_ordinal();
  t.account_number = account_number_;
  t.currency = account_currency_;
  if (fast_path_ && transaction_fast()) return;
  distributions_.clear();
  t.bank_reference = {};
  t.customer_reference = {};
  t.text = {};
  std::string_view type_f, amount_f, funds_f;
  next(type_f);
  next(amount_f);
  next(funds_f);
  detail_values(type_f, amount_f);
  if (funds(funds_f, t.funds) && next(t.bank_reference) && next(t.customer_reference)) {
    t.text = lex_.text();
  } else {
    lex_.text();  // drain: the rest of a 16 may hold any character
  }
  deliver_detail(may_hold_pan(t.text));
}

bool Parser::transaction_fast() {
  LineIndex li;
  if (!lex_.index_single_line(li)) return false;
  // Field k runs from just after comma k-1 to comma k; the text from the last comma used.
  const auto span = [&li](std::size_t k) {
    const std::size_t from = k == 0 ? 0 : li.comma[k - 1] + std::size_t{1};
    return std::string_view(li.base + from, li.comma[k] - from);
  };
  if (li.commas < 5) return false;
  const std::string_view funds_type = trim_field(span(2));
  const char ft = funds_type.size() == 1 ? funds_type[0] : funds_type.empty() ? ' ' : '?';
  std::size_t k = 3;  // the field after the funds type
  if (ft == 'V') {
    if (li.commas < 7) return false;
    k = 5;
  } else if (ft != ' ' && ft != '0' && ft != '1' && ft != '2' && ft != 'Z') {
    return false;  // S, D or a bad funds type: the general path reads or reports it
  }
  const std::size_t text_begin = li.comma[k + 1] + std::size_t{1};
  // The text runs to the line end. A '/' followed only by blanks closes it; other '/' are
  // text unless a known record follows them on the line (the general path splits those).
  std::size_t text_end = li.size;
  if (li.slashes != 0) {
    if (li.slashes > LineIndex::kMaxSlashes || li.slash[0] < text_begin) return false;
    const std::size_t last = li.slash[li.slashes - 1];
    std::size_t i = last + 1;
    while (i < li.size && (li.base[i] == ' ' || li.base[i] == '\t')) ++i;
    if (i == li.size) text_end = last;
    for (std::size_t j = 0; j < li.slashes; ++j) {
      std::size_t q = li.slash[j] + std::size_t{1};
      while (q < li.size && (li.base[q] == ' ' || li.base[q] == '\t')) ++q;
      if (q + 2 < li.size && li.base[q + 2] == ',' && li.base[q] >= '0' && li.base[q] <= '9' &&
          li.base[q + 1] >= '0' && li.base[q + 1] <= '9')
        return false;  // maybe another record on this line
    }
  }
  // The record's shape is known: from here on only values are read.
  TransactionDetail& t = txn_;
  detail_values(span(0), span(1));
  t.funds = Availability{};
  if (ft != ' ') {
    t.funds.defaulted = false;
    t.funds.type = static_cast<FundsType>(ft);
    if (ft == 'V') value_dated(span(3), span(4), t.funds);
  }
  t.bank_reference = span(k);
  t.customer_reference = span(k + 1);
  t.text = trim_field(std::string_view(li.base + text_begin, text_end - text_begin));
  // The line's digit and separator bits, cut to the text: could it hold a card number?
  const std::size_t text_length = text_end - text_begin;
  bool may_hold_card = false;
  if (text_length >= kMinPanDigits) {  // so text_begin < 128 - 13: the shifts are defined
    const Bits128 in_text = ((Bits128{1} << text_length) - 1) << text_begin;
    const auto bits = [](const std::uint64_t(&w)[2]) {
      return (static_cast<Bits128>(w[1]) << 64) | w[0];
    };
    may_hold_card = chain_of_13(bits(li.digit_bits) & in_text, bits(li.separator_bits) & in_text);
  }
  lex_.finish_single_line(li);
  deliver_detail(may_hold_card);
  return true;
}

}  // namespace tally::formats::bai2
