// camt reader: what it extracts from each message and version, and every rejection.
#include <catch2/catch.hpp>

#include "formats/camt/tests/camt_fixtures.h"

using namespace camt_test;
using tally::BusinessDate;
using tally::formats::ParseReport;

namespace {

// A v2 statement using most of what the reader extracts.
std::string rich_v2_statement() {
  const std::string details =
      "<NtryDtls><TxDtls>"
      "<Refs><MsgId>M1</MsgId><AcctSvcrRef>BANKREF-TX</AcctSvcrRef><InstrId>I1</InstrId>"
      "<EndToEndId>E2E-1</EndToEndId><TxId>T1</TxId></Refs>"
      "<AmtDtls><TxAmt><Amt Ccy=\"EUR\">8.85</Amt></TxAmt></AmtDtls>"
      "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>"
      "</BkTxCd>"
      "<RltdPties><Dbtr><Nm>Jane Payer</Nm><PstlAdr><Nm>not a party name</Nm></PstlAdr></Dbtr>"
      "<DbtrAcct><Id><IBAN>NL56AGDH9619008421</IBAN></Id></DbtrAcct>"
      "<Cdtr><Nm>City Water</Nm></Cdtr></RltdPties>"
      "<RmtInf><Ustrd>Invoice 4711</Ustrd><Ustrd>Account 1001</Ustrd>"
      "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547034</Ref>"
      "</CdtrRefInf></Strd></RmtInf>"
      "<RtrInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>account closed</AddtlInf></RtrInf>"
      "</TxDtls></NtryDtls>";
  const std::string extra =
      "<BookgDt><Dt>2026-11-19</Dt></BookgDt><ValDt><Dt>2026-11-20</Dt></ValDt>"
      "<AcctSvcrRef>BANKREF-1</AcctSvcrRef>"
      "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>"
      "<Prtry><Cd>544</Cd><Issr>BANK</Issr></Prtry></BkTxCd>" +
      details + "<AddtlNtryInf>SEPA credit</AddtlNtryInf>";
  return document(
      53, 2,
      "<Stmt><Id>STMT-1</Id><ElctrncSeqNb>12312</ElctrncSeqNb>"
      "<CreDtTm>2026-11-20T18:00:00+01:00</CreDtTm>"
      "<Acct><Id><IBAN>NL26VAYB8060476890</IBAN></Id><Ccy>EUR</Ccy>"
      "<Ownr><Nm>City Water</Nm></Ownr><Svcr><FinInstnId><BIC>VAYBNL2A</BIC></FinInstnId></Svcr>"
      "</Acct>" +
          balance("OPBD", "18.15") + balance("CLBD", "27.00") +
          "<Ntry><Amt Ccy=\"EUR\">8.85</Amt><CdtDbtInd>CRDT</CdtDbtInd><RvslInd>false</RvslInd>"
          "<Sts>BOOK</Sts>" +
          extra + "</Ntry></Stmt>");
}

}  // namespace

