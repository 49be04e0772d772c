// camt.05x.001.01 (the first edition's element names) and versions .09 to .13, and amounts
// with more decimals than their currency when the extra ones are zeros. The fixtures are our
// own, in fuzz/seeds/ (the fuzzer starts from them too).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "formats/camt/tests/camt_fixtures.h"

using namespace camt_test;
using tally::formats::ParseReport;

namespace {

std::string seed(const std::string& name) {
  const char* source = std::getenv("TALLY_SOURCE_DIR");
  std::ifstream in(std::string(source ? source : "../..") + "/formats/camt/fuzz/seeds/" + name,
                   std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("camt.052.001.01 is read with its V01 message element and details under Ntry",
          "[camt][versions]") {
  const std::string doc = seed("camt052.v01.xml");
  REQUIRE_FALSE(doc.empty());
  Recorder rec;
  const ParseReport r = parse(doc, rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(r.format == "camt.052");
  CHECK(summary_int(r.summary, "version") == 1);
  CHECK(summary_int(r.summary, "entries") == 2);
  CHECK(summary_int(r.summary, "credit_total_minor") == 25000);
  CHECK(summary_int(r.summary, "debit_total_minor") == 2525);
  CHECK(summary_int(r.declared, "credit_total_minor") == 25000);
  CHECK(summary_int(r.declared, "debit_total_minor") == 2525);
  REQUIRE(rec.balances.size() == 2);
  CHECK(rec.balances[0].type_code == "OPBD");
  REQUIRE(rec.batches.size() == 1);
  CHECK(rec.batches[0].transaction_count == 2);
  REQUIRE(rec.transactions.size() == 2);
  CHECK(rec.transactions[0].end_to_end_id == "E2E-ACCT-100200");
  CHECK(rec.transactions[0].amount->minor() == 15000);
  CHECK(rec.transactions[1].debtor_name == "B. Customer");
  REQUIRE(rec.entry_ends.size() == 2);
  CHECK(rec.entry_ends[0].additional_info == "SEPA CREDIT TRANSFERS");
  CHECK_FALSE(has_warning(r, "batch_mismatch"));
}

TEST_CASE("camt.052.001.01 totals that disagree are still refused", "[camt][versions][reject]") {
  const std::string doc =
      replaced(seed("camt052.v01.xml"), "<Sum>275.25</Sum>", "<Sum>275.26</Sum>");
  const ParseReport r = check(doc);
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "total_mismatch"));
}

TEST_CASE("camt.052.001.01 needs its V01 message element", "[camt][versions][reject]") {
  std::string doc = seed("camt052.v01.xml");
  doc = replaced(doc, "<BkToCstmrAcctRptV01>", "<BkToCstmrAcctRpt>");
  doc = replaced(doc, "</BkToCstmrAcctRptV01>", "</BkToCstmrAcctRpt>");
  const ParseReport r = check(doc);
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "message_mismatch"));
}

TEST_CASE("camt.053.001.13 and camt.054.001.12 are read like version 8", "[camt][versions]") {
  Recorder rec;
  const ParseReport r = parse(seed("camt053.v13.xml"), rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(r.format == "camt.053");
  CHECK(summary_int(r.summary, "version") == 13);
  CHECK(summary_int(r.summary, "credit_total_minor") == 31945);
  CHECK(summary_int(r.summary, "debit_total_minor") == 3000);
  CHECK(summary_int(r.declared, "entries") == 3);
  CHECK(rec.entries.at(0).status == "BOOK");
  CHECK(rec.transactions.at(0).debtor_name == "A. Customer");
  CHECK(r.warnings.empty());

  const ParseReport n = check(seed("camt054.v12.xml"));
  INFO(describe(n));
  CHECK(n.accepted);
  CHECK(n.format == "camt.054");
  CHECK(summary_int(n.summary, "version") == 12);
  CHECK(summary_int(n.summary, "credit_total_minor") == 31945);
}

TEST_CASE("camt.053.001.13 totals that disagree are still refused", "[camt][versions][reject]") {
  const ParseReport r = check(replaced(seed("camt053.v13.xml"),
                                       "<TtlDbtNtries><NbOfNtries>1</NbOfNtries><Sum>30.00</Sum>",
                                       "<TtlDbtNtries><NbOfNtries>1</NbOfNtries><Sum>30.01</Sum>"));
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "total_mismatch"));
}

TEST_CASE("amounts with extra zero decimals are exact and accepted with a warning",
          "[camt][amounts]") {
  Recorder rec;
  const ParseReport r = parse(seed("camt053.v09.extra.zeros.xml"), rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(summary_int(r.summary, "version") == 9);
  CHECK(summary_int(r.summary, "credit_total_minor") == 31945);
  CHECK(summary_int(r.summary, "debit_total_minor") == 3000);
  CHECK(rec.entries.at(0).amount.minor() == 16995);
  // One warning for the document, located at the first such amount.
  int extra = 0;
  for (const auto& w : r.warnings) {
    if (w.code != "extra_decimals") continue;
    ++extra;
    CHECK(w.line > 0);
    CHECK(w.field == "Bal/Amt");
  }
  CHECK(extra == 1);
}

TEST_CASE("an amount whose extra decimal is not zero is refused", "[camt][amounts][reject]") {
  const ParseReport r =
      check(replaced(seed("camt053.v09.extra.zeros.xml"), ">169.95000<", ">169.95100<"));
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "excess_precision"));
  const ParseReport s = check(
      replaced(seed("camt053.v09.extra.zeros.xml"), "<Sum>349.450</Sum>", "<Sum>349.451</Sum>"));
  CHECK_FALSE(s.accepted);
}

TEST_CASE("camt.053.001.01 and camt.054.001.01 use their V01 message elements too",
          "[camt][versions]") {
  const std::string report = seed("camt052.v01.xml");
  struct Case {
    const char* message;
    const char* element;
    const char* statement;
    const char* format;
  };
  for (const Case& c : {Case{"053", "BkToCstmrStmtV01", "Stmt", "camt.053"},
                        Case{"054", "BkToCstmrDbtCdtNtfctnV01", "Ntfctn", "camt.054"}}) {
    std::string doc =
        replaced(report, "xsd:camt.052.001.01", std::string("xsd:camt.") + c.message + ".001.01");
    doc = replaced(doc, "<BkToCstmrAcctRptV01>", std::string("<") + c.element + ">");
    doc = replaced(doc, "</BkToCstmrAcctRptV01>", std::string("</") + c.element + ">");
    doc = replaced(doc, "<Rpt>", std::string("<") + c.statement + ">");
    doc = replaced(doc, "</Rpt>", std::string("</") + c.statement + ">");
    const ParseReport r = check(doc);
    INFO(c.format << "\n" << describe(r));
    CHECK(r.accepted);
    CHECK(r.format == c.format);
    CHECK(summary_int(r.summary, "credit_total_minor") == 25000);
  }
}
