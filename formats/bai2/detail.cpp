// The BAI2 16 transaction detail, with its one-record fast path.
//
// Most 16 records sit on one line: type, amount, a simple funds type, two references and a
// text that runs to the line end (maybe closed by '/'). Runs of them are taken by the detail
// run (detail_run.cpp) before transaction() looks at them; the record a run stops at (the
// last before a 49, or one it is unsure of) comes here. transaction_fast() reads a one-line
// record from the line's bitmasks (LineIndex, detail_line.h); any other shape (S or D
// availability, a '/' that may start another record on the line, a continuation or wrap, a
// line over LineIndex::kMaxBytes) goes through the rest of transaction(), which reads field
// by field through the lexer and is the reference behaviour. All deliver the same
// TransactionDetail and report the same issues; tests/fast_path_test.cpp and
// tests/detail_run_test.cpp compare them.
#include <fmt/format.h>

#include "formats/bai2/detail_line.h"
#include "formats/bai2/field_values.h"
#include "formats/bai2/parser.h"
#include "formats/common/pan.h"

namespace tally::formats::bai2 {

// Type code and amount, and the totals they feed: shared by both paths.
void Parser::detail_values(std::string_view type_f, std::string_view amount_f) {
  TransactionDetail& t = txn_;
  const TypeCodeInfo* type = find_type_code(type_f);
  if (type == nullptr) {
    t.type = TypeCodeInfo{};
    error("type_code", "bad_type_code",
          fmt::format("'{}' is not a BAI2 type code (001-799, 890, 900-999)", type_f));
  } else if (is_status(*type)) {
    error("type_code", "bad_type_code",
          fmt::format("{:03d} is a status type code; it belongs in an 03 record", type->code));
    t.type = TypeCodeInfo{};
  } else {
    t.type = *type;
  }
  // The direction from the table entry, not from t.type just written (no reload).
  const Direction direction = type != nullptr && !is_status(*type) ? type->direction
                                                                    : Direction::kNone;
  // The usual amount is bare digits: read it here; anything else (sign, blanks, empty, too
  // long, bad) goes through amount_field(), which reads and reports it.
  std::int64_t plain = 0;
  if (amount_f.size() - 1 < detail::kSafeDigits &&
      detail::digits_into(amount_f, plain) == NumberStatus::kOk) [[likely]] {
    t.amount_minor = plain;
  } else if (!amount_field(amount_f, false, "amount", t.amount_minor)) {
    return;
  }
  if (t.amount_minor) {
    add_to(account_total_, *t.amount_minor, "account_control_total");
    if (direction == Direction::kCredit) add_to(credit_minor_, *t.amount_minor, "credits");
    if (direction == Direction::kDebit) add_to(debit_minor_, *t.amount_minor, "debits");
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
  if (fast_path_) run_details();  // consecutive one-line 16s; stops before one it cannot take
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
  detail_line::Shape shape;
  if (!detail_line::cut(li, shape)) return false;
  // The record's shape is known: from here on only values are read.
  TransactionDetail& t = txn_;
  detail_values(shape.field(li, 0), shape.field(li, 1));
  t.funds = Availability{};
  if (shape.funds != ' ') {
    t.funds.defaulted = false;
    t.funds.type = static_cast<FundsType>(shape.funds);
    if (shape.funds == 'V') value_dated(shape.field(li, 3), shape.field(li, 4), t.funds);
  }
  t.bank_reference = shape.field(li, shape.refs);
  t.customer_reference = shape.field(li, shape.refs + 1);
  t.text = trim_field(
      std::string_view(li.base + shape.text_begin, shape.text_end - shape.text_begin));
  const bool may_hold_card = detail_line::may_hold_card(li, shape, t.text);
  lex_.finish_single_line(li);
  deliver_detail(may_hold_card);
  return true;
}

}  // namespace tally::formats::bai2