TEST_CASE("camt.053 v2: group header, statement, balances, entry and details are extracted",
          "[camt]") {
  Recorder rec;
  const ParseReport r = parse(rich_v2_statement(), rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(r.format == "camt.053");
  REQUIRE(rec.messages.size() == 1);
  CHECK(rec.messages[0].version == 2);
  CHECK(rec.messages[0].kind == MessageKind::kStatement);
  REQUIRE(rec.headers.size() == 1);
  CHECK(rec.headers[0].message_id == "MSG-1");
  CHECK(rec.headers[0].creation_time == "2026-11-20T18:00:00+01:00");

  REQUIRE(rec.statements.size() == 1);
  const Statement& s = rec.statements[0];
  CHECK(s.id == "STMT-1");
  CHECK(s.electronic_sequence == 12312);
  CHECK(s.creation_date == BusinessDate::from_ymd(2026, 11, 20));
  CHECK(s.account.iban == "NL26VAYB8060476890");
  REQUIRE(s.account.currency);
  CHECK(s.account.currency->code() == "EUR");
  CHECK(s.account.owner_name == "City Water");
  CHECK(s.account.servicer_bic == "VAYBNL2A");

  REQUIRE(rec.balances.size() == 2);
  CHECK(rec.balances[0].type_code == "OPBD");
  CHECK(rec.balances[0].amount.minor() == 1815);
  CHECK(rec.balances[0].credit_debit == CreditDebit::kCredit);
  CHECK(rec.balances[0].date == BusinessDate::from_ymd(2026, 11, 20));
  CHECK(rec.balances[1].type_code == "CLBD");
  CHECK(rec.balances[1].amount.minor() == 2700);

  REQUIRE(rec.entries.size() == 1);
  const Entry& e = rec.entry_ends[0];
  CHECK(e.ordinal == 1);
  CHECK(e.amount.minor() == 885);
  CHECK(e.amount.currency().code() == "EUR");
  CHECK(e.credit_debit == CreditDebit::kCredit);
  CHECK_FALSE(e.reversal);
  CHECK(e.status == "BOOK");
  CHECK(e.booking_date == BusinessDate::from_ymd(2026, 11, 19));
  CHECK(e.value_date == BusinessDate::from_ymd(2026, 11, 20));
  CHECK(e.account_servicer_ref == "BANKREF-1");
  CHECK(e.bank_transaction_code.domain == "PMNT");
  CHECK(e.bank_transaction_code.family == "RCDT");
  CHECK(e.bank_transaction_code.sub_family == "ESCT");
  CHECK(e.bank_transaction_code.proprietary == "544");
  CHECK(e.bank_transaction_code.issuer == "BANK");
  CHECK(e.additional_info == "SEPA credit");
  CHECK(rec.entries[0].additional_info.empty());  // not yet read when on_entry is called

  REQUIRE(rec.transactions.size() == 1);
  const TransactionDetails& t = rec.transactions[0];
  CHECK(t.entry_ordinal == 1);
  CHECK(t.message_id == "M1");
  CHECK(t.account_servicer_ref == "BANKREF-TX");
  CHECK(t.instruction_id == "I1");
  CHECK(t.end_to_end_id == "E2E-1");
  CHECK(t.transaction_id == "T1");
  REQUIRE(t.amount);
  CHECK(t.amount->minor() == 885);
  CHECK(t.bank_transaction_code.sub_family == "ESCT");
  CHECK(t.debtor_name == "Jane Payer");
  CHECK(t.creditor_name == "City Water");
  CHECK(t.debtor_account == "NL56AGDH9619008421");
  CHECK(t.unstructured == std::vector<std::string>{"Invoice 4711", "Account 1001"});
  CHECK(t.structured_references == std::vector<std::string>{"RF18539007547034"});
  REQUIRE(t.return_info);
  CHECK(t.return_info->reason_code == "AC04");
  CHECK(t.return_info->additional_info == std::vector<std::string>{"account closed"});

  CHECK(summary_int(r.summary, "statements") == 1);
  CHECK(summary_int(r.summary, "entries") == 1);
  CHECK(summary_int(r.summary, "credit_total_minor") == 885);
  CHECK(summary_int(r.summary, "debit_total_minor") == 0);
  CHECK(r.declared.items().empty());  // no TxsSummry
}

TEST_CASE("camt.053 v8: Sts/Cd, DtTm dates, Othr account id, Pty names, TxDtls/Amt", "[camt]") {
  const std::string doc = document(
      53, 8,
      "<Stmt><Id>S8</Id><CreDtTm>2026-11-20T18:00:00Z</CreDtTm>"
      "<Acct><Id><Othr><Id>ACC-77</Id></Othr></Id><Ownr><Nm>Owner</Nm></Ownr></Acct>"
      "<Ntry><Amt Ccy=\"USD\">12.34</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd>"
      "<Sts><Cd>PDNG</Cd></Sts><BookgDt><DtTm>2026-11-19T13:15:00+01:00</DtTm></BookgDt>"
      "<NtryDtls><TxDtls><Refs><EndToEndId>E8</EndToEndId></Refs>"
      "<Amt Ccy=\"USD\">12.34</Amt><CdtDbtInd>DBIT</CdtDbtInd>"
      "<RltdPties><Dbtr><Pty><Nm>Payer Eight</Nm></Pty></Dbtr>"
      "<CdtrAcct><Id><Othr><Id>99-123</Id></Othr></Id></CdtrAcct></RltdPties>"
      "</TxDtls></NtryDtls></Ntry></Stmt>");
  Recorder rec;
  const ParseReport r = parse(doc, rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(rec.messages[0].version == 8);
  CHECK(rec.statements[0].account.other_id == "ACC-77");
  CHECK(rec.statements[0].account.owner_name == "Owner");
  REQUIRE(rec.entries.size() == 1);
  const Entry& e = rec.entries[0];
  CHECK(e.status == "PDNG");
  CHECK(e.reversal);
  CHECK(e.credit_debit == CreditDebit::kDebit);
  CHECK(e.signed_minor() == -1234);
  CHECK(e.booking_date == BusinessDate::from_ymd(2026, 11, 19));
  CHECK(e.booking_time == "2026-11-19T13:15:00+01:00");
  REQUIRE(rec.transactions.size() == 1);
  CHECK(rec.transactions[0].debtor_name == "Payer Eight");
  CHECK(rec.transactions[0].creditor_account == "99-123");
  CHECK(rec.transactions[0].credit_debit == CreditDebit::kDebit);
  CHECK(rec.transactions[0].amount->minor() == 1234);
  CHECK(summary_int(r.summary, "debit_total_minor") == 1234);
  CHECK(summary_int(r.summary, "version") == 8);
}

TEST_CASE("camt.054 notification: format, Ntfctn and batch details", "[camt]") {
  for (int version : {2, 4, 8}) {
    const std::string body = statement(
        54, entry(version, "200.00", "DBIT",
                  "<NtryDtls><Btch><MsgId>B-1</MsgId><PmtInfId>P-1</PmtInfId><NbOfTxs>2</NbOfTxs>"
                  "<TtlAmt Ccy=\"EUR\">200.00</TtlAmt><CdtDbtInd>DBIT</CdtDbtInd></Btch>"
                  "<TxDtls><Refs><EndToEndId>A</EndToEndId></Refs></TxDtls>"
                  "<TxDtls><Refs><EndToEndId>B</EndToEndId></Refs></TxDtls></NtryDtls>"));
    Recorder rec;
    const ParseReport r = parse(document(54, version, body), rec);
    INFO("version " << version << "\n" << describe(r));
    REQUIRE(r.accepted);
    CHECK(r.format == "camt.054");
    REQUIRE(rec.statements.size() == 1);
    CHECK(rec.statements[0].kind == MessageKind::kNotification);
    REQUIRE(rec.batches.size() == 1);
    CHECK(rec.batches[0].message_id == "B-1");
    CHECK(rec.batches[0].payment_info_id == "P-1");
    CHECK(rec.batches[0].transaction_count == 2);
    CHECK(rec.batches[0].total->minor() == 20000);
    CHECK(rec.batches[0].credit_debit == CreditDebit::kDebit);
    REQUIRE(rec.transactions.size() == 2);
    CHECK(rec.transactions[1].ordinal == 2);
    CHECK(rec.transactions[1].end_to_end_id == "B");
    CHECK(r.warnings.empty());
  }
}

TEST_CASE("camt.052 account report is read as format camt.052", "[camt]") {
  Recorder rec;
  const ParseReport r = parse(document(52, 6, statement(52, entry(6, "1.00"))), rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(r.format == "camt.052");
  CHECK(rec.statements[0].kind == MessageKind::kAccountReport);
  CHECK(rec.entries.size() == 1);
}

TEST_CASE("batch count that disagrees with the details is a warning, not a rejection", "[camt]") {
  const std::string body =
      statement(54, entry(4, "6.30", "CRDT",
                          "<NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch><TxDtls/><TxDtls/><TxDtls/>"
                          "</NtryDtls>"));
  const ParseReport r = check(document(54, 4, body));
  INFO(describe(r));
  CHECK(r.accepted);
  CHECK(has_warning(r, "batch_mismatch"));
}

TEST_CASE("every version from 2 to 13 is detected from the namespace", "[camt]") {
  for (int version = 2; version <= 13; ++version) {
    Recorder rec;
    const ParseReport r = parse(statement_document(version, entry(version, "5.00")), rec);
    INFO("version " << version << "\n" << describe(r));
    REQUIRE(r.accepted);
    CHECK(rec.messages.at(0).version == version);
    CHECK(rec.entries.at(0).status == "BOOK");
  }
}

TEST_CASE("versions outside 1-13 are rejected as unsupported", "[camt][reject]") {
  for (int version : {0, 14, 99}) {
    const ParseReport r = check(statement_document(version, entry(version, "5.00")));
    CHECK_FALSE(r.accepted);
    CHECK(has_error(r, "unsupported_version"));
  }
}

TEST_CASE("a document that is not camt is rejected", "[camt][reject]") {
  const ParseReport other_ns = check(
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"><CstmrCdtTrfInitn/>"
      "</Document>");
  CHECK_FALSE(other_ns.accepted);
  CHECK(has_error(other_ns, "not_camt"));

  const ParseReport other_root = check("<Statement xmlns=\"" + ns(53, 2) + "\"/>");
  CHECK_FALSE(other_root.accepted);
  CHECK(has_error(other_root, "not_camt"));

  const ParseReport no_ns = check("<Document><BkToCstmrStmt/></Document>");
  CHECK_FALSE(no_ns.accepted);
  CHECK(has_error(no_ns, "not_camt"));
  CHECK(no_ns.format == "camt");
}

TEST_CASE("a message element that does not match the namespace is rejected", "[camt][reject]") {
  std::string doc = statement_document(2, entry(2, "1.00"));
  doc.replace(doc.find(ns(53, 2)), ns(53, 2).size(), ns(54, 2));  // 054 namespace, 053 body
  const ParseReport r = check(doc);
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "message_mismatch"));
}

TEST_CASE("a group header with no statement is rejected", "[camt][reject]") {
  const ParseReport r = check(document(53, 2, ""));
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "no_statement"));
}

