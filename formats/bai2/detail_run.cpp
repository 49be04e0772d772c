// The detail run: the parser's hot loop over consecutive one-line 16 records.
//
// A statement is mostly runs of 16 records, one per line. Going back through the general
// record loop for each (Lexer::begin, dispatch, transaction, the one-record fast path) costs
// more than reading the record, so the run takes them one after the other: it finds each line
// end and field boundary in the StructuralIndex bitmasks (detail_line.h), decodes the values,
// fills the reused TransactionDetail with only what changes, and calls the visitor. The
// parser's and lexer's counters stay in registers (locals) while it runs and are written back
// once when it stops.
//
// It takes a record only when the general path would read it the same way and find nothing
// to report: the line has the shape detail_line::cut() accepts, the NEXT line starts with
// "16," at its first byte (so this record provably ends with its line: no 88, no wrap), the
// type code is a non-status code, the amount bare digits, a V date and time valid, no running
// sum overflows and the text cannot hold a card number. On anything else it stops BEFORE the
// record, leaving the lexer exactly as Lexer::begin() leaves it after a "16,", and
// Parser::transaction() reads the record the usual way (the reference behaviour, which
// reports). Never reads outside the input: windows are bounded by the StructuralIndex and the
// next line's first three bytes are read only when they exist.
#include "formats/bai2/detail_line.h"
#include "formats/bai2/parser.h"

namespace tally::formats::bai2 {

struct DetailRun {
  // The counters the run changes, kept in registers across the visitor call.
  struct Counters {
    std::size_t pos;  // just after the current record's "16,"
    std::int64_t line, records, transactions;
    std::int64_t account_total, credit, debit;

    Counters(const Parser& ps, const Lexer& lx)
        : pos(lx.pos_),
          line(lx.line_),
          records(lx.records_),
          transactions(ps.transactions_),
          account_total(ps.account_total_),
          credit(ps.credit_minor_),
          debit(ps.debit_minor_) {}

    // The state Lexer::begin() leaves after reading "16," at the current position.
    void store(Parser& ps, Lexer& lx) const {
      ps.run_details_ += transactions - ps.transactions_;
      ps.transactions_ = transactions;
      ps.account_total_ = account_total;
      ps.credit_minor_ = credit;
      ps.debit_minor_ = debit;
      lx.pos_ = pos;
      lx.line_ = line;
      lx.records_ = records;
      lx.record_line_ = lx.field_line_ = line;
      lx.record_ordinal_ = lx.piece_ordinal_ = lx.field_ordinal_ = records;
    }
  };

  // Reads the record at k.pos and delivers it, advancing k to the next record; false (with
  // k untouched) if the record is not one the run may take.
  [[gnu::always_inline]] static bool take(Parser& ps, Lexer& lx, Counters& k) {
    const char* const data = lx.data_.data();
    const std::size_t n = lx.data_.size();
    LineIndex li;
    if (!li.build(lx.index_, data, k.pos, n) || k.pos + li.size >= n) return false;
    // The next line must start "16,": then this record ends with its line.
    std::size_t next = k.pos + li.size + 1;
    // A branch, not a select: a file's line ends are all alike, so it is predicted, and the
    // next record's start does not wait for this byte to load.
    if (data[next - 1] == '\r' && next < n && data[next] == '\n') ++next;
    if (n - next < 3 || data[next] != '1' || data[next + 1] != '6' || data[next + 2] != ',')
      return false;
    detail_line::Shape shape;
    if (!detail_line::cut(li, shape)) return false;

    const TypeCodeInfo* type = find_type_code(shape.field(li, 0));
    if (type == nullptr || is_status(*type)) return false;
    // The amount: bare digits. digits16() may read the 8 bytes before the field's end and
    // after its start: the line's "16," and the fields and line after it keep them inside.
    const std::string_view amount_f = shape.field(li, 1);
    std::int64_t amount = 0;
    if (amount_f.size() - 1 < 16 && k.pos + shape.comma[1] >= 8) {
      if (!detail_line::digits16(amount_f.data(), amount_f.size(), amount)) return false;
    } else if (!detail_line::long_digits_ok(amount_f, amount)) {
      return false;
    }
    std::int64_t account_total = 0;
    std::int64_t credit = k.credit;
    std::int64_t debit = k.debit;
    if (__builtin_add_overflow(k.account_total, amount, &account_total) ||
        (type->direction == Direction::kCredit && __builtin_add_overflow(credit, amount, &credit)) ||
        (type->direction == Direction::kDebit && __builtin_add_overflow(debit, amount, &debit)))
      return false;

    TransactionDetail& t = ps.txn_;
    Availability& funds = t.funds;
    funds.value_date.reset();
    funds.value_time.reset();
    if (shape.funds == 'V') {
      funds.value_date = ps.value_date(shape.field(li, 3));
      if (!funds.value_date) return false;
      const std::string_view time = shape.field(li, 4);
      if (!trim_field(time).empty()) {
        funds.value_time = parse_time(time);
        if (!funds.value_time) return false;
      }
    }
    t.text = trim_field(
        std::string_view(li.base + shape.text_begin, shape.text_end - shape.text_begin));
    if (detail_line::may_hold_card(li, shape, t.text)) return false;  // masked the usual way

    // Taken: nothing below can fail.
    funds.defaulted = shape.funds == ' ';
    funds.type = shape.funds == ' ' ? FundsType::kUnknown : static_cast<FundsType>(shape.funds);
    t.type = *type;
    t.amount_minor = amount;
    t.bank_reference = trim_field(shape.field(li, shape.refs));
    t.customer_reference = trim_field(shape.field(li, shape.refs + 1));
    t.line = k.line;
    t.record = k.records;
    k.account_total = account_total;
    k.credit = credit;
    k.debit = debit;
    ++k.transactions;
    ps.visitor_.on_transaction(t);
    k.pos = next + 3;
    ++k.line;
    ++k.records;
    return true;
  }

  [[gnu::always_inline]] static void run(Parser& ps) {
    Lexer& lx = ps.lex_;
    TransactionDetail& t = ps.txn_;
    // Set once per run: the same for every record of the account, or of every record taken.
    t.account_number = ps.account_number_;
    t.currency = ps.account_currency_;
    t.funds = Availability{};
    Counters k(ps, lx);
    while (take(ps, lx, k)) {
    }
    k.store(ps, lx);
  }
};

namespace {

// The run is compiled twice: for any x86-64, and with BMI1/BMI2 (every AVX2 CPU has them),
// whose three-operand shifts and bit scans make the per-record mask work several
// instructions shorter. Chosen once, at run time; no -march flags. Not flattened: the rare
// paths (a card-number scan, a long amount, trimming blanks, commas past 64 bytes) stay out
// of line, which keeps the loop small; inlining them made it about 10% slower.
void run_baseline(Parser& ps) {
  DetailRun::run(ps);
}

#if defined(__x86_64__)
[[gnu::target("bmi,bmi2")]] void run_bmi2(Parser& ps) {
  DetailRun::run(ps);
}

bool cpu_has_bmi2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
}
#endif

}  // namespace

void Parser::run_details() {
#if defined(__x86_64__)
  static const bool bmi2 = cpu_has_bmi2();
  if (bmi2) return run_bmi2(*this);
#endif
  run_baseline(*this);
}

}  // namespace tally::formats::bai2
