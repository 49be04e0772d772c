// camt TxsSummry checks: counts and sums of the entries, per statement; a mismatch rejects.
#include <catch2/catch.hpp>

#include "formats/camt/tests/camt_fixtures.h"

using namespace camt_test;
using tally::formats::ParseReport;

namespace {

struct Summary {
  std::string total_count = "3", total_sum = "17.70";
  std::string credit_count = "2", credit_sum = "12.60";
  std::string debit_count = "1", debit_sum = "5.10";
  std::string net = "7.50", net_cd = "CRDT";
};

// TxsSummry as version 2 writes the net (TtlNetNtryAmt) or as v3+ do (TtlNetNtry/Amt).
std::string summary_xml(int version, const Summary& s) {
  const std::string net = version == 2 ? "<TtlNetNtryAmt>" + s.net + "</TtlNetNtryAmt><CdtDbtInd>" +
                                             s.net_cd + "</CdtDbtInd>"
                                       : "<TtlNetNtry><Amt>" + s.net + "</Amt><CdtDbtInd>" +
                                             s.net_cd + "</CdtDbtInd></TtlNetNtry>";
  return "<TxsSummry><TtlNtries><NbOfNtries>" + s.total_count + "</NbOfNtries><Sum>" + s.total_sum +
         "</Sum>" + net + "</TtlNtries><TtlCdtNtries><NbOfNtries>" + s.credit_count +
         "</NbOfNtries><Sum>" + s.credit_sum + "</Sum></TtlCdtNtries><TtlDbtNtries><NbOfNtries>" +
         s.debit_count + "</NbOfNtries><Sum>" + s.debit_sum + "</Sum></TtlDbtNtries></TxsSummry>";
}

// Entries: credits 10.50 and 2.10, debit 5.10.
std::string summarised_document(int version, const Summary& s) {
  return statement_document(version, summary_xml(version, s) + entry(version, "10.50") +
                                         entry(version, "2.10") + entry(version, "5.10", "DBIT"));
}

}  // namespace

TEST_CASE("a TxsSummry that matches the entries is accepted and reported as declared",
          "[camt][totals]") {
  for (int version : {2, 3, 8}) {
    Recorder rec;
    const ParseReport r = parse(summarised_document(version, Summary{}), rec);
    INFO("version " << version << "\n" << describe(r));
    REQUIRE(r.accepted);
    REQUIRE(rec.summaries.size() == 1);
    CHECK(rec.summaries[0].total.count == 3);
    CHECK(rec.summaries[0].total.sum_scaled == 1770000);
    CHECK(rec.summaries[0].net_scaled == 750000);
    REQUIRE(rec.totals.size() == 1);
    CHECK(rec.totals[0].credit_entries == 2);
    CHECK(rec.totals[0].debit_sum_scaled == 510000);
    CHECK(summary_int(r.summary, "credit_total_minor") == 1260);
    CHECK(summary_int(r.summary, "debit_total_minor") == 510);
    CHECK(summary_int(r.declared, "entries") == 3);
    CHECK(summary_int(r.declared, "credit_entries") == 2);
    CHECK(summary_int(r.declared, "debit_entries") == 1);
    CHECK(summary_int(r.declared, "credit_total_minor") == 1260);
    CHECK(summary_int(r.declared, "debit_total_minor") == 510);
  }
}

TEST_CASE("TxsSummry sums with up to five decimals compare exactly", "[camt][totals]") {
  Summary s;
  s.total_sum = "17.70000";
  s.credit_sum = "12.6";
  CHECK(check(summarised_document(2, s)).accepted);
  s.total_sum = "17.70001";
  const ParseReport r = check(summarised_document(2, s));
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "total_mismatch"));
}