TEST_CASE("a statement without a group header is rejected", "[camt][reject]") {
  const ParseReport r = check(document(53, 2, statement(53, entry(2, "1.00")), false));
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "missing_group_header"));
}

TEST_CASE("a group header without MsgId is rejected", "[camt][reject]") {
  std::string doc = statement_document(2, entry(2, "1.00"));
  doc.erase(doc.find("<MsgId>MSG-1</MsgId>"), std::string("<MsgId>MSG-1</MsgId>").size());
  const ParseReport r = check(doc);
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "missing_field"));
}

TEST_CASE("malformed XML is rejected with line and column", "[camt][reject]") {
  const std::string doc = "<?xml version=\"1.0\"?>\n<Document xmlns=\"" + ns(53, 2) +
                          "\">\n<BkToCstmrStmt>\n  <GrpHdr><MsgId>x</Msg></GrpHdr>\n";
  const ParseReport r = check(doc);
  CHECK_FALSE(r.accepted);
  REQUIRE(has_error(r, "malformed_xml"));
  CHECK(r.errors[0].line == 4);
  INFO(r.errors[0].message);
  CHECK(r.errors[0].message.find("column 21") != std::string::npos);

  CHECK(has_error(check(""), "malformed_xml"));
  CHECK(has_error(check(statement_document(2, entry(2, "1.00")).substr(0, 300)), "malformed_xml"));
}

