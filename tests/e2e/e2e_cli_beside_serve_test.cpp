// While `tally serve` holds the data folder, the CLI's commands go to it through the folder's
// socket (app/remote.h) rather than failing with "data folder in use": each does what it does
// alone, prints the same, and a bad request still exits 2 with the server's message.
#include <catch2/catch.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>

#include <signal.h>

#include <string>
#include <vector>

#include "tests/e2e/e2e_server.h"
#include "tests/e2e/e2e_support.h"
#include "tools/demo/demo.h"

using namespace e2e;

namespace {

constexpr int kServerStartSeconds = 30;

// `tally ARGS...` beside the server: never refused for the folder being in use.
Run beside(const Workspace& w, const std::vector<std::string>& args) {
  const Run r = w.tally(args);
  INFO("tally " << args.front() << " " << (args.size() > 1 ? args[1] : "") << "\nstdout: " << r.out
                << "\nstderr: " << r.err);
  CHECK(r.err.find("in use") == std::string::npos);
  return r;
}

}  // namespace

TEST_CASE("with tally serve running every CLI command goes to it and answers as it does alone",
          "[e2e][serve][cli]") {
  Workspace w;
  const auto date = *tally::BusinessDate::parse_iso("2026-12-04");
  const auto demo = tally::demo::make_demo_day(date);
  REQUIRE(demo.ok());
  std::vector<std::string> files;
  for (const auto& f : *demo) files.push_back(w.write(f.name, f.content));
  REQUIRE(w.tally({"users", "add", "fin", "--role", "finance"}).exit_code == 0);  // alone: the folder is free

  ServerGuard server{w.spawn_tally({"serve", "--port", std::to_string(free_port())})};
  REQUIRE(wait_until_exists(w.data_dir() + "/api.sock", kServerStartSeconds));

  {
    const Run added = beside(w, {"users", "add", "ann", "--role", "billing", "--json"});
    CHECK(added.exit_code == 0);
    CHECK(str_of(json_object(added.out).at("name")) == "ann");

    std::vector<std::string> ingest_args{"ingest", "--user", "ann"};
    ingest_args.insert(ingest_args.end(), files.begin(), files.end());
    const Run ingested = beside(w, ingest_args);
    CHECK(ingested.exit_code == 0);
    for (const auto& f : *demo) CHECK_THAT(ingested.out, Catch::Contains(f.name + ": accepted"));
    CHECK_THAT(ingested.out, Catch::Contains("7 accepted, 0 already ingested, 0 refused"));
    // As when ingesting alone, the files are moved away: the server keeps them.
    for (const std::string& f : files) CHECK_FALSE(exists(f));

    const Run accounts = beside(w, {"ledger", "accounts", "--limit", "500"});
    CHECK(accounts.exit_code == 0);
    CHECK_THAT(accounts.out, Catch::Contains("customer:" + tally::demo::demo_sample_account()));
    CHECK_THAT(accounts.out, Catch::Contains("clearing:lockbox"));

    const Run verified = beside(w, {"ledger", "verify"});
    CHECK(verified.exit_code == 0);
    CHECK_THAT(verified.out, Catch::StartsWith("ledger verified:"));

    const Run listed = beside(w, {"discrepancies", "list", "--json"});
    CHECK(listed.exit_code == 0);
    CHECK(json_object(listed.out).at("discrepancies").is_array());

    const Run reconciled = beside(w, {"reconcile", "run", "--date", "2026-12-04"});
    CHECK(reconciled.exit_code == 0);
    CHECK_THAT(reconciled.out, Catch::StartsWith("reconciled 2026-12-04:"));

    // The server checks the request and says what is wrong: "amount: ..." is its field's name.
    const Run bad = beside(w, {"discrepancies", "resolve", "no-such", "--user", "ann", "--reason", "other",
                               "--amount", "12.3x", "--debit", "expense:bank-fees", "--credit", "transit:card",
                               "--approver", "fin"});
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("tally discrepancies: amount:"));
  }

  // The same questions asked again once the server is gone print the same.
  const std::string customer = tally::demo::demo_sample_account();
  const Run history_there = beside(w, {"ledger", "history", customer, "--json"});
  const Run balance_there = beside(w, {"ledger", "balance", customer});
  CHECK(server.stop() == 0);
  CHECK_FALSE(exists(w.data_dir() + "/api.sock"));
  const Run history_here = w.tally({"ledger", "history", customer, "--json"});
  const Run balance_here = w.tally({"ledger", "balance", customer});
  CHECK(history_here.exit_code == 0);
  CHECK(history_here.out == history_there.out);
  CHECK(balance_here.out == balance_there.out);
  CHECK(verify(w).ok);
}
