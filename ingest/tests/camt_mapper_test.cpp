// camt entries to events: booked entries become BankTransactions; pending ones are not posted.
// Opening and closing booked balances become BankBalanceReported.
#include <catch2/catch.hpp>

#include "core/events/event_ids.h"
#include "ingest/mappers/bank_line.h"
#include "ingest/tests/mapper_test_support.h"

using namespace mapper_test;
using formats::Format;

namespace {

constexpr const char* kIban = "NL26VAYB8060476890";

std::string document(int message, const std::string& statements) {
  const std::string ns = "urn:iso:std:iso:20022:tech:xsd:camt.0" + std::to_string(message) + ".001.02";
  const std::string root = message == 54 ? "BkToCstmrDbtCdtNtfctn" : "BkToCstmrStmt";
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"" + ns + "\"><" + root +
         "><GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-11-20T18:00:00</CreDtTm></GrpHdr>" +
         statements + "</" + root + "></Document>\n";
}

std::string statement(const std::string& entries, const std::string& id = "STMT-1",
                      const std::string& tag = "Stmt") {
  return "<" + tag + "><Id>" + id + "</Id><CreDtTm>2026-11-20T18:00:00</CreDtTm><Acct><Id><IBAN>" +
         kIban + "</IBAN></Id><Ccy>EUR</Ccy></Acct>" + entries + "</" + tag + ">";
}

std::string entry(const std::string& amount, const std::string& cd, const std::string& status,
                  const std::string& ref, const std::string& more = "") {
  return "<Ntry><Amt Ccy=\"EUR\">" + amount + "</Amt><CdtDbtInd>" + cd + "</CdtDbtInd><Sts>" +
         status + "</Sts><BookgDt><Dt>2026-11-19</Dt></BookgDt><ValDt><Dt>2026-11-20</Dt></ValDt>" +
         (ref.empty() ? "" : "<AcctSvcrRef>" + ref + "</AcctSvcrRef>") + more + "</Ntry>";
}

// A Bal of `type` (OPBD, CLBD, CLAV, ...); balances come before the statement's entries.
std::string balance(const std::string& type, const std::string& amount, const std::string& cd,
                    const std::string& date) {
  return "<Bal><Tp><CdOrPrtry><Cd>" + type + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" + amount +
         "</Amt><CdtDbtInd>" + cd + "</CdtDbtInd><Dt><Dt>" + date + "</Dt></Dt></Bal>";
}

const std::string kSepaCode =
    "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>"
    "</BkTxCd>";

std::string details(const std::string& end_to_end, const std::string& remittance,
                    const std::string& extra = "") {
  return "<NtryDtls><TxDtls><Refs><EndToEndId>" + end_to_end + "</EndToEndId></Refs><RmtInf><Ustrd>" +
         remittance + "</Ustrd></RmtInf>" + extra + "</TxDtls></NtryDtls>";
}

std::string main_file() {
  return document(53, statement(entry("8.85", "CRDT", "BOOK", "BANKREF-1",
                                      kSepaCode + details("E2E-1", "Account 1001")) +
                                entry("120.00", "DBIT", "BOOK", "BANKREF-2",
                                      "<BkTxCd><Prtry><Cd>NTRF</Cd><Issr>BANK</Issr></Prtry></BkTxCd>") +
                                entry("5.00", "CRDT", "PDNG", "BANKREF-3") +
                                entry("7.00", "CRDT", "BOOK", "")));
}

}  // namespace

TEST_CASE("camt mapper: booked entries become bank transactions with the account masked",
          "[ingest][camt]") {
  const Mapped m = run(Format::camt, main_file());
  REQUIRE(m.map.accepted);
  REQUIRE(m.events.size() == 3);  // the pending entry is not posted
  CHECK(summary_int(m.map, "bank_transactions_posted") == 3);
  CHECK(summary_int(m.map, "entries_not_booked") == 1);
  CHECK(has_warning(m.map, "not_booked"));

  const events::Envelope& credit = m.events[0];
  CHECK(credit.type() == events::BANK_TRANSACTION);
  CHECK(credit.partition_key() == "bank:6890");
  const auto& t = credit.bank_transaction();
  CHECK(t.bank_account() == "6890");
  CHECK(t.account_hash() == account_hash(context(), "", kIban));
  CHECK(t.bank_reference() == "BANKREF-1");
  CHECK(t.customer_reference() == "E2E-1");
  CHECK(t.direction() == events::BankTransaction::CREDIT);
  CHECK(t.amount().minor() == 885);
  CHECK(t.amount().currency() == "EUR");
  CHECK(t.type_code() == "PMNT/RCDT/ESCT");
  CHECK(t.booking_date() == BusinessDate::parse_iso("2026-11-19")->days());
  CHECK(t.value_date() == BusinessDate::parse_iso("2026-11-20")->days());
  CHECK(credit.business_date() == t.booking_date());
  CHECK(t.description() == "Account 1001");
  CHECK(t.source_format() == "camt.053");
  CHECK_FALSE(t.reversal());
  CHECK(credit.id() == id_bytes(events::bank_line_id(kIban, "BANKREF-1")));

  const auto& debit = m.events[1].bank_transaction();
  CHECK(debit.direction() == events::BankTransaction::DEBIT);
  CHECK(debit.amount().minor() == 12000);
  CHECK(debit.type_code() == "NTRF");  // proprietary code when there is no ISO domain

  // No AcctSvcrRef: keyed by the file and the entry's ordinal (4th entry of the document).
  CHECK(m.events[2].bank_transaction().bank_reference().empty());
  CHECK(m.events[2].id() == id_bytes(events::bank_line_id_unreferenced(context().sha256, 4)));
  CHECK(ids_distinct(m.events));
}