TEST_CASE("a DOCTYPE is refused, so entities never expand", "[camt][reject]") {
  const std::string doc =
      "<?xml version=\"1.0\"?><!DOCTYPE Document [<!ENTITY a \"aaaaaaaaaa\">"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
      "<Document xmlns=\"" +
      ns(53, 2) + "\"><BkToCstmrStmt>&b;</BkToCstmrStmt></Document>";
  const ParseReport r = check(doc);
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "doctype_not_allowed"));
}

TEST_CASE("element text over the limit is rejected", "[camt][reject]") {
  const std::string long_text(70 * 1024, 'x');
  const std::string doc = statement_document(
      2, entry(2, "1.00", "CRDT", "<AddtlNtryInf>" + long_text + "</AddtlNtryInf>"));
  const ParseReport r = check(doc);
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "text_too_long"));

  // Text in an element the reader does not use counts too.
  const std::string ignored =
      statement_document(2, entry(2, "1.00", "CRDT", "<Unknown>" + long_text + "</Unknown>"));
  CHECK(has_error(check(ignored), "text_too_long"));

  Limits small;
  small.max_text_bytes = 8;
  CHECK(has_error(check(statement_document(2, entry(2, "1.00")), small), "text_too_long"));
}

TEST_CASE("nesting deeper than the limit is rejected", "[camt][reject]") {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<X>";
  for (int i = 0; i < 100; ++i) deep += "</X>";
  const ParseReport r = check(statement_document(2, entry(2, "1.00", "CRDT", deep)));
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "too_deep"));
}

TEST_CASE("a single XML token larger than the limit is rejected", "[camt][reject]") {
  Limits small;
  small.max_token_bytes = 200 * 1024;
  const std::string comment = "<!--" + std::string(400 * 1024, 'c') + "-->";
  const ParseReport r = check(statement_document(2, comment + entry(2, "1.00")), small);
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "token_too_large"));
}

