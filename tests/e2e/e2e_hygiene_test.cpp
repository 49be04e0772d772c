// Input hygiene at the edges: what people's tools write (Excel's byte order mark), what an
// attacker could put in a name (terminal escapes, a symbolic link in the inbox), and what an
// empty answer would hide (an account that never had a posting).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <thread>

#include "tests/e2e/e2e_support.h"

using namespace e2e;

namespace {

const std::string kBills =
    "account,bill_id,bill_date,amount_due,due_date\n100001,B-1,2026-11-02,5.00,2026-11-23\n";

}  // namespace

TEST_CASE("a CSV with a UTF-8 byte order mark, as Excel saves it, is read", "[e2e][hygiene]") {
  Workspace w;
  const auto run = ingest(w, {w.write("bills.csv", "\xEF\xBB\xBF" + kBills)});
  CHECK(int_of(run.at("accepted")) == 1);
  CHECK(balance(w, "100001") == 500);
}

TEST_CASE("control characters in a file name are escaped in what ingest prints", "[e2e][hygiene]") {
  Workspace w;
  const Run r = w.tally({"ingest", w.write("bills\x1b[31m\nFAKE LINE.csv", kBills)});
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK(r.out.find("\nFAKE LINE") == std::string::npos);
  CHECK(r.out.find("bills\\x1b[31m\\x0aFAKE LINE.csv") != std::string::npos);
}

TEST_CASE("the balance of an account that never had a posting says so and exits 1",
          "[e2e][hygiene]") {
  Workspace w;
  ingest(w, {w.write("bills.csv", kBills)});
  const Run r = w.tally({"ledger", "balance", "999999"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("never had a posting") != std::string::npos);
  CHECK(r.out.find("0.00") == std::string::npos);
}

TEST_CASE("the inbox does not follow a symbolic link", "[e2e][hygiene][serve]") {
  Workspace w;
  const std::string target = w.write("bills.csv", kBills);
  const pid_t server = w.spawn_tally({"serve", "--port", "0"});
  const std::string inbox = w.data_dir() + "/inbox";
  REQUIRE(wait_until_exists(inbox, 30));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  REQUIRE(::symlink(target.c_str(), (inbox + "/link.csv").c_str()) == 0);
  // A real file beside it, to know the watcher has scanned the folder since.
  const std::string real = w.write("real.csv.part", "account,bill_id,bill_date,amount_due,due_date\n"
                                                    "100002,B-2,2026-11-02,7.00,2026-11-23\n");
  REQUIRE(std::rename(real.c_str(), (inbox + "/real.csv").c_str()) == 0);
  while (exists(inbox + "/real.csv") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // two more scans
  ::kill(server, SIGTERM);
  CHECK(wait_for(server) == 0);
  CHECK_FALSE(exists(inbox + "/real.csv"));  // the real file was taken ...
  CHECK(exists(inbox + "/link.csv"));        // ... the link left where it is,
  CHECK(exists(target));                     // its target untouched,
  CHECK(balance(w, "100001") == 0);          // and nothing of it posted
  CHECK(balance(w, "100002") == 700);
  CHECK(read_file(w.root() + "/.spawn.stderr").find("symbolic link") != std::string::npos);
}
