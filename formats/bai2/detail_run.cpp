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
#include "formats/bai2/detail_run.h"

#include "formats/bai2/detail_line.h"

namespace tally::formats::bai2 {
namespace {

// The narrow take: one record through the StructuralIndex windows, any shape cut() accepts.
struct NarrowTake {
  using Counters = DetailRun::Counters;

  // Reads the record at k.pos and delivers it, advancing k to the next record; false (with
  // k untouched) if the record is not one the run may take.
  [[gnu::always_inline]] static bool take(Parser& ps, Lexer& lx, Counters& k) {
    const char* const data = DetailRun::data(lx).data();
    const std::size_t n = DetailRun::data(lx).size();
    LineIndex li;
    if (!li.build(DetailRun::index(lx), data, k.pos, n) || k.pos + li.size >= n) return false;
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
    Counters::Sums sums;
    if (!k.add(type->direction, amount, sums)) return false;

    TransactionDetail& t = DetailRun::detail(ps);
    Availability& funds = t.funds;
    funds.value_date.reset();
    funds.value_time.reset();
    if (shape.funds == 'V') {
      funds.value_date = DetailRun::value_date(ps, shape.field(li, 3));
      if (!funds.value_date) return false;
      const std::string_view time = shape.field(li, 4);
      if (!trim_field(time).empty()) {
        funds.value_time = parse_time(time);
        if (!funds.value_time) return false;
      }
    }
    t.text =
        trim_field(std::string_view(li.base + shape.text_begin, shape.text_end - shape.text_begin));
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
    k.took(sums, next + 3);
    DetailRun::visitor(ps).on_transaction(t);
    return true;
  }

  // Up to `most` records, the counters in registers meanwhile; how many.
  [[gnu::always_inline]] static std::int64_t take_up_to(Parser& ps, std::int64_t most) {
    Lexer& lx = DetailRun::lexer(ps);
    Counters k(ps, lx);
    std::int64_t taken = 0;
    while (taken < most && take(ps, lx, k)) ++taken;
    k.store(ps, lx);
    return taken;
  }

  // Every record it can take, from the parser's position on.
  [[gnu::always_inline]] static void take_all(Parser& ps) {
    Lexer& lx = DetailRun::lexer(ps);
    Counters k(ps, lx);
    while (take(ps, lx, k)) {
    }
    k.store(ps, lx);
  }

  [[gnu::always_inline]] static void run(Parser& ps) {
    DetailRun::begin(ps);
    take_all(ps);
  }
};

// The narrow run is compiled twice: for any x86-64, and with BMI1/BMI2 (every AVX2 CPU has
// them), whose three-operand shifts and bit scans make the per-record mask work several
// instructions shorter. Chosen once, at run time; no -march flags. Not flattened: the rare
// paths (a card-number scan, a long amount, trimming blanks, commas past 64 bytes) stay out
// of line, which keeps the loop small; inlining them made it about 10% slower.
void run_baseline(Parser& ps) {
  NarrowTake::run(ps);
}

#if defined(__x86_64__)
[[gnu::target("bmi,bmi2")]] void run_bmi2(Parser& ps) {
  NarrowTake::run(ps);
}
#endif

// Only the wide (AVX2) run calls these, so only on CPUs with BMI2.
#if defined(__x86_64__)
#define TALLY_BAI2_BMI2 gnu::target("bmi,bmi2")
#else
#define TALLY_BAI2_BMI2
#endif

[[TALLY_BAI2_BMI2]] std::int64_t take_narrow_bmi2(Parser& ps, std::int64_t most) {
  return NarrowTake::take_up_to(ps, most);
}

[[TALLY_BAI2_BMI2]] void take_rest_narrow_bmi2(Parser& ps) {
  NarrowTake::take_all(ps);
}

#undef TALLY_BAI2_BMI2

DetailRunIsa best_isa() {
  for (DetailRunIsa isa : {DetailRunIsa::kAvx2, DetailRunIsa::kBmi2})
    if (detail_run_isa_supported(isa)) return isa;
  return DetailRunIsa::kBaseline;
}

std::optional<DetailRunIsa>& forced_isa() {
  static std::optional<DetailRunIsa> forced;
  return forced;
}

}  // namespace

std::int64_t DetailRun::take_narrow(Parser& ps, std::int64_t most) {
  return take_narrow_bmi2(ps, most);
}

void DetailRun::take_rest_narrow(Parser& ps) {
  take_rest_narrow_bmi2(ps);
}

void DetailRun::deliver(Parser& ps, const TransactionDetail* from, const TransactionDetail* to) {
  Visitor& visitor = ps.visitor_;
  for (const TransactionDetail* t = from; t != to; ++t) visitor.on_transaction(*t);
}

bool detail_run_isa_supported(DetailRunIsa isa) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  const bool bmi2 = __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
  switch (isa) {
    case DetailRunIsa::kBaseline:
      return true;
    case DetailRunIsa::kBmi2:
      return bmi2;
    case DetailRunIsa::kAvx2:
      return bmi2 && __builtin_cpu_supports("avx2");
  }
  return false;
#else
  return isa == DetailRunIsa::kBaseline;
#endif
}

DetailRunIsa detail_run_isa() {
  static const DetailRunIsa best = best_isa();
  return forced_isa().value_or(best);
}

bool set_detail_run_isa_for_testing(std::optional<DetailRunIsa> isa) {
  if (isa && !detail_run_isa_supported(*isa)) return false;
  forced_isa() = isa;
  return true;
}

void Parser::run_details() {
  switch (detail_run_isa()) {
    case DetailRunIsa::kAvx2:
      return run_details_avx2(*this);
#if defined(__x86_64__)
    case DetailRunIsa::kBmi2:
      return run_bmi2(*this);
#endif
    default:
      return run_baseline(*this);
  }
}

}  // namespace tally::formats::bai2
