// What the account page reads besides postings: names (and search by them), notices of change,
// return letters, the autopay mandate; and the letter as printed.
#include <catch2/catch.hpp>

#include "ledger/customer_notes.h"
#include "ledger/letter_render.h"
#include "ledger/names.h"
#include "ledger/search.h"
#include "ledger/tests/test_support.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

namespace {

events::Envelope named_payment(const std::string& name, const std::string& account, const std::string& payer) {
  events::Envelope e = payment(name, account, 1000, "REF-" + name);
  e.mutable_payment_received()->set_payer_name(payer);
  return e;
}

events::Envelope notice(const std::string& name, const std::string& account, const std::string& code) {
  events::Envelope e = envelope(name, events::NOTICE_OF_CHANGE);
  auto* n = e.mutable_notice_of_change();
  n->set_account_id(account);
  n->set_change_code(code);
  n->set_corrected_data("****6789");
  return e;
}

}  // namespace

TEST_CASE("names are kept as shown and split into the words search uses", "[ledger][names]") {
  CHECK(payer_name_text("  Ana\t  O'Brien\x01 ") == "Ana O'Brien");
  CHECK(payer_name_text(std::string(300, 'x')).size() == kMaxNameBytes);
  // A cut never splits a UTF-8 character: 99 ASCII bytes then a two-byte letter.
  CHECK(payer_name_text(std::string(99, 'a') + "\xc3\xb1" + "b").size() == 99);
  CHECK(name_words("O'Brien-Smith, ana") == std::vector<std::string>{"O", "BRIEN", "SMITH", "ANA"});
  CHECK(name_words("Peña  peña") == std::vector<std::string>{"PEñA"});
  CHECK(name_words(" ,;- ").empty());
  CHECK(name_words("PAYER 300001 4B") == std::vector<std::string>{"PAYER", "4B"});
  CHECK(name_matches("Ana Smith", name_words("smi an")));
  CHECK_FALSE(name_matches("Ana Smith", name_words("smith bo")));
}

TEST_CASE("a customer is found by any word of a name their payments came with", "[ledger][names]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger, w.records({named_payment("p1", "1001", "Ana Smith"), named_payment("p2", "1002", "Bob SMITHERS"),
                               named_payment("p3", "1003", "Carla Jones"), named_payment("p4", "1001", "Ana Smith"),
                               named_payment("p5", "", "Ana Nobody")}));
  auto found = accounts_by_name(*ledger, "smith", 10);
  REQUIRE(found.ok());
  REQUIRE(found->size() == 2);
  CHECK(found->at(0).account == "customer:1001");
  CHECK(found->at(0).name == "Ana Smith");
  CHECK(found->at(1).account == "customer:1002");
  auto both_words = accounts_by_name(*ledger, "ana smi", 10);
  REQUIRE(both_words.ok());
  REQUIRE(both_words->size() == 1);  // suspense's payer is not a customer
  CHECK(both_words->at(0).account == "customer:1001");
  auto one = accounts_by_name(*ledger, "smith", 1);
  REQUIRE(one.ok());
  CHECK(one->size() == 1);
  auto none = accounts_by_name(*ledger, "zed", 10);
  REQUIRE(none.ok());
  CHECK(none->empty());
  CHECK_FALSE(accounts_by_name(*ledger, " -- ", 10).ok());
}

TEST_CASE("a customer's notes: name, notices of change, letters and autopay", "[ledger][names]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger, w.records({autopay_enrolled("a1", "1001"), named_payment("p1", "1001", "Ana Smith"),
                               notice("n1", "1001", "C01"), notice("n2", "1002", "C02"),
                               payment_return("r1", "p1", "", 1000, "R01")}));
  auto notes = customer_notes(*ledger, "customer:1001");
  REQUIRE(notes.ok());
  CHECK(notes->name == "Ana Smith");
  REQUIRE(notes->notices.size() == 1);
  CHECK(notes->notices[0].event_id == test_id("n1"));
  auto entry = ledger->entry(notes->notices[0].partition, notes->notices[0].sequence);
  REQUIRE(entry.ok());
  CHECK(entry->event_id == test_id("n1"));
  REQUIRE(notes->letters.size() == 1);
  CHECK(notes->letters[0].letter.return_code == "R01");
  CHECK(notes->letters[0].letter.fee_minor == 2500);
  REQUIRE(notes->autopay.has_value());
  CHECK(notes->autopay->enrolled);

  auto letter = letter_for_return(*ledger, "customer:1001", test_id("r1"));
  REQUIRE(letter.ok());
  REQUIRE(letter->has_value());
  CHECK((*letter)->letter.payment_id == test_id("p1"));
  auto other = letter_for_return(*ledger, "customer:1002", test_id("r1"));
  REQUIRE(other.ok());
  CHECK_FALSE(other->has_value());

  auto stranger = customer_notes(*ledger, "customer:9999");
  REQUIRE(stranger.ok());
  CHECK(stranger->name.empty());
  CHECK(stranger->notices.empty());
  CHECK_FALSE(stranger->autopay.has_value());
}

TEST_CASE("a return letter says what, why, the fee and what is owed in the customer's language", "[ledger][letters]") {
  ReturnLetter l;
  l.account = "customer:1001";
  l.return_code = "R01";
  l.reason = "INSUFFICIENT FUNDS";
  l.date = *BusinessDate::parse_iso("2026-12-04");
  l.amount_minor = 12345;
  l.fee_minor = 2500;
  LetterContext c{"CITY UTILITY", "Ana <b>Smith</b>", "1001", true, "en"};
  const std::string en = return_letter_html(l, c);
  CHECK(en.find("lang=\"en\"") != std::string::npos);
  CHECK(en.find("$123.45") != std::string::npos);
  CHECK(en.find("$25.00") != std::string::npos);
  CHECK(en.find("$148.45") != std::string::npos);  // the payment and the fee
  CHECK(en.find("insufficient funds") != std::string::npos);
  CHECK(en.find("Ana &lt;b&gt;Smith&lt;/b&gt;") != std::string::npos);
  CHECK(en.find("<b>Smith") == std::string::npos);
  CHECK(en.find("autopay-removed") != std::string::npos);
  c.language = "es";
  c.autopay_removed = false;
  l.fee_minor = 0;
  const std::string es = return_letter_html(l, c);
  CHECK(es.find("lang=\"es\"") != std::string::npos);
  CHECK(es.find("Fondos insuficientes") != std::string::npos);
  CHECK(es.find("No se ha cobrado") != std::string::npos);
  CHECK(es.find("autopay-removed") == std::string::npos);
  // An unknown code is explained in the bank's own words.
  CHECK(return_reason_words("R99", "SOMETHING ELSE", "es") == "SOMETHING ELSE");
}

TEST_CASE("a return letter keeps the returned entry's reference and one kept before it reads without", "[ledger][letters]") {
  ReturnLetter letter;
  letter.account = "customer:1001";
  letter.return_code = "R01";
  letter.amount_minor = 5000;
  letter.fee_minor = 2500;
  letter.original_reference = "121042880000001";
  std::string value;
  encode_letter(letter, value);
  auto decoded = decode_letter(value);
  REQUIRE(decoded.ok());
  CHECK(decoded->original_reference == "121042880000001");
  CHECK(decoded->fee_minor == 2500);

  // The first layout ended before the reference: its value is this one less the reference
  // (a one-byte length and 15 digits).
  value.resize(value.size() - 1 - letter.original_reference.size());
  auto old = decode_letter(value);
  REQUIRE(old.ok());
  CHECK(old->original_reference.empty());
  CHECK(old->amount_minor == 5000);
}