TEST_CASE("a document over the file size limit is rejected", "[camt][reject]") {
  Limits small;
  small.max_file_bytes = 100;
  const ParseReport r = check(statement_document(2, entry(2, "1.00")), small);
  CHECK(has_error(r, "file_too_large"));
}

TEST_CASE("extra decimals are accepted only when they are zeros", "[camt][amount]") {
  Recorder rec;
  const ParseReport ok = parse(statement_document(2, entry(2, "18.15000")), rec);
  INFO(describe(ok));
  REQUIRE(ok.accepted);
  CHECK(rec.entries[0].amount.minor() == 1815);

  const ParseReport bad = check(statement_document(2, entry(2, "18.155")));
  CHECK_FALSE(bad.accepted);
  CHECK(has_error(bad, "excess_precision"));

  Recorder yen;
  REQUIRE(parse(statement_document(2, entry(2, "2700", "CRDT", "", "JPY")), yen).accepted);
  CHECK(yen.entries[0].amount.minor() == 2700);
  CHECK(has_error(check(statement_document(2, entry(2, "2700.5", "CRDT", "", "JPY"))),
                  "excess_precision"));
  Recorder dinar;
  REQUIRE(parse(statement_document(2, entry(2, "1.234", "CRDT", "", "KWD")), dinar).accepted);
  CHECK(dinar.entries[0].amount.minor() == 1234);
}

TEST_CASE("amounts that are not unsigned decimals in a known currency are rejected",
          "[camt][amount][reject]") {
  for (const char* text : {"-5.00", "1,000.00", "abc", "", "1.2.3", "+1"})
    CHECK(has_error(check(statement_document(2, entry(2, text))), "bad_amount"));
  CHECK(has_error(check(statement_document(2, entry(2, "1.00", "CRDT", "", "XYZ"))),
                  "unknown_currency"));
  std::string no_ccy = statement_document(2, entry(2, "1.00"));
  no_ccy.replace(no_ccy.find(" Ccy=\"EUR\""), 10, "");
  CHECK(has_error(check(no_ccy), "missing_currency"));
  CHECK(
      has_error(check(statement_document(2, entry(2, "99999999999999999999"))), "amount_overflow"));
}

TEST_CASE("bad dates, indicators and counts are rejected", "[camt][reject]") {
  CHECK(has_error(check(statement_document(
                      2, entry(2, "1.00", "CRDT", "<BookgDt><Dt>2026-02-30</Dt></BookgDt>"))),
                  "bad_date"));
  CHECK(has_error(check(statement_document(2, entry(2, "1.00", "CREDIT"))), "bad_indicator"));
  CHECK(
      has_error(check(statement_document(2, entry(2, "1.00", "CRDT", "<RvslInd>maybe</RvslInd>"))),
                "bad_indicator"));
  std::string seq = document(53, 2, statement(53, entry(2, "1.00")));
  seq.replace(seq.find("<CreDtTm>2026-11-20T18:00:00</CreDtTm>"), 0,
              "<ElctrncSeqNb>12a</ElctrncSeqNb>");
  CHECK(has_error(check(seq), "bad_number"));
  CHECK(has_error(check(document(53, 2, statement(53, balance("OPBD", "1.00", "XX")))),
                  "bad_indicator"));
}

TEST_CASE("entries and balances missing mandatory fields are rejected", "[camt][reject]") {
  const std::string no_status =
      statement_document(2, "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>");
  CHECK(has_error(check(no_status), "missing_field"));
  const std::string no_amount =
      statement_document(2, "<Ntry><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>");
  CHECK(has_error(check(no_amount), "missing_field"));
  const std::string no_indicator =
      statement_document(2, "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><Sts>BOOK</Sts></Ntry>");
  CHECK(has_error(check(no_indicator), "missing_field"));
  const std::string no_balance_date = statement_document(
      2,
      "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">1.00</Amt>"
      "<CdtDbtInd>CRDT</CdtDbtInd></Bal>");
  CHECK(has_error(check(no_balance_date), "missing_field"));
  const std::string no_account =
      document(53, 2, "<Stmt><Id>X</Id><Acct><Ccy>EUR</Ccy></Acct>" + entry(2, "1.00") + "</Stmt>");
  CHECK(has_error(check(no_account), "missing_field"));
  const std::string no_id = document(53, 2, "<Stmt>" + account() + entry(2, "1.00") + "</Stmt>");
  CHECK(has_error(check(no_id), "missing_field"));
}

