#include <catch2/catch.hpp>

#include <string>

#include "formats/detect/detect.h"

using tally::formats::detect;
using tally::formats::Format;
using tally::formats::format_from_name;
using tally::formats::format_name;

namespace {

std::string pad(std::string line, std::size_t width) {
  line.resize(width, ' ');
  return line;
}

// A NACHA file header: priority 01, destination, origin, date/time, modifier, "094101".
const std::string kNachaHeader =
    pad("101 0210000211234567890"
        "2611221015"
        "A"
        "094101"
        "FIRST CITY BANK        "
        "CITY WATER UTILITY",
        94);
const std::string kNachaBatch =
    pad("5200CITY WATER UTIL                     1234567890PPDUTILITY", 94);
const std::string kNachaEntry = pad("62702100002112345678         0000012345", 94);
const std::string kNachaControl = pad("9000001000001000000010002100002", 94);

std::string ebcdic_x9_header() {
  // "0103T" in EBCDIC, then EBCDIC spaces.
  std::string r = "\xF0\xF1\xF0\xF3\xE3";
  r.resize(80, '\x40');
  return r;
}

std::string length_prefixed(const std::string& record) {
  std::string out(4, '\0');
  out[2] = static_cast<char>((record.size() >> 8) & 0xFF);
  out[3] = static_cast<char>(record.size() & 0xFF);
  return out + record;
}

}  // namespace

TEST_CASE("detect: NACHA by its 94-character file header", "[detect]") {
  CHECK(detect(kNachaHeader + "\n" + kNachaBatch + "\n" + kNachaEntry + "\n" + kNachaControl +
               "\n") == Format::nacha);
  // The whole file on one line.
  CHECK(detect(kNachaHeader + kNachaBatch + kNachaEntry + kNachaControl) == Format::nacha);
  // Trailing spaces trimmed by the sender: the header still carries 094101.
  std::string trimmed = kNachaHeader;
  while (trimmed.back() == ' ') trimmed.pop_back();
  CHECK(detect(trimmed + "\r\n" + kNachaBatch + "\r\n") == Format::nacha);
  // A stray byte before the header shifts it; still NACHA (the reader reports the damage).
  CHECK(detect("1" + kNachaHeader + kNachaBatch) == Format::nacha);
}

TEST_CASE("detect: BAI2 by its 01 file header", "[detect]") {
  CHECK(detect("01,122099999,123456789,261122,0200,1,65,,2/\n"
               "02,031001234,122099999,1,261121,2359,,2/\n") == Format::bai2);
  // A wrong record type in a comma-and-slash file is still BAI2 for the reader to reject.
  CHECK(detect("00,122099999,123456789,261122,0200,1,65,,2/\n") == Format::bai2);
}

TEST_CASE("detect: BAI lockbox by its 1 then 2/5 records", "[detect]") {
  const std::string lockbox =
      "100CITYWATER00021000021261122083000\n"
      "2CITYWATER0021000021000000000040008000801\n"
      "50000000011111261122CITYWATER0021000021\n"
      "6001001000012500005500270700123455550000000180051616JANE Q PUBLIC\n"
      "700100000111112611220010000012500\n"
      "9000008\n";
  CHECK(detect(lockbox) == Format::lockbox);
  CHECK(detect("100CITYWATER\r\n50000000011111261122\r\n") == Format::lockbox);
  // A "1" line followed by text is not a lockbox.
  CHECK(detect("1 apple\nbanana\n") == Format::unknown);
}

TEST_CASE("detect: camt by its ISO 20022 namespace", "[detect]") {
  CHECK(detect("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">"
               "<BkToCstmrStmt/></Document>") == Format::camt);
  CHECK(detect("\xEF\xBB\xBF  <Document xmlns:xsi=\"x\" "
               "xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\">") == Format::camt);
  // Other ISO 20022 messages are not statements.
  CHECK(detect("<?xml version=\"1.0\"?><Document "
               "xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\">") == Format::unknown);
}

