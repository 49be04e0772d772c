// The BAI2 16 transaction detail, with its fast path.
//
// Most 16 records sit on one line: type, amount, a simple funds type, two references and a
// text that runs to the line end (maybe closed by '/'). transaction_fast() reads those from
// the line's bitmasks (LineIndex over the lexer's StructuralIndex, line_index.h); any other shape (S or D availability, a '/' that may start another
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
  // The first commas, in order: field k runs from just after comma k-1 to comma k.
  constexpr int kCommasUsed = 7;  // a V-dated 16 has 7 before its text
  std::size_t comma[kCommasUsed];
  int commas = 0;  // found, at most kCommasUsed
  for (LineBits rest = li.m.comma; commas < kCommasUsed && rest != 0; ++commas, rest &= rest - 1)
    comma[commas] = static_cast<std::size_t>(LineIndex::lowest(rest));
  if (commas < 5) return false;
  const auto span = [&li, &comma](std::size_t k) {
    const std::size_t from = k == 0 ? 0 : comma[k - 1] + std::size_t{1};
    return std::string_view(li.base + from, comma[k] - from);
  };
  const std::string_view funds_type = trim_field(span(2));
  const char ft = funds_type.size() == 1 ? funds_type[0] : funds_type.empty() ? ' ' : '?';
  std::size_t k = 3;  // the field after the funds type
  if (ft == 'V') {
    if (commas < 7) return false;
    k = 5;
  } else if (ft != ' ' && ft != '0' && ft != '1' && ft != '2' && ft != 'Z') {
    return false;  // S, D or a bad funds type: the general path reads or reports it
  }
  const std::size_t text_begin = comma[k + 1] + std::size_t{1};
  // The text runs to the line end. A '/' followed only by blanks closes it; other '/' are
  // text unless a known record follows them on the line (the general path splits those).
  std::size_t text_end = li.size;
  if (li.m.slash != 0) {
    if (static_cast<std::size_t>(LineIndex::lowest(li.m.slash)) < text_begin) return false;
    const auto after_blanks = [&li](std::size_t q) {
      while (q < li.size && (li.base[q] == ' ' || li.base[q] == '\t')) ++q;
      return q;
    };
    const std::size_t last = static_cast<std::size_t>(LineIndex::highest(li.m.slash));
    if (after_blanks(last + 1) == li.size) text_end = last;
    for (LineBits s = li.m.slash; s != 0; s &= s - 1) {
      const std::size_t q = after_blanks(static_cast<std::size_t>(LineIndex::lowest(s)) + 1);
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
  // Could the text hold a card number? Only if it has a run of 13 digits, blanks or dashes
  // (the line's `pan` bits, cut to the text); then the exact test of the general path.
  const std::size_t text_length = text_end - text_begin;
  bool may_hold_card = false;
  if (text_length >= kMinPanDigits) {  // so text_begin < 128 - 13: the shifts are defined
    const LineBits in_text = ((LineBits{1} << text_length) - 1) << text_begin;
    LineBits run = li.m.pan & in_text;
    run &= run >> 1;  // 2 in a row
    run &= run >> 2;  // 4
    run &= run >> 4;  // 8
    run &= run >> 5;  // 13
    may_hold_card = run != 0 && may_hold_pan(t.text);
  }
  lex_.finish_single_line(li);
  deliver_detail(may_hold_card);
  return true;
}

}  // namespace tally::formats::bai2
