// `tally letters list|print` after a day whose files hold returned payments and a chargeback
// (api/day_letters.h): one letter per return and chargeback, the same ones however often the
// files come again or the books are replayed from the log, as CSV for a mail house and as one
// page to print in English or Spanish.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <map>
#include <string>

#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;

namespace {

struct Listed {
  boost::json::object letter;
  std::string date;  // the business date it is listed under
};

// Every letter of the days around the demo day in a data folder, by return code; a code seen
// twice fails.
std::map<std::string, Listed> letters_around(const std::string& data_dir, BusinessDate day) {
  std::map<std::string, Listed> out;
  for (int d = -3; d <= 7; ++d) {
    const std::string date = day.plus_days(d).to_iso();
    const auto run = run_tally({"--data-dir", data_dir, "letters", "list", "--date", date, "--json"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const boost::json::object listed = json_object(run.out);
    for (const auto& l : listed.at("letters").as_array()) {
      const std::string code = str_of(l.at("return_code"));
      CHECK(out.count(code) == 0);
      out[code] = {l.as_object(), date};
    }
  }
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("a letter per return and chargeback listed for the mail house and printed in either language",
          "[e2e][letters]") {
  Workspace w;
  const DayFiles f = make_day();
  const std::vector<std::string> files{w.write("01-billing.csv", f.billing), w.write("02-enrollments.csv", f.enrollments),
                                       w.write("03-autopay.ach", f.autopay_ach), w.write("04-card.csv", f.card),
                                       w.write("06-returns.ach", f.returns_ach)};
  ingest(w, files, 0, {"--keep"});
  const auto letters = letters_around(w.data_dir(), f.day.date);
  REQUIRE(letters.size() == 3);  // R01, R02 and the card chargeback (reason 10.4)
  REQUIRE(letters.count("R01") == 1);
  REQUIRE(letters.count("R02") == 1);
  REQUIRE(letters.count("10.4") == 1);
  CHECK(int_of(letters.at("R01").letter.at("fee_minor")) == 2500);
  CHECK(int_of(letters.at("R02").letter.at("fee_minor")) == 0);
  // The chargeback's letter: what the processor took back, no fee; its customer owes it again.
  const auto& chargeback = letters.at("10.4").letter;
  CHECK(int_of(chargeback.at("fee_minor")) == 0);
  CHECK(int_of(chargeback.at("amount_minor")) > 0);
  CHECK(balance(w, customer(str_of(chargeback.at("customer")))) >= int_of(chargeback.at("amount_minor")));

  // The same files again change nothing: still one letter each.
  ingest(w, files, 0, {"--keep"});
  CHECK(letters_around(w.data_dir(), f.day.date).size() == 3);

  // A replay of the log rebuilds the same letters, each once: same ids, days and contents.
  const std::string replayed = w.root() + "/replayed";
  REQUIRE(w.tally({"replay", "--into", replayed}).exit_code == 0);
  const auto rebuilt = letters_around(replayed, f.day.date);
  REQUIRE(rebuilt.size() == letters.size());
  for (const auto& [code, listed] : letters) {
    REQUIRE(rebuilt.count(code) == 1);
    CHECK(rebuilt.at(code).date == listed.date);
    CHECK(boost::json::serialize(rebuilt.at(code).letter) == boost::json::serialize(listed.letter));
  }

  // For the mail house and the printer, on the R01 letter's day.
  const auto& r01 = letters.at("R01").letter;
  const std::string date = letters.at("R01").date;
  const auto csv = w.tally({"letters", "list", "--date", date, "--csv"});
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out.rfind("return_id,date,customer,name,language,return_code,reason,amount,fee,total_due,autopay_removed\r\n", 0) == 0);
  CHECK(csv.out.find("," + str_of(r01.at("customer")) + ",") != std::string::npos);
  CHECK(csv.out.find("25.00") != std::string::npos);
  const std::size_t day_letters = count(csv.out, "\r\n") - 1;
  const auto english = w.tally({"letters", "print", "--date", date});
  REQUIRE(english.exit_code == 0);
  CHECK(count(english.out, "<section class=\"letter\">") == day_letters);
  CHECK(english.out.find("returned to us unpaid") != std::string::npos);
  const std::string page = w.root() + "/letters-es.html";
  REQUIRE(w.tally({"letters", "print", "--date", date, "--lang", "es", "--out", page}).exit_code == 0);
  const std::string spanish = read_file(page);
  CHECK(spanish.find("lang=\"es\"") != std::string::npos);
  CHECK(count(spanish, "<section class=\"letter\">") == day_letters);
  CHECK(w.tally({"letters", "print", "--date", date, "--lang", "fr"}).exit_code == 2);
}
