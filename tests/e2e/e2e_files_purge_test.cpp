// `tally files purge --before DATE` (ingest/file_purge.h): the kept copies of files received
// before the cut go, with their reports; later ones stay; the books and the log keep every
// event; the purge itself is an event in the log; a dry run and a bad cut change nothing.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>

#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;

namespace {

namespace fs = std::filesystem;

// The folder's files whose name starts with the kept copy's "<sha8>-".
std::vector<std::string> kept_of(const std::string& dir, const std::string& sha256) {
  std::vector<std::string> out;
  for (const std::string& name : list_dir(dir))
    if (name.starts_with(sha256.substr(0, 8) + "-")) out.push_back(name);
  return out;
}

void backdate(const std::string& dir, const std::string& sha256, int days) {
  for (const std::string& name : kept_of(dir, sha256))
    fs::last_write_time(dir + "/" + name, fs::file_time_type::clock::now() - std::chrono::hours(24 * days));
}

}  // namespace

TEST_CASE("files purge removes the kept copies received before the cut and records it", "[e2e][files]") {
  Workspace w;
  const DayFiles f = make_day();
  const std::string bad_ach = f.autopay_ach.substr(0, f.autopay_ach.size() / 2);  // cut short: refused
  const std::string old_bills = w.write("bills.csv", f.billing);
  const std::string new_card = w.write("card.csv", f.card);
  const std::string old_bad = w.write("debits.ach", bad_ach);
  ingest(w, {old_bills, new_card, old_bad}, 1);
  const std::string processed = w.data_dir() + "/processed", quarantine = w.data_dir() + "/quarantine";
  const std::string bills_sha = sha256_hex(f.billing), card_sha = sha256_hex(f.card), bad_sha = sha256_hex(bad_ach);
  REQUIRE(kept_of(processed, bills_sha).size() >= 1);
  REQUIRE(kept_of(processed, card_sha).size() >= 1);
  REQUIRE(kept_of(quarantine, bad_sha).size() == 3);  // the copy and its two reports
  backdate(processed, bills_sha, 40);
  backdate(quarantine, bad_sha, 40);
  const auto books_before = accounts(w);
  const Verify verified_before = verify(w);
  const std::string cut = BusinessDate::today_utc().plus_days(-30).to_iso();

  {  // a dry run lists the two old copies and removes nothing
    const Run dry = w.tally({"files", "purge", "--before", cut, "--user", "ops", "--dry-run", "--json"});
    INFO(dry.err);
    REQUIRE(dry.exit_code == 0);
    const auto listed = json_object(dry.out);
    CHECK(listed.at("dry_run").as_bool());
    REQUIRE(listed.at("files").as_array().size() == 2);
    CHECK(int_of(listed.at("events")) == 0);
    CHECK(kept_of(quarantine, bad_sha).size() == 3);
    CHECK(verify(w).log_records == verified_before.log_records);
  }
  {  // a cut after today, or not a date, is refused and changes nothing
    const Run future = w.tally({"files", "purge", "--before", BusinessDate::today_utc().plus_days(2).to_iso(), "--user", "ops"});
    CHECK(future.exit_code == 2);
    CHECK(future.err.find("after today") != std::string::npos);
    CHECK(w.tally({"files", "purge", "--before", "last-year", "--user", "ops"}).exit_code == 2);
    CHECK(w.tally({"files", "purge", "--before", cut}).exit_code != 0);  // who runs it is required
    CHECK(kept_of(processed, bills_sha).size() >= 1);
  }

  const Run purged = w.tally({"files", "purge", "--before", cut, "--user", "ops"});
  INFO(purged.out << purged.err);
  REQUIRE(purged.exit_code == 0);
  CHECK(purged.out.find("2 kept copies of files received before " + cut + " removed") != std::string::npos);
  CHECK(kept_of(processed, bills_sha).empty());
  CHECK(kept_of(quarantine, bad_sha).empty());   // with its reports
  CHECK(kept_of(processed, card_sha).size() >= 1);  // received after the cut: stays
  CHECK(w.tally({"files", "show", bills_sha, "--user", "ops"}).exit_code != 0);
  CHECK(w.tally({"files", "show", card_sha, "--user", "ops"}).exit_code == 0);

  // The books are as they were; the log holds one more record, the purge, in the books too.
  CHECK(balance_differences(books_before, accounts(w)) == "");
  const Verify after = verify(w);
  CHECK(after.ok);
  CHECK(after.log_ok);
  CHECK(after.log_records == verified_before.log_records + 1);
  CHECK(after.entries == verified_before.entries + 1);

  // Nothing is left before the cut: a second purge removes nothing and records nothing.
  const Run again = w.tally({"files", "purge", "--before", cut, "--user", "ops", "--json"});
  REQUIRE(again.exit_code == 0);
  CHECK(json_object(again.out).at("files").as_array().empty());
  CHECK(int_of(json_object(again.out).at("events")) == 0);
  CHECK(verify(w).log_records == after.log_records);

  // The files are still known as received: the same file again is a duplicate, not a new one.
  const auto duplicate = ingest(w, {w.write("bills-again.csv", f.billing)});
  CHECK(int_of(duplicate.at("duplicates")) == 1);
}
