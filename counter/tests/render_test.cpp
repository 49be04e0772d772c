// The counter's printed papers and the daily cash report, from sessions built by hand.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <limits>
#include <sstream>
#include <utility>

#include "core/money.h"
#include "counter/cash_report.h"
#include "counter/receipt_render.h"

namespace tally::counter {
namespace {

const Currency kUsd = Currency::usd();
const ReceiptHeader kHeader{"CITY UTILITY"};

// 2026-12-07 at hh:mm UTC, in microseconds since the epoch.
std::int64_t at_us(int hour, int minute) {
  const std::int64_t day = BusinessDate::from_ymd(2026, 12, 7)->days();
  return ((day * 24 + hour) * 60 + minute) * 60'000'000;
}

Tender cash(std::int64_t applied, std::int64_t tendered) {
  Tender t;
  t.kind = TenderKind::cash;
  t.applied_minor = applied;
  t.tendered_minor = tendered;
  t.change_minor = tendered - applied;
  t.method.set_method(events::MethodDetails::CASH);
  return t;
}

Tender check(const std::string& number, const std::string& last4, std::int64_t amount) {
  Tender t;
  t.kind = TenderKind::check;
  t.applied_minor = t.tendered_minor = amount;
  t.method.set_method(events::MethodDetails::CHECK);
  t.method.set_check_number(number);
  t.method.set_account_last4(last4);
  return t;
}

Tender money_order(const std::string& number, std::int64_t amount) {
  Tender t;
  t.kind = TenderKind::money_order;
  t.applied_minor = t.tendered_minor = amount;
  t.method.set_method(events::MethodDetails::MONEY_ORDER);
  t.method.set_check_number(number);
  return t;
}

Tender card(std::int64_t amount) {
  Tender t;
  t.kind = TenderKind::card;
  t.applied_minor = t.tendered_minor = amount;
  t.method.set_method(events::MethodDetails::CARD);
  t.method.set_card_brand("VISA");
  t.method.set_card_last4("4242");
  t.method.set_auth_code("A1B2C3");
  return t;
}

Receipt receipt(std::int32_t number, std::vector<Tender> tenders, std::string language = "en") {
  Receipt r;
  r.number = number;
  r.account = "ACCT-0042";
  r.language = std::move(language);
  r.cashier = "alice";
  r.recorded_at_us = at_us(14, 3);
  for (const Tender& t : tenders) {
    r.amount_minor += t.applied_minor;
    r.change_minor += t.change_minor;
  }
  r.tenders = std::move(tenders);
  return r;
}

void void_it(Receipt& r, bool approved) {
  VoidRecord v;
  v.requested_by = "alice";
  v.request_reason = "wrong account";
  v.requested_at_us = at_us(15, 0);
  if (approved) {
    v.approved_by = "bob";
    v.approval_reason = "customer present";
    v.approved_at_us = at_us(15, 10);
  }
  r.void_record = v;
}

Session session(std::string id = "S-1", std::string drawer = "D1") {
  Session s;
  s.id = std::move(id);
  s.drawer = std::move(drawer);
  s.cashier = "alice";
  s.date = *BusinessDate::from_ymd(2026, 12, 7);
  s.float_minor = 10'000;
  return s;
}

events::CounterItem item(events::MethodDetails::Method method, const std::string& number,
                         const std::string& last4, std::int64_t amount,
                         std::int32_t receipt_number) {
  events::CounterItem i;
  i.set_method(method);
  i.set_number(number);
  i.set_account_last4(last4);
  i.mutable_amount()->set_minor(amount);
  i.mutable_amount()->set_currency("USD");
  i.set_receipt_number(receipt_number);
  return i;
}

// A closed session with cash by denomination, two checks and a money order on its slip.
Session closed_session() {
  Session s = session();
  DepositSlip slip;
  slip.reference = "DS-20261207-D1-1";
  slip.cash = {{2'000, 5}, {100, 20}, {25, 8}};  // $100 + $20 + $2
  slip.cash_minor = 12'200;
  slip.items = {item(events::MethodDetails::CHECK, "1001", "6789", 15'000, 1),
                item(events::MethodDetails::CHECK, "1002", "1111", 2'550, 2),
                item(events::MethodDetails::MONEY_ORDER, "MO-77", "", 4'000, 3)};
  slip.checks_minor = 17'550;
  slip.money_orders_minor = 4'000;
  slip.total_minor = 33'750;
  slip.bank_account = "bank:operating";
  slip.date = s.date;
  CloseRecord close;
  close.closed_by = "alice";
  close.slip = slip;
  s.close = close;
  return s;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Printer columns: one per UTF-8 code point.
std::size_t columns(std::string_view text) {
  std::size_t n = 0;
  for (char ch : text)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  return n;
}

std::string without_blanks(std::string_view text) {
  std::string out;
  for (char ch : text)
    if (ch != ' ' && ch != '\n') out.push_back(ch);
  return out;
}

// RFC 4180 records (quoted fields with "" for a quote), records ending in CRLF.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> records(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"')
        field.push_back(text[++i]);
      else if (ch == '"')
        quoted = false;
      else
        field.push_back(ch);
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      records.back().push_back(std::exchange(field, {}));
    } else if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      records.back().push_back(std::exchange(field, {}));
      records.emplace_back();
      ++i;
    } else {
      field.push_back(ch);
    }
  }
  if (records.back().empty()) records.pop_back();
  return records;
}

std::string money_text(std::int64_t minor) {
  return Money(minor, kUsd).to_string();
}

}  // namespace

TEST_CASE("A receipt in Spanish carries Spanish labels") {
  Session s = session();
  const Receipt r = receipt(7, {check("1001", "6789", 5'000), cash(2'500, 3'000)}, "es");
  for (const std::string& paper : {receipt_html(s, r, kHeader), receipt_text(s, r, kHeader)}) {
    CHECK(paper.find("Recibo 7") != std::string::npos);
    CHECK(paper.find("Cajero") != std::string::npos);
    CHECK(paper.find("Efectivo") != std::string::npos);
    CHECK(paper.find("Cambio") != std::string::npos);
    CHECK(paper.find("Cheque 1001") != std::string::npos);
    CHECK(paper.find("Total pagado") != std::string::npos);
    CHECK(paper.find("Receipt") == std::string::npos);
  }
  CHECK(receipt_html(s, r, kHeader).find("<html lang=\"es\">") != std::string::npos);
}

TEST_CASE("A receipt in an unknown language is in English") {
  const Receipt r = receipt(7, {cash(2'500, 3'000)}, "fr");
  const std::string text = receipt_text(session(), r, kHeader);
  CHECK(text.find("Receipt 7") != std::string::npos);
  CHECK(text.find("Cash") != std::string::npos);
}

TEST_CASE("A receipt shows each tender with masked numbers and the total") {
  Session s = session();
  Receipt r = receipt(3, {check("1001", "6789", 10'000), money_order("MO-77", 2'000), card(123'456),
                          cash(1'000, 2'000)});
  r.payer_name = "Ana Lopez";
  for (const std::string& paper : {receipt_html(s, r, kHeader), receipt_text(s, r, kHeader)}) {
    CHECK(paper.find("CITY UTILITY") != std::string::npos);
    CHECK(paper.find("Receipt 3") != std::string::npos);
    CHECK(paper.find("S-1") != std::string::npos);
    CHECK(paper.find("D1") != std::string::npos);
    CHECK(paper.find("2026-12-07 14:03") != std::string::npos);
    CHECK(paper.find("alice") != std::string::npos);
    CHECK(paper.find("ACCT-0042") != std::string::npos);
    CHECK(paper.find("Ana Lopez") != std::string::npos);
    CHECK(paper.find("Check 1001") != std::string::npos);
    CHECK(paper.find("****6789") != std::string::npos);
    CHECK(paper.find("Money order MO-77") != std::string::npos);
    CHECK(paper.find("VISA ****4242") != std::string::npos);
    CHECK(paper.find("A1B2C3") != std::string::npos);
    CHECK(paper.find("1,234.56") != std::string::npos);  // the card
    CHECK(paper.find("20.00") != std::string::npos);     // cash tendered
    CHECK(paper.find("USD 1,364.56") != std::string::npos);
    CHECK(paper.find("VOID") == std::string::npos);
  }
}

TEST_CASE("Receipt HTML escapes a hostile payer name and office name") {
  Session s = session("S-<1>");
  Receipt r = receipt(1, {cash(1'000, 1'000)});
  r.payer_name = "<script>alert(\"x\")</script> & 'co'";
  const ReceiptHeader header{"<b>CITY</b>"};
  for (const std::string& html : {receipt_html(s, r, header), void_receipt_html(s, r, header)}) {
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<b>") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;") !=
          std::string::npos);
    CHECK(html.find("S-&lt;1&gt;") != std::string::npos);
  }
}

TEST_CASE("Receipt HTML is one small page without external resources") {
  Session s = session();
  std::vector<Tender> tenders;
  for (int k = 0; k < 7; ++k) tenders.push_back(check(std::string(15, '9'), "6789", 1'000'000));
  tenders.push_back(cash(1'000, 1'000'000));
  Receipt r = receipt(10'000, tenders);
  r.payer_name = std::string(kMaxTextBytes, '<');  // each becomes "&lt;"
  r.account = std::string(100, '&');
  void_it(r, true);
  r.void_record->request_reason = std::string(kMaxTextBytes, '"');
  r.void_record->approval_reason = std::string(kMaxTextBytes, '\'');
  for (const std::string& html : {receipt_html(s, r, kHeader), void_receipt_html(s, r, kHeader)}) {
    CHECK(html.size() <= 10 * 1024);
    CHECK(html.rfind("<!doctype html>", 0) == 0);
    CHECK(html.find("</html>") != std::string::npos);
    CHECK(html.find("<style>") != std::string::npos);
    CHECK(html.find("http") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
  }
}

TEST_CASE("Every line of the text papers fits 40 columns and long names wrap without loss") {
  Session s = closed_session();
  s.drawer = "DRAWER-WITH-A-VERY-LONG-IDENTIFIER-THAT-GOES-ON-AND-ON";
  const std::string long_name =
      "María José de la Santísima Trinidad Fernández-Castellanos y Ñúñez "
      "Supercalifragilisticexpialidociousandthensomemoreletters";
  for (const char* language : {"en", "es"}) {
    Receipt r = receipt(9'999,
                        {check("123456789012345", "6789", 999'999'999), card(1'234'567'890),
                         money_order("MO-1234567890", 5), cash(1, 100'000'000)},
                        language);
    r.payer_name = long_name + "\tline\nbreak";
    r.account = std::string(100, 'A');
    void_it(r, true);
    r.void_record->request_reason = long_name;
    const std::vector<std::string> papers = {
        receipt_text(s, r, kHeader), void_receipt_text(s, r, kHeader),
        deposit_slip_text(s, kHeader), deposit_slip_text(session(), kHeader)};
    for (const std::string& paper : papers) {
      for (const std::string& line : lines_of(paper)) {
        INFO(line);
        CHECK(columns(line) <= kPaperColumns);
      }
    }
    const std::string printed = without_blanks(papers[0]);
    CHECK(printed.find(without_blanks(long_name)) != std::string::npos);
    CHECK(printed.find(std::string(100, 'A')) != std::string::npos);
    // The total is right-aligned: it ends the line at the last column.
    const std::string total = "USD " + Money(r.amount_minor, kUsd).to_display();
    bool total_right_aligned = false;
    for (const std::string& line : lines_of(papers[0]))
      if (line.find(total) != std::string::npos)
        total_right_aligned = columns(line) == kPaperColumns && line.ends_with(total);
    CHECK(total_right_aligned);
  }
}

TEST_CASE("A voided receipt says VOID or ANULADO with who requested and who approved") {
  Session s = session();
  Receipt r = receipt(3, {cash(5'000, 5'000)});
  void_it(r, true);
  const std::string text = receipt_text(s, r, kHeader);
  CHECK(text.find("*** VOID ***") != std::string::npos);
  CHECK(text.find("Requested by: alice") != std::string::npos);
  CHECK(text.find("Approved by: bob") != std::string::npos);
  CHECK(receipt_html(s, r, kHeader).find("<div class=\"void\">VOID</div>") != std::string::npos);

  r.language = "es";
  for (const std::string& paper : {receipt_text(s, r, kHeader), receipt_html(s, r, kHeader)}) {
    CHECK(paper.find("ANULADO") != std::string::npos);
    CHECK(paper.find("Solicitado por") != std::string::npos);
    CHECK(paper.find("Aprobado por") != std::string::npos);
  }
}

TEST_CASE("A receipt whose void waits for approval is not marked VOID") {
  Receipt r = receipt(3, {cash(5'000, 5'000)});
  void_it(r, false);
  CHECK(receipt_text(session(), r, kHeader).find("VOID") == std::string::npos);
  CHECK(receipt_html(session(), r, kHeader).find("VOID") == std::string::npos);
  CHECK(void_receipt_text(session(), r, kHeader).find("Approved by: awaiting approval") !=
        std::string::npos);
  CHECK(void_receipt_html(session(), r, kHeader).find("class=\"void\"") == std::string::npos);
}

TEST_CASE("The void receipt names the receipt the amounts and both people with reasons") {
  Session s = session();
  Receipt r = receipt(3, {check("1001", "6789", 5'000), cash(2'500, 3'000)});
  void_it(r, true);
  for (const std::string& paper :
       {void_receipt_text(s, r, kHeader), void_receipt_html(s, r, kHeader)}) {
    CHECK(paper.find("VOID of receipt 3") != std::string::npos);
    CHECK(paper.find("USD 75.00") != std::string::npos);
    CHECK(paper.find("2026-12-07 15:10") != std::string::npos);  // approved
    CHECK(paper.find("2026-12-07 14:03") != std::string::npos);  // the receipt
    CHECK(paper.find("alice") != std::string::npos);
    CHECK(paper.find("wrong account") != std::string::npos);
    CHECK(paper.find("bob") != std::string::npos);
    CHECK(paper.find("customer present") != std::string::npos);
  }
  r.language = "es";
  CHECK(void_receipt_text(s, r, kHeader).find("ANULACIÓN del recibo 3") != std::string::npos);
  CHECK(void_receipt_html(s, r, kHeader).find("ANULACIÓN del recibo 3") != std::string::npos);
}

TEST_CASE("The deposit slip lists each check with its last four and totals that add up") {
  const Session s = closed_session();
  const std::string text = deposit_slip_text(s, kHeader);
  for (const std::string& paper : {text, deposit_slip_html(s, kHeader)}) {
    CHECK(paper.find("DS-20261207-D1-1") != std::string::npos);
    CHECK(paper.find("2026-12-07") != std::string::npos);
    CHECK(paper.find("bank:operating") != std::string::npos);
    CHECK(paper.find("$20") != std::string::npos);
    CHECK(paper.find("25¢") != std::string::npos);
    CHECK(paper.find("****6789") != std::string::npos);
    CHECK(paper.find("****1111") != std::string::npos);
    CHECK(paper.find("MO-77") != std::string::npos);
    CHECK(paper.find("122.00") != std::string::npos);
    CHECK(paper.find("175.50") != std::string::npos);
    CHECK(paper.find("USD 337.50") != std::string::npos);
  }

  // Read the printed text back: the lines under each heading add up to its printed total, and
  // the section totals to the grand total.
  std::int64_t section_sum = 0, totals_sum = 0;
  for (const std::string& line : lines_of(text)) {
    if (line.starts_with("    ")) continue;  // a check's account and receipt: no amount
    const std::size_t last_space = line.rfind(' ');
    if (last_space == std::string::npos) {
      section_sum = 0;  // a heading
      continue;
    }
    const auto value = Money::parse(line.substr(last_space + 1), kUsd);
    if (!value) continue;
    if (line.starts_with("  ")) {
      section_sum += value->minor();
    } else if (line.find("total") != std::string::npos) {
      INFO(line);
      CHECK(value->minor() == section_sum);
      totals_sum += value->minor();
    } else if (line.starts_with("GRAND TOTAL")) {
      CHECK(value->minor() == totals_sum);
    }
  }
  CHECK(totals_sum == 33'750);
  CHECK(text.find("Checks total (2)") != std::string::npos);
  CHECK(text.find("Money orders total (1)") != std::string::npos);
}

TEST_CASE("An open session has no deposit slip") {
  CHECK(deposit_slip_text(session(), kHeader).find("still open") != std::string::npos);
  CHECK(deposit_slip_html(session(), kHeader).find("still open") != std::string::npos);
}

TEST_CASE("UTC times print to the minute on both sides of the epoch") {
  CHECK(utc_minute_text(at_us(14, 3) + 59'999'999) == "2026-12-07 14:03 UTC");
  CHECK(utc_minute_text(0) == "1970-01-01 00:00 UTC");
  CHECK(utc_minute_text(-1) == "1969-12-31 23:59 UTC");
}

namespace {

// Two sessions: the first counted (short by 1.50) and closed; the second open, not counted.
std::vector<Session> day_sessions() {
  Session s1 = closed_session();
  s1.cashier = "Lopez, Ana";
  s1.receipts = {
      receipt(1, {cash(2'500, 3'000), check("1001", "6789", 15'000), check("1002", "1111", 2'550)}),
      receipt(2, {money_order("MO-77", 4'000)}), receipt(3, {cash(9'900, 10'000)}),
      receipt(4, {card(7'000)})};
  void_it(s1.receipts[2], true);
  s1.moves = {{MoveKind::paid_in, 1'000, "coffee fund", "alice", "", "", 0},
              {MoveKind::paid_out, 300, "stamps", "alice", "", "", 0},
              {MoveKind::transfer_in, 5'000, "change", "alice", "S-2", "alice", 0},
              {MoveKind::transfer_out, 2'000, "change", "alice", "S-2", "carol", 0}};
  CountRecord count;
  count.number = 1;
  count.expected_minor = 10'000 + 2'500 + 1'000 - 300 + 5'000 - 2'000;  // 16,200
  count.counted_minor = count.expected_minor - 150;
  count.over_short_minor = -150;
  s1.counts = {count};

  Session s2 = session("S-2", "D2");
  s2.cashier = "=HYPERLINK(\"http://x\")";
  s2.receipts = {receipt(1, {cash(123'456'789, 123'456'789)})};
  return {s1, s2};
}

}  // namespace

TEST_CASE(
    "The cash report CSV has one header and one row per session with expected cash and "
    "over-short") {
  const std::vector<Session> sessions = day_sessions();
  const auto rows =
      cash_report(sessions, [](const Session& s) { return s.id == "S-1" ? "matched" : ""; });
  REQUIRE(rows.size() == 2);
  const auto records = parse_csv(cash_report_csv(rows, kUsd));
  REQUIRE(records.size() == 3);
  const auto& header = records[0];
  const auto col = [&](std::string_view key) {
    const auto it = std::find(header.begin(), header.end(), key);
    REQUIRE(it != header.end());
    return static_cast<std::size_t>(it - header.begin());
  };
  for (const auto& record : records) CHECK(record.size() == header.size());
  const auto& first = records[1];
  const auto& second = records[2];
  CHECK(first[col("business_date")] == "2026-12-07");
  CHECK(first[col("cashier")] == "Lopez, Ana");
  CHECK(first[col("session")] == "S-1");
  CHECK(first[col("opening_float")] == "100.00");
  CHECK(first[col("cash_count")] == "1");  // the voided cash receipt left out
  CHECK(first[col("cash_total")] == "25.00");
  CHECK(first[col("check_count")] == "2");
  CHECK(first[col("check_total")] == "175.50");
  CHECK(first[col("money_order_count")] == "1");
  CHECK(first[col("card_total")] == "70.00");
  CHECK(first[col("void_count")] == "1");
  CHECK(first[col("void_total")] == "99.00");
  CHECK(first[col("paid_in")] == "10.00");
  CHECK(first[col("paid_out")] == "3.00");
  CHECK(first[col("transfers_in")] == "50.00");
  CHECK(first[col("transfers_out")] == "20.00");
  CHECK(first[col("expected_cash")] == "162.00");
  CHECK(first[col("counted_cash")] == "160.50");
  CHECK(first[col("over_short")] == "-1.50");
  CHECK(first[col("deposit_reference")] == "DS-20261207-D1-1");
  CHECK(first[col("deposit_total")] == "337.50");
  CHECK(first[col("bank_status")] == "matched");

  CHECK(second[col("expected_cash")] == money_text(10'000 + 123'456'789));
  CHECK(second[col("expected_cash")] == "1234667.89");
  CHECK(second[col("counted_cash")] == "");
  CHECK(second[col("over_short")] == "");
  CHECK(second[col("deposit_reference")] == "");
  CHECK(second[col("bank_status")] == "");
  CHECK(second[col("cashier")] == "'=HYPERLINK(\"http://x\")");  // never run as a formula
}

TEST_CASE("The cash report without a bank status leaves the column empty") {
  const std::vector<Session> sessions = day_sessions();
  const auto rows = cash_report(sessions, {});
  CHECK(rows[0].bank_status.empty());
  CHECK(rows[1].bank_status.empty());
}

TEST_CASE("The cash report JSON carries amounts as exact decimal strings") {
  const std::vector<Session> sessions = day_sessions();
  const auto rows = cash_report(sessions, {});
  const boost::json::object json = cash_report_json(rows, kUsd);
  CHECK(json.at("currency").as_string() == "USD");
  const auto& list = json.at("rows").as_array();
  REQUIRE(list.size() == 2);
  const auto& first = list[0].as_object();
  CHECK(first.at("expected_cash").as_string() == "162.00");
  CHECK(first.at("over_short").as_string() == "-1.50");
  CHECK(first.at("check_count").as_int64() == 2);
  CHECK(first.at("cashier").as_string() == "Lopez, Ana");
  const auto& second = list[1].as_object();
  CHECK(second.at("expected_cash").as_string() == "1234667.89");
  CHECK(second.at("counted_cash").is_null());
  CHECK(second.at("deposit_total").is_null());
  const auto& totals = json.at("totals").as_object();
  CHECK(totals.at("expected_cash").as_string() == "1234829.89");
  CHECK(totals.at("counted_cash").as_string() == "160.50");
  CHECK(totals.at("opening_float").as_string() == "200.00");
  CHECK(totals.at("cash_count").as_int64() == 2);
  CHECK_FALSE(totals.contains("cashier"));
}

TEST_CASE("The cash report HTML is a printable page with escaped text and a totals row") {
  std::vector<Session> sessions = day_sessions();
  sessions[0].drawer = "<img src=x>";
  const auto rows = cash_report(sessions, {});
  const std::string html = cash_report_html(rows, kUsd, "Cash report <2026-12-07>");
  CHECK(html.rfind("<!doctype html>", 0) == 0);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("&lt;img src=x&gt;") != std::string::npos);
  CHECK(html.find("Cash report &lt;2026-12-07&gt;") != std::string::npos);
  CHECK(html.find("<tfoot>\n<tr><td>Total</td>") != std::string::npos);
  CHECK(html.find("1,234,829.89") != std::string::npos);  // expected cash of the day
  CHECK(html.find("1,234,667.89") != std::string::npos);
}

TEST_CASE("Cash report totals sum the rows and refuse to overflow") {
  std::vector<CashReportRow> rows(2);
  rows[0].paid_in_minor = 100;
  rows[1].paid_in_minor = 250;
  rows[1].counted_cash_minor = 75;
  const auto totals = cash_report_totals(rows);
  REQUIRE(totals);
  CHECK(totals->paid_in_minor == 350);
  CHECK(totals->counted_cash_minor == 75);
  CHECK_FALSE(totals->over_short_minor.has_value());
  rows[0].expected_cash_minor = std::numeric_limits<std::int64_t>::max();
  rows[1].expected_cash_minor = 1;
  CHECK_FALSE(cash_report_totals(rows).has_value());
  CHECK(cash_report_json(rows, kUsd).at("totals").is_null());
}

}  // namespace tally::counter