TEST_CASE("camt mapper: ids are stable, and a line notified then stated is one event",
          "[ingest][camt]") {
  const auto first = map_accepted(Format::camt, main_file());
  const auto second = map_accepted(Format::camt, main_file());
  CHECK(same_ids(first, second));
  // The same entry in a camt.054 notification (another file) has the same id: a bank account
  // and its reference name one line whatever reported it.
  const std::string notification =
      document(54, statement(entry("8.85", "CRDT", "BOOK", "BANKREF-1"), "N-1", "Ntfctn"));
  const auto notified = map_accepted(Format::camt, notification, context(std::string(64, 'b')));
  REQUIRE(notified.size() == 1);
  CHECK(notified[0].id() == first[0].id());
  CHECK(notified[0].bank_transaction().source_format() == "camt.054");
}

TEST_CASE("camt mapper: returns keep their reason, reversals their flag", "[ingest][camt]") {
  const std::string returned = entry(
      "50.00", "DBIT", "BOOK", "RET-1",
      details("E2E-9", "Invoice 77",
              "<RtrInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>account closed</AddtlInf></RtrInf>"));
  const std::string reversed = "<Ntry><Amt Ccy=\"EUR\">8.85</Amt><CdtDbtInd>DBIT</CdtDbtInd>"
                               "<RvslInd>true</RvslInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-20</Dt>"
                               "</BookgDt><AcctSvcrRef>REV-1</AcctSvcrRef></Ntry>";
  const auto events = map_accepted(Format::camt, document(53, statement(returned + reversed)));
  REQUIRE(events.size() == 2);
  const auto& r = events[0].bank_transaction();
  CHECK(r.direction() == events::BankTransaction::DEBIT);
  CHECK(r.description() == "returned: AC04 account closed; Invoice 77");
  CHECK_FALSE(r.reversal());
  CHECK(events[1].bank_transaction().reversal());
  CHECK(events[1].bank_transaction().value_date() == 0);  // no ValDt
}

TEST_CASE("camt mapper: a reference repeated within a statement is two lines, across "
          "statements one", "[ingest][camt]") {
  const std::string twice = entry("1.00", "CRDT", "BOOK", "SAME") + entry("2.00", "CRDT", "BOOK", "SAME");
  const Mapped within = run(Format::camt, document(53, statement(twice)));
  REQUIRE(within.events.size() == 2);
  CHECK(within.events[0].id() != within.events[1].id());
  CHECK(within.events[0].id() == id_bytes(events::bank_line_id(kIban, "SAME")));
  CHECK(has_warning(within.map, "repeated_reference"));

  // Cumulative reports: the second statement reports the same line again.
  const std::string across = document(
      53, statement(entry("1.00", "CRDT", "BOOK", "SAME"), "S1") +
              statement(entry("1.00", "CRDT", "BOOK", "SAME"), "S2"));
  const auto events = map_accepted(Format::camt, across);
  REQUIRE(events.size() == 2);
  CHECK(events[0].id() == events[1].id());
}

TEST_CASE("camt mapper: NONREF is no reference", "[ingest][camt]") {
  const auto events = map_accepted(Format::camt, document(53, statement(entry("3.00", "CRDT", "BOOK", "NONREF"))));
  REQUIRE(events.size() == 1);
  CHECK(events[0].bank_transaction().bank_reference().empty());
  CHECK(events[0].id() == id_bytes(events::bank_line_id_unreferenced(context().sha256, 1)));
}

TEST_CASE("camt mapper: the account key ignores spaces, dashes, case and leading zeros",
          "[ingest][camt]") {
  CHECK(bank_line::account_key("nl26 vayb-8060476890") == "NL26VAYB8060476890");
  CHECK(bank_line::account_key("000123") == "123");
  CHECK(bank_line::account_key("0") == "0");
}

TEST_CASE("camt mapper: check and map agree on a refused file, which maps to nothing",
          "[ingest][camt]") {
  // A TxsSummry whose count disagrees with the entries: refused after the entry was read.
  const std::string bad_total = document(
      53, statement("<TxsSummry><TtlNtries><NbOfNtries>2</NbOfNtries></TtlNtries></TxsSummry>" +
                    entry("1.00", "CRDT", "BOOK", "R1")));
  const Mapped m = run(Format::camt, bad_total);
  CHECK_FALSE(m.check.accepted);
  CHECK_FALSE(m.map.accepted);  // intake never publishes what such a map emitted

  const Mapped not_xml = run(Format::camt, "<Document><oops></Document>");
  CHECK_FALSE(not_xml.map.accepted);
  CHECK(not_xml.events.empty());
}

