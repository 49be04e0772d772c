// The detail run (internal): the parser's hot loop over consecutive one-line 16 records.
//
// Two readers share it. detail_run.cpp reads a record through the StructuralIndex windows
// and takes every one-line shape the one-record fast path takes (the narrow take, compiled
// for any x86-64 and with BMI2). detail_run_avx2.cpp, the wide reader, on CPUs with AVX2 and
// BMI2, reads the usual record straight from its own bytes with fewer instructions and hands
// anything else to the narrow take one record at a time. Both stop before a record the general path
// must read, and both deliver exactly what the general path would (tests/detail_run_test.cpp).
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>

#include "formats/bai2/parser.h"

namespace tally::formats::bai2 {

struct DetailRun {
  // The counters the run changes, kept in registers across the visitor call.
  struct Counters {
    std::size_t pos;  // just after the current record's "16,"
    std::int64_t line, records, transactions;
    std::int64_t account_total, credit, debit;
    std::int64_t wide = 0;  // records the wide reader decoded itself

    Counters(const Parser& ps, const Lexer& lx)
        : pos(lx.pos_),
          line(lx.line_),
          records(lx.records_),
          transactions(ps.transactions_),
          account_total(ps.account_total_),
          credit(ps.credit_minor_),
          debit(ps.debit_minor_) {}

    // The running sums with one more record's amount.
    struct Sums {
      std::int64_t account_total, credit, debit;
    };

    // The sums with `amount` of a record going `direction` added; false if one overflows
    // (the general path reports it).
    bool add(Direction direction, std::int64_t amount, Sums& out) const {
      out.credit = credit;
      out.debit = debit;
      return !__builtin_add_overflow(account_total, amount, &out.account_total) &&
             !(direction == Direction::kCredit &&
               __builtin_add_overflow(credit, amount, &out.credit)) &&
             !(direction == Direction::kDebit && __builtin_add_overflow(debit, amount, &out.debit));
    }

    // The record was taken with these sums; on to the next, whose "16," ends at next_pos.
    void took(const Sums& sums, std::size_t next_pos) {
      account_total = sums.account_total;
      credit = sums.credit;
      debit = sums.debit;
      ++transactions;
      pos = next_pos;
      ++line;
      ++records;
    }

    // The state Lexer::begin() leaves after reading "16," at the current position.
    void store(Parser& ps, Lexer& lx) const {
      ps.run_details_ += transactions - ps.transactions_;
      ps.wide_details_ += wide;
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

  // Sets the fields of the reused TransactionDetail that stay the same for a whole run.
  static void begin(Parser& ps) {
    TransactionDetail& t = ps.txn_;
    t.account_number = ps.account_number_;
    t.currency = ps.account_currency_;
    t.funds = Availability{};
  }

  // Up to `most` records by the narrow take, counters read from and written back to the
  // parser: the wide reader's way out for the records it does not read itself. Returns how
  // many; fewer than `most` means the general path must read the next record.
  static std::int64_t take_narrow(Parser& ps, std::int64_t most);
  // The rest of the run by the narrow take: what the wide reader does when it keeps declining.
  static void take_rest_narrow(Parser& ps);
  // The visitor called with each of [from, to): the wide reader's decoded batch. Out of the
  // reader's AVX2 code, so one vzeroupper covers the whole batch.
  static void deliver(Parser& ps, const TransactionDetail* from, const TransactionDetail* to);

  // What the wide reader needs of the parser. Its functions carry a target attribute, and
  // a member declared here without it and defined there with it would be a second version
  // of the function (GCC's multiversioning), so it reaches the parser through these.
  static TransactionDetail& detail(Parser& ps) { return ps.txn_; }
  static Visitor& visitor(Parser& ps) { return ps.visitor_; }
  static Lexer& lexer(Parser& ps) { return ps.lex_; }
  static std::string_view data(const Lexer& lx) { return lx.data_; }
  static StructuralIndex& index(Lexer& lx) { return lx.index_; }
  static std::optional<BusinessDate> value_date(Parser& ps, std::string_view field) {
    return ps.value_date(field);
  }
  // value_date()'s answer for a six-byte field if it is the one it read last, else null.
  static const std::optional<BusinessDate>* last_value_date(const Parser& ps, const char* six) {
    // Two loads and compares each: std::equal became a call to memcmp.
    std::uint32_t a = 0, b = 0;
    std::uint16_t c = 0, d = 0;
    std::memcpy(&a, six, 4);
    std::memcpy(&b, ps.last_date_text_.data(), 4);
    std::memcpy(&c, six + 4, 2);
    std::memcpy(&d, ps.last_date_text_.data() + 4, 2);
    return a == b && c == d ? &ps.last_date_ : nullptr;
  }
};

// Which reader runs the detail run. Chosen once from the CPU (the best it supports).
enum class DetailRunIsa : std::uint8_t { kBaseline, kBmi2, kAvx2 };

DetailRunIsa detail_run_isa();
bool detail_run_isa_supported(DetailRunIsa isa);

// Tests only: force a reader (false, and no change, if the CPU lacks it), or with nullopt go
// back to detection. Not to be called while a parse runs on another thread.
bool set_detail_run_isa_for_testing(std::optional<DetailRunIsa> isa);

// detail_run_avx2.cpp; call only when detail_run_isa_supported(kAvx2).
void run_details_avx2(Parser& ps);

}  // namespace tally::formats::bai2