TEST_CASE("more repeated remittance lines than the limit are rejected", "[camt][reject]") {
  std::string lines;
  for (int i = 0; i < 70; ++i) lines += "<Ustrd>line</Ustrd>";
  const std::string doc = statement_document(
      2, entry(2, "1.00", "CRDT",
               "<NtryDtls><TxDtls><RmtInf>" + lines + "</RmtInf></TxDtls></NtryDtls>"));
  CHECK(has_error(check(doc), "too_many_elements"));
}

TEST_CASE("elements of another namespace are skipped even when their names match", "[camt]") {
  const std::string doc = statement_document(
      2,
      "<Ntry xmlns:x=\"urn:example\"><Amt Ccy=\"EUR\">1.00</Amt><x:Amt Ccy=\"EUR\">junk</x:Amt>"
      "<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>");
  Recorder rec;
  const ParseReport r = parse(doc, rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(rec.entries[0].amount.minor() == 100);
}

TEST_CASE("a prefixed document is read the same as a default-namespace one", "[camt]") {
  const std::string doc = "<c:Document xmlns:c=\"" + ns(53, 3) +
                          "\"><c:BkToCstmrStmt><c:GrpHdr><c:MsgId>P</c:MsgId>"
                          "<c:CreDtTm>2026-11-20T10:00:00</c:CreDtTm></c:GrpHdr><c:Stmt>"
                          "<c:Id>S</c:Id><c:Acct><c:Id><c:IBAN>X</c:IBAN></c:Id></c:Acct>"
                          "<c:Ntry><c:Amt Ccy=\"EUR\">3.00</c:Amt><c:CdtDbtInd>DBIT</c:CdtDbtInd>"
                          "<c:Sts>BOOK</c:Sts></c:Ntry></c:Stmt></c:BkToCstmrStmt></c:Document>";
  Recorder rec;
  const ParseReport r = parse(doc, rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(rec.entries.at(0).signed_minor() == -300);
}

TEST_CASE("the visitor is called as items are read, in document order", "[camt][stream]") {
  const std::string body =
      statement(53,
                balance("OPBD", "1.00") +
                    entry(2, "2.00", "CRDT", "<NtryDtls><TxDtls/></NtryDtls>") + entry(2, "3.00"),
                "A") +
      statement(53, entry(2, "4.00"), "B");
  Recorder rec;
  const ParseReport r = parse(document(53, 2, body), rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(rec.events == std::vector<std::string>{"message", "group_header", "statement", "balance",
                                               "entry", "transaction", "entry_end", "entry",
                                               "entry_end", "statement_end", "statement", "entry",
                                               "entry_end", "statement_end"});
  CHECK(rec.entry_ends[2].ordinal == 3);
  CHECK(summary_int(r.summary, "statements") == 2);
  CHECK(summary_int(r.summary, "entries") == 3);
  CHECK(summary_int(r.summary, "credit_total_minor") == 900);
}

TEST_CASE("visitor calls happen before a later error rejects the document", "[camt][stream]") {
  // The bad amount is in the second entry: the first was already reported. Callers act on
  // what they were told only when the report is accepted.
  Recorder rec;
  const ParseReport r = parse(statement_document(2, entry(2, "1.00") + entry(2, "x")), rec);
  CHECK_FALSE(r.accepted);
  CHECK(rec.entries.size() == 1);
  REQUIRE(!r.errors.empty());
  CHECK(r.errors[0].record == 2);
  CHECK(r.errors[0].field == "Ntry/Amt");
}

TEST_CASE("a large statement streams: 20,000 entries, totals exact", "[camt][stream]") {
  std::string entries;
  entries.reserve(20000 * 120);
  for (int i = 0; i < 20000; ++i)
    entries += entry(2, i % 2 ? "1.01" : "2.02", i % 2 ? "DBIT" : "CRDT");
  struct Counter : Visitor {
    std::int64_t n = 0;
    void on_entry(const Statement&, const Entry&) override { ++n; }
  } counter;
  const ParseReport r = parse(statement_document(2, entries), counter);
  REQUIRE(r.accepted);
  CHECK(counter.n == 20000);
  CHECK(summary_int(r.summary, "credit_total_minor") == 10000 * 202);
  CHECK(summary_int(r.summary, "debit_total_minor") == 10000 * 101);
}