TEST_CASE("a TxsSummry entry count that disagrees rejects", "[camt][totals][reject]") {
  Summary s;
  s.total_count = "4";
  const ParseReport r = check(summarised_document(2, s));
  CHECK_FALSE(r.accepted);
  REQUIRE(has_error(r, "count_mismatch"));
  CHECK(r.errors[0].field == "TxsSummry/TtlNtries/NbOfNtries");
}

TEST_CASE("a TxsSummry total sum that disagrees rejects", "[camt][totals][reject]") {
  Summary s;
  s.total_sum = "17.71";
  const ParseReport r = check(summarised_document(8, s));
  CHECK_FALSE(r.accepted);
  REQUIRE(has_error(r, "total_mismatch"));
  CHECK(r.errors[0].field == "TxsSummry/TtlNtries/Sum");
}

TEST_CASE("credit and debit counts and sums are each checked", "[camt][totals][reject]") {
  Summary credit_count;
  credit_count.credit_count = "3";
  CHECK(has_error(check(summarised_document(2, credit_count)), "count_mismatch"));
  Summary credit_sum;
  credit_sum.credit_sum = "12.61";
  CHECK(has_error(check(summarised_document(2, credit_sum)), "total_mismatch"));
  Summary debit_count;
  debit_count.debit_count = "0";
  CHECK(has_error(check(summarised_document(4, debit_count)), "count_mismatch"));
  Summary debit_sum;
  debit_sum.debit_sum = "5.00";
  CHECK(has_error(check(summarised_document(4, debit_sum)), "total_mismatch"));
}

TEST_CASE("the net entry amount and its sign are checked", "[camt][totals][reject]") {
  Summary wrong_sign;
  wrong_sign.net_cd = "DBIT";
  CHECK(has_error(check(summarised_document(2, wrong_sign)), "total_mismatch"));
  Summary wrong_amount;
  wrong_amount.net = "7.40";
  CHECK(has_error(check(summarised_document(8, wrong_amount)), "total_mismatch"));
}

TEST_CASE("a TxsSummry value that is not a number rejects", "[camt][totals][reject]") {
  Summary s;
  s.total_count = "three";
  CHECK(has_error(check(summarised_document(2, s)), "bad_number"));
  Summary t;
  t.total_sum = "17,70";
  CHECK(has_error(check(summarised_document(2, t)), "bad_amount"));
}

TEST_CASE("each statement is checked against its own TxsSummry", "[camt][totals]") {
  Summary one;
  one.total_count = "1";
  one.total_sum = "1.00";
  one.credit_count = "1";
  one.credit_sum = "1.00";
  one.debit_count = "0";
  one.debit_sum = "0";
  one.net = "1.00";
  const std::string first = statement(53, summary_xml(2, one) + entry(2, "1.00"), "A");
  const std::string second_ok = statement(53, summary_xml(2, one) + entry(2, "1.00"), "B");
  const std::string second_bad =
      statement(53, summary_xml(2, one) + entry(2, "1.00") + entry(2, "1.00"), "B");
  Recorder rec;
  const ParseReport ok = parse(document(53, 2, first + second_ok), rec);
  INFO(describe(ok));
  CHECK(ok.accepted);
  CHECK(summary_int(ok.declared, "entries") == 2);
  const ParseReport bad = check(document(53, 2, first + second_bad));
  CHECK_FALSE(bad.accepted);
  CHECK(has_error(bad, "count_mismatch"));
}

TEST_CASE("opening plus entries that miss the closing balance is only a warning",
          "[camt][totals]") {
  const std::string doc =
      statement_document(2, balance("OPBD", "10.00") + balance("CLBD", "12.00") + entry(2, "1.00"));
  const ParseReport r = check(doc);
  CHECK(r.accepted);
  CHECK(has_warning(r, "balance_mismatch"));
  const std::string good = statement_document(
      2, balance("OPBD", "10.00") + balance("CLBD", "9.00") + entry(2, "1.00", "DBIT"));
  const ParseReport g = check(good);
  CHECK(g.accepted);
  CHECK(g.warnings.empty());
}