TEST_CASE("detect: X9.37 length-prefixed, EBCDIC and line-delimited", "[detect]") {
  const std::string ascii_header = pad("0103T0610001460260731502020102309", 80);
  CHECK(detect(length_prefixed(ascii_header) + length_prefixed(pad("10", 80))) == Format::x9);
  CHECK(detect(length_prefixed(ebcdic_x9_header())) == Format::x9);
  CHECK(detect(ebcdic_x9_header()) == Format::x9);
  CHECK(detect(ascii_header + "\n" + pad("1001T", 80) + "\n") == Format::x9);
}

TEST_CASE("detect: card CSVs by a profile's header row", "[detect]") {
  CHECK(detect("processor,merchant,batch_id,settlement_date,deposit_date,type,card_brand,"
               "last_four,auth_code,processor_reference,our_reference,gross,fees,net,currency,"
               "reason_code,case_id\nacme,M1,B1,2026-11-20,,sale,visa,1111,,T1,,1.00,0,1.00,"
               "USD,,\n") == Format::card);
  CHECK(detect("Company Account,Merchant Account,Psp Reference,Merchant Reference,Payment Method,"
               "Creation Date,TimeZone,Type,Modification Reference,Gross Currency,"
               "Gross Debit (GC),Gross Credit (GC),Exchange Rate,Net Currency,Net Debit (NC),"
               "Net Credit (NC),Commission (NC),Markup (NC),Scheme Fees (NC),Interchange (NC),"
               "Payment Method Variant,Modification Merchant Reference,Batch Number\r\n") ==
        Format::card);
}

TEST_CASE("detect: billing export and autopay enrollment CSVs by header", "[detect]") {
  CHECK(detect("account,bill_date,amount_due,due_date\n1001,2026-11-01,84.20,2026-11-21\n") ==
        Format::billing_csv);
  CHECK(detect("bill_id,account,bill_date,amount_due,due_date\r\n") == Format::billing_csv);
  CHECK(detect("Account,Bill_Date,Amount_Due,Due_Date,Bill_ID\n") == Format::billing_csv);
  CHECK(detect("account,routing,account_number,account_type,start_date\n") == Format::autopay_csv);
  CHECK(detect("routing,account,account_number\n") == Format::autopay_csv);
  // Close but not either: a billing header missing due_date, autopay without the account number.
  CHECK(detect("account,bill_date,amount_due\n") == Format::unknown);
  CHECK(detect("account,routing,account_type\n") == Format::unknown);
}

TEST_CASE("detect: anything else is unknown", "[detect]") {
  CHECK(detect("") == Format::unknown);
  CHECK(detect("hello world\n") == Format::unknown);
  CHECK(detect("a,b,c\n1,2,3\n") == Format::unknown);
  CHECK(detect(std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8)) == Format::unknown);
  CHECK(detect(std::string(100, '\0')) == Format::unknown);
}

TEST_CASE("detect: only the head is looked at", "[detect]") {
  // A NACHA header, then megabytes of anything: same answer, bounded work.
  std::string big = kNachaHeader + "\n" + std::string(4 * 1024 * 1024, 'x');
  CHECK(detect(big) == Format::nacha);
  // A marker beyond the head does not count.
  std::string late = std::string(tally::formats::kDetectBytes, ' ') +
                     "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02";
  CHECK(detect("<" + late) == Format::unknown);
}

TEST_CASE("format names round-trip and accept aliases", "[detect]") {
  for (auto f : {Format::nacha, Format::bai2, Format::lockbox, Format::camt, Format::x9,
                 Format::card, Format::billing_csv, Format::autopay_csv})
    CHECK(format_from_name(format_name(f)) == f);
  CHECK(format_name(Format::unknown) == "unknown");
  CHECK(format_from_name("ACH") == Format::nacha);
  CHECK(format_from_name("camt.053") == Format::camt);
  CHECK(format_from_name("x9.37") == Format::x9);
  CHECK(format_from_name(" Billing ") == Format::billing_csv);
  CHECK_FALSE(format_from_name("unknown"));
  CHECK_FALSE(format_from_name("pdf"));
  CHECK_FALSE(format_from_name(""));
}
