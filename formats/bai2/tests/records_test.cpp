// Record contents: 01/02 headers, 03 summaries, 16 details, funds types, text, continuation.
#include <catch2/catch.hpp>

#include "formats/bai2/tests/bai2_test_support.h"

using namespace bai2_test;

namespace {

// Parses a one-account file whose body is `body` and REQUIREs acceptance.
Recorder accept_body(std::string_view body, std::int64_t total, int records) {
  Recorder rec;
  const ParseReport r = bai2::parse(one_account_file(body, total, records), rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  return rec;
}

ParseReport check_body(std::string_view body, std::int64_t total, int records) {
  return bai2::check(one_account_file(body, total, records));
}

}  // namespace

TEST_CASE("bai2 reads the 01 and 02 headers", "[bai2]") {
  Recorder rec;
  REQUIRE(bai2::parse(kValidFile, rec).accepted);
  REQUIRE(rec.headers.size() == 1);
  CHECK(rec.headers[0].sender_id == "TALLYBANK");
  CHECK(rec.headers[0].creation_date.to_iso() == "2026-01-05");
  CHECK(rec.headers[0].creation_time.seconds == 8 * 3600);
  CHECK_FALSE(rec.headers[0].physical_record_length.has_value());
  REQUIRE(rec.groups.size() == 1);
  CHECK(rec.groups[0].as_of_date.to_iso() == "2026-01-04");
  CHECK(rec.groups[0].as_of_time->end_of_day());
  CHECK(rec.groups[0].status == bai2::GroupStatus::kUpdate);
  CHECK(rec.groups[0].as_of_date_modifier == 2);
  CHECK(rec.group_currencies[0] == "USD");  // defaulted
}

TEST_CASE("bai2 accepts 9999, 2400 and HH:MM:SS times", "[bai2]") {
  for (const char* time : {"9999", "2400", "08:29:00", "082900", "23:59"}) {
    const std::string header = std::string("01,TALLYBANK,UTILITY01,260105,") + time + ",7,,,2/\n";
    const std::string group = std::string("02,UTILITY01,TALLYBANK,1,260104,") + time + ",,2/\n";
    Recorder rec;
    const ParseReport r =
        bai2::parse(one_account_file("03,1,,010,5,,/\n", 5, 1, header, group), rec);
    INFO(time << "\n" << describe(r));
    CHECK(r.accepted);
  }
  Recorder rec;
  REQUIRE(bai2::parse(one_account_file("03,1,,010,5,,/\n", 5, 1, "01,S,R,260105,9999,7,,,2/\n",
                                       kGroupHeader),
                      rec)
              .accepted);
  CHECK(rec.headers.at(0).creation_time.end_of_day());
}

TEST_CASE("bai2 rejects malformed times and dates", "[bai2]") {
  const auto header = [](const char* date, const char* time) {
    return std::string("01,S,R,") + date + "," + time + ",7,,,2/\n";
  };
  CHECK(has_error(bai2::check(one_account_file("03,1,,,,,/\n", 0, 1, header("260105", "2500"))),
                  "bad_time"));
  CHECK(has_error(bai2::check(one_account_file("03,1,,,,,/\n", 0, 1, header("260105", "12:6"))),
                  "bad_time"));
  CHECK(has_error(bai2::check(one_account_file("03,1,,,,,/\n", 0, 1, header("261305", "0800"))),
                  "bad_date"));
  const ParseReport r =
      bai2::check(one_account_file("03,1,,,,,/\n", 0, 1, kFileHeader, "02,U,T,1,260230,,,2/\n"));
  CHECK(error_with(r, "bad_date").field == "as_of_date");
}

TEST_CASE("bai2 rejects a version other than 2 and a bad group status", "[bai2]") {
  CHECK(
      has_error(bai2::check(one_account_file("03,1,,,,,/\n", 0, 1, "01,S,R,260105,0800,7,,,1/\n")),
                "unsupported_version"));
  CHECK(has_error(
      bai2::check(one_account_file("03,1,,,,,/\n", 0, 1, kFileHeader, "02,U,T,5,260104,,,2/\n")),
      "bad_group_status"));
}

TEST_CASE("bai2 gives each 16 its direction and a name for known codes", "[bai2]") {
  struct Case {
    int code;
    bai2::Direction direction;
    const char* name;
  };
  const Case cases[] = {
      {115, bai2::Direction::kCredit, "Lockbox Deposit"},
      {142, bai2::Direction::kCredit, "ACH Credit Received"},
      {165, bai2::Direction::kCredit, "Preauthorized ACH Credit"},
      {175, bai2::Direction::kCredit, "Check Deposit Package"},
      {257, bai2::Direction::kCredit, "Individual ACH Return Item"},
      {301, bai2::Direction::kCredit, "Commercial Deposit"},
      {475, bai2::Direction::kDebit, "Check Paid"},
      {555, bai2::Direction::kDebit, "Deposited Item Returned"},
      {557, bai2::Direction::kDebit, "Individual ACH Return Item"},
      {698, bai2::Direction::kDebit, "Miscellaneous Fees"},
      {950, bai2::Direction::kCredit, ""},  // customized credit range
      {975, bai2::Direction::kDebit, ""},   // customized debit range
  };
  for (const Case& c : cases) {
    const std::string body = "03,1,,,,,/\n16," + std::to_string(c.code) + ",100,0,,,X/\n";
    const Recorder rec = accept_body(body, 100, 2);
    REQUIRE(rec.transactions.size() == 1);
    CHECK(rec.transactions[0].type_code == c.code);
    CHECK(rec.transactions[0].direction == c.direction);
    CHECK(rec.transactions[0].type_name == c.name);
  }
}

TEST_CASE("bai2 rejects a type code outside the ranges", "[bai2]") {
  for (const char* code : {"800", "000", "891", "12", "1234", "ABC"}) {
    const ParseReport r =
        check_body("03,1,,,,,/\n16," + std::string(code) + ",100,0,,,X/\n", 100, 2);
    INFO(code);
    CHECK_FALSE(r.accepted);
    CHECK(error_with(r, "bad_type_code").field == "type_code");
  }
  CHECK(has_error(check_body("03,1,,850,100,,/\n", 100, 1), "bad_type_code"));
}

TEST_CASE("bai2 rejects a status type code on a 16", "[bai2]") {
  CHECK(has_error(check_body("03,1,,,,,/\n16,010,100,0,,,X/\n", 100, 2), "bad_type_code"));
}

TEST_CASE("bai2 reads the fields of a 16", "[bai2]") {
  const Recorder rec = accept_body(
      "03,0975312468,,,,,/\n16,165,1500000,1,DD1620,CR77, DEALER PAYMENTS\n", 1500000, 2);
  const auto& t = rec.transactions.at(0);
  CHECK(t.amount_minor == 1500000);
  CHECK(t.funds == '1');
  CHECK(t.bank_reference == "DD1620");
  CHECK(t.customer_reference == "CR77");
  CHECK(t.text == "DEALER PAYMENTS");
  CHECK(t.account == "0975312468");  // leading zero kept
  CHECK(t.currency == "USD");
}

TEST_CASE("bai2 16 amounts are unsigned: '+' accepted, '-' rejected", "[bai2]") {
  CHECK(accept_body("03,1,,,,,/\n16,142,+250,0,,,X/\n", 250, 2).transactions.at(0).amount_minor ==
        250);
  const ParseReport r = check_body("03,1,,,,,/\n16,142,-250,0,,,X/\n", -250, 2);
  CHECK(error_with(r, "bad_amount").field == "amount");
}

TEST_CASE("bai2 rejects amounts that are not digits or overflow", "[bai2]") {
  CHECK(has_error(check_body("03,1,,,,,/\n16,142,12.50,0,,,X/\n", 0, 2), "bad_amount"));
  CHECK(has_error(check_body("03,1,,,,,/\n16,142,+,0,,,X/\n", 0, 2), "bad_amount"));
  CHECK(has_error(check_body("03,1,,,,,/\n16,142,99999999999999999999,0,,,X/\n", 0, 2),
                  "amount_overflow"));
  CHECK(has_error(check_body("03,1,,,,,/\n16,142,9223372036854775807,0,,,X/\n"
                             "16,142,1,0,,,Y/\n",
                             0, 3),
                  "amount_overflow"));
}

TEST_CASE("bai2 status amounts may be negative, summary amounts may not", "[bai2]") {
  const Recorder rec = accept_body("03,1,,010,-500,,,015,+700,,/\n", 200, 1);
  REQUIRE(rec.accounts.at(0).summaries.size() == 2);
  CHECK(rec.accounts[0].summaries[0].amount_minor == -500);
  CHECK(has_error(check_body("03,1,,100,-500,2,/\n", -500, 1), "bad_amount"));
}

TEST_CASE("bai2 reads funds types 0, 1, 2, Z and S, V, D with their fields", "[bai2]") {
  const Recorder rec = accept_body(
      "03,1,,190,70000000,4,0,110,70000000,15,D,3,0,20000000,1,30000000,3,20000000/\n"
      "16,115,450000,S,100000,200000,-150000,BR,CR,LOCKBOX\n"
      "16,218,20000000,V,040622,,SP4738,YRC065321/\n"
      "16,195,10,V,040622,1300,,,X\n"
      "16,195,10,2,,,X\n"
      "16,195,10,Z,,,X\n"
      "16,195,10,,,,X\n",
      140000000 + 450000 + 20000000 + 40, 7);
  const auto& acct = rec.accounts.at(0);
  REQUIRE(acct.summaries.size() == 2);
  CHECK(acct.summaries[0].item_count == 4);
  CHECK(acct.summaries[0].funds == '0');
  CHECK(acct.summaries[1].funds == 'D');
  const auto& t = rec.transactions;
  REQUIRE(t.size() == 6);
  CHECK(t[0].funds == 'S');
  CHECK(t[0].availability == std::vector<std::int64_t>{100000, 200000, -150000});
  CHECK(t[0].bank_reference == "BR");
  CHECK(t[1].funds == 'V');
  CHECK(t[1].value_date == "2004-06-22");
  CHECK(t[1].value_time_s == -1);
  CHECK(t[1].customer_reference == "YRC065321");
  CHECK(t[2].value_time_s == 13 * 3600);
  CHECK(t[3].funds == '2');
  CHECK(t[4].funds == 'Z');
  CHECK(t[5].funds == ' ');  // defaulted
}

TEST_CASE("bai2 D availability pairs are delivered and not summed", "[bai2]") {
  const Recorder rec = accept_body("03,1,,,,,/\n16,115,500,D,2,0,300,1,200,,,X\n", 500, 2);
  CHECK(rec.transactions.at(0).availability == std::vector<std::int64_t>{0, 300, 1, 200});
}

TEST_CASE("bai2 rejects bad funds types and incomplete funds fields", "[bai2]") {
  for (const char* funds : {"X", "z", "SS", "3"}) {
    INFO(funds);
    const ParseReport r = check_body("03,1,,,,,/\n16,115,5," + std::string(funds) + ",,,X\n", 5, 2);
    CHECK(error_with(r, "bad_funds_type").field == "funds_type");
  }
  CHECK(has_error(check_body("03,1,,,,,/\n16,115,5,V,041341,,,,X\n", 5, 2), "bad_date"));
  CHECK(has_error(check_body("03,1,,,,,/\n16,115,5,V,040101,2401,,,X\n", 5, 2), "bad_time"));
  CHECK(has_error(check_body("03,1,,,,,/\n16,115,5,D,2,0,5/\n", 5, 2), "missing_field"));
  CHECK(has_error(check_body("03,1,,,,,/\n16,115,5,D,X,0,5,,,T\n", 5, 2), "bad_number"));
  CHECK(has_error(check_body("03,1,,,,,/\n16,115,5,D,999999,0,5,,,T\n", 5, 2), "too_many_fields"));
  CHECK(has_error(check_body("03,1,,,,,/\n16,115,5,S,1,A,3,,,T\n", 5, 2), "bad_amount"));
}

TEST_CASE("bai2 text may contain '/' and ',', it runs to the end of the record", "[bai2]") {
  const Recorder rec = accept_body(
      "03,1,,,,,/\n"
      "16,142,100,0,,,INV 12/34, PAID/IN FULL\n"
      "16,142,100,0,,,A/B/\n"
      "16,142,100,0,,,/\n"
      "16,890,,,,,detail reports will be delayed until 11:00 AM.\n",
      300, 5);
  const auto& t = rec.transactions;
  REQUIRE(t.size() == 4);
  CHECK(t[0].text == "INV 12/34, PAID/IN FULL");
  CHECK(t[1].text == "A/B");  // a '/' closing the line is a delimiter
  CHECK(t[2].text.empty());   // ",/": defaulted text
  CHECK(t[3].amount_minor == -1);
  CHECK(t[3].direction == bai2::Direction::kNone);
  CHECK(t[3].text == "detail reports will be delayed until 11:00 AM.");
}

TEST_CASE("bai2 88 continues a 16's text, and its fields when it ended before the text", "[bai2]") {
  const Recorder rec = accept_body(
      "03,1,,,,,/\n"
      "16,115,10000000,S,5000000,4000000,1000000/\n"
      "88,AX13612,B096132,AMALGAMATED CORP. LOCKBOX\n"
      "88,DEPOSIT-MISC. RECEIVABLES\n"
      "16,451,2500,Z,,,111111     ACH_SETL  /\n"
      "88,       1111111111/\n",
      10002500, 6);
  const auto& t = rec.transactions;
  REQUIRE(t.size() == 2);
  CHECK(t[0].bank_reference == "AX13612");
  CHECK(t[0].customer_reference == "B096132");
  CHECK(t[0].text == "AMALGAMATED CORP. LOCKBOX DEPOSIT-MISC. RECEIVABLES");
  CHECK(t[1].text == "111111     ACH_SETL 1111111111");
}

TEST_CASE("bai2 a 16 wrapped over lines goes on until a line starts a known record", "[bai2]") {
  const Recorder rec = accept_body(
      "03,1,,,,,/\n"
      "16,142,2500,Z,,,111111     ACH_SETL           1111111111\n"
      "111111111111111        /\n"
      "88,       1111111111/\n"
      "16,142,5,Z,,,PAID 12\n"
      "00,UNITS\n",
      2505, 4);
  const auto& t = rec.transactions;
  REQUIRE(t.size() == 2);
  CHECK(t[0].text == "111111     ACH_SETL           1111111111 111111111111111 1111111111");
  CHECK(t[1].text == "PAID 12 00,UNITS");  // "00" is no record code: still text
}

TEST_CASE("bai2 88 continues an 03 with its next field", "[bai2]") {
  const Recorder rec = accept_body(
      "03,9876543210,,010,-500000,,,100,1000000,,,400,2000000,,,190/\n"
      "88,500000,,,110,1000000,,,072,500000,,,074,500000,,,040/\n"
      "88,-1500000,,/\n"
      "16,115,500000,S,,200000,300000,,,LOCK BOX NO.68751/\n",
      4000000, 4);
  const auto& s = rec.accounts.at(0).summaries;
  REQUIRE(s.size() == 8);
  CHECK(s[3].type_code == 190);
  CHECK(s[3].amount_minor == 500000);
  CHECK(s[7].type_code == 40);
  CHECK(s[7].amount_minor == -1500000);
}

TEST_CASE("bai2 an 03 field wrapped at a line break is joined", "[bai2]") {
  const Recorder rec = accept_body("03,1,,010,12\n345,,/\n", 12345, 1);
  CHECK(rec.accounts.at(0).summaries.at(0).amount_minor == 12345);
}

TEST_CASE("bai2 03 item counts and availability amounts are not amounts", "[bai2]") {
  const Recorder rec = accept_body("03,1,,100,3100,3,S,1000,1000,1100,400,3200,3,/\n", 6300, 1);
  CHECK(rec.accounts.at(0).summaries.at(0).item_count == 3);
}

TEST_CASE("bai2 an 03 amount without a type code is an error", "[bai2]") {
  CHECK(has_error(check_body("03,1,,,500,,/\n", 500, 1), "missing_field"));
  CHECK(has_error(check_body(",,,,/\n", 0, 0), "malformed_record"));
  CHECK(has_error(check_body("03,,,010,5,,/\n", 5, 1), "missing_field"));
}

TEST_CASE("bai2 currency: group default USD, 02 and 03 override, unknown rejected", "[bai2]") {
  Recorder rec;
  const ParseReport r =
      bai2::parse(one_account_file("03,1,JPY,010,1500,,/\n16,142,1500,0,,,X\n", 3000, 2,
                                   kFileHeader, "02,U,T,1,260104,,CAD,2/\n"),
                  rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(rec.group_currencies.at(0) == "CAD");
  CHECK(rec.accounts.at(0).currency == "JPY");
  CHECK(rec.transactions.at(0).currency == "JPY");
  CHECK(rec.transactions.at(0).amount_minor == 1500);  // 1500 yen: digits are minor units
  CHECK(has_error(bai2::check(one_account_file("03,1,XXX,010,5,,/\n", 5, 1)), "unknown_currency"));
  CHECK(has_error(bai2::check(one_account_file("03,1,,010,5,,/\n", 5, 1, kFileHeader,
                                               "02,U,T,1,260104,,usd,2/\n")),
                  "unknown_currency"));
}

TEST_CASE("bai2 masks a card number in 16 text, not in references", "[bai2]") {
  Recorder rec;
  const ParseReport r =
      bai2::parse(one_account_file(
                      "03,1,,,,,/\n"
                      "16,142,100,0,4111111111111111,REF,PAID BY CARD 4111 1111 1111 1111 THANKS/\n"
                      "16,142,100,0,,,INV 00012345 00067890 000111/\n",
                      200, 3),
                  rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(has_warning(r, "pan_masked"));
  CHECK(rec.transactions.at(0).text == "PAID BY CARD **** **** **** 1111 THANKS");
  CHECK(rec.transactions.at(0).bank_reference == "4111111111111111");
  CHECK(rec.transactions.at(1).text == "INV 00012345 00067890 000111");  // not a card
  CHECK(r.warnings.size() == 1);
}