namespace {

// Opens in credit, closes overdrawn after a debit; OPBD dated the day of the previous closing,
// as many banks (and the corpus samples) write it.
std::string balanced_file() {
  return document(53, statement(balance("OPBD", "100.00", "CRDT", "2026-11-18") +
                                balance("CLBD", "20.00", "DBIT", "2026-11-19") +
                                balance("CLAV", "500.00", "CRDT", "2026-11-19") +
                                entry("120.00", "DBIT", "BOOK", "BANKREF-2")));
}

const BusinessDate kStatementDay = *BusinessDate::parse_iso("2026-11-19");

}  // namespace

TEST_CASE("camt mapper: opening and closing booked balances are one signed balance event",
          "[ingest][camt]") {
  const Mapped m = run(Format::camt, balanced_file());
  REQUIRE(m.map.accepted);
  CHECK_FALSE(has_warning(m.map, "balance_mismatch"));  // the fixture adds up
  CHECK(summary_int(m.map, "balances_reported") == 1);
  CHECK(summary_int(m.map, "bank_transactions_posted") == 1);
  const auto balances = of_type(m.events, events::BANK_BALANCE_REPORTED);
  REQUIRE(balances.size() == 1);  // CLAV (closing available) is not the ledger balance
  const events::Envelope& e = *balances[0];
  CHECK(e.partition_key() == "bank:6890");
  CHECK(e.id() == id_bytes(events::bank_balance_id(kIban, kStatementDay, 10000, -2000, "camt.053")));
  CHECK(e.business_date() == kStatementDay.days());
  const auto& b = e.bank_balance_reported();
  CHECK(b.bank_account() == "6890");
  CHECK(b.account_hash() == account_hash(context(), "", kIban));
  CHECK(b.balance_date() == kStatementDay.days());  // the closing's day
  REQUIRE(b.has_opening_ledger());
  CHECK(b.opening_ledger().minor() == 10000);  // CRDT
  CHECK(b.opening_ledger().currency() == "EUR");
  REQUIRE(b.has_closing_ledger());
  CHECK(b.closing_ledger().minor() == -2000);  // DBIT: overdrawn
  CHECK(b.source_format() == "camt.053");
}

TEST_CASE("camt mapper: a statement with only an opening balance is dated by it",
          "[ingest][camt]") {
  const auto events = map_accepted(
      Format::camt, document(53, statement(balance("OPBD", "7.50", "DBIT", "2026-11-18"))));
  REQUIRE(events.size() == 1);
  const auto& b = events[0].bank_balance_reported();
  CHECK(b.balance_date() == BusinessDate::parse_iso("2026-11-18")->days());
  CHECK(b.opening_ledger().minor() == -750);
  CHECK_FALSE(b.has_closing_ledger());
}

TEST_CASE("camt mapper: a re-sent statement reports the same balance event", "[ingest][camt]") {
  const auto first = map_accepted(Format::camt, balanced_file());
  const auto resent = map_accepted(Format::camt, balanced_file(), context(std::string(64, 'c')));
  const auto a = of_type(first, events::BANK_BALANCE_REPORTED);
  const auto b = of_type(resent, events::BANK_BALANCE_REPORTED);
  REQUIRE(a.size() == 1);
  REQUIRE(b.size() == 1);
  CHECK(a[0]->id() == b[0]->id());
  CHECK(a[0]->bank_balance_reported().SerializeAsString() ==
        b[0]->bank_balance_reported().SerializeAsString());
}

TEST_CASE("camt mapper: statements of one account's day in one document are one balance event",
          "[ingest][camt]") {
  // Two periods of one day (as in the corpus's multi-statement sample).
  const std::string day = "2026-11-19";
  const std::string doc = document(
      53,
      statement(balance("OPBD", "1.00", "CRDT", day) + balance("CLBD", "3.00", "CRDT", day) +
                    entry("2.00", "CRDT", "BOOK", "P1"),
                "S1") +
          statement(balance("OPBD", "3.00", "CRDT", day) + balance("CLBD", "4.00", "CRDT", day) +
                        entry("1.00", "CRDT", "BOOK", "P2"),
                    "S2"));
  const Mapped m = run(Format::camt, doc);
  REQUIRE(m.map.accepted);
  CHECK(ids_distinct(m.events));
  const auto balances = of_type(m.events, events::BANK_BALANCE_REPORTED);
  REQUIRE(balances.size() == 1);
  const auto& b = balances[0]->bank_balance_reported();
  CHECK(b.opening_ledger().minor() == 100);  // the day's first opening
  CHECK(b.closing_ledger().minor() == 400);  // and its last closing
  CHECK(has_warning(m.map, "repeated_balance"));
}
