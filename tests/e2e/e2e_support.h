// Support for the end-to-end tests: run the real `tally` binary (TALLY_BINARY, set by CMake)
// as a child process against a temporary data folder, and read its JSON answers.
//
// Each test owns a Workspace: a fresh folder under $TMPDIR holding `data/` (the --data-dir)
// and `in/` (the files the test writes before ingesting them). It is removed when the test
// ends unless TALLY_E2E_KEEP is set (then its path is printed, to look at after a failure).
// Single-threaded: one test, one workspace, children run one at a time unless spawned.
#pragma once

#include <sys/types.h>

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace e2e {

struct Run {
  int exit_code = -1;  // the child's exit status; -signal when a signal ended it
  std::string out, err;
};

class Workspace {
 public:
  Workspace();
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  const std::string& root() const { return root_; }
  std::string data_dir() const { return root_ + "/data"; }
  std::string in_dir() const { return root_ + "/in"; }

  // Writes `content` to in/<name> and returns its path.
  std::string write(const std::string& name, const std::string& content) const;

  // `tally --data-dir <data> ARGS...`, waited for.
  Run tally(const std::vector<std::string>& args) const;
  // The same as if today were `date` (TALLY_TODAY, core/business_date.h): a later business day.
  Run tally_on(const std::string& date, const std::vector<std::string>& args) const;
  // The same, started and not waited for: the caller waits (wait_for) or kills it.
  pid_t spawn_tally(const std::vector<std::string>& args) const;

 private:
  std::string root_;
};

// `tally ARGS...` with no data folder (parse needs none).
Run run_tally(const std::vector<std::string>& args);

// Starts `argv` with stdout and stderr redirected to files; returns the pid.
pid_t spawn(const std::vector<std::string>& argv, const std::string& out_path,
            const std::string& err_path);
// Waits for `pid` and returns its exit code, or -signal.
int wait_for(pid_t pid);

std::string read_file(const std::string& path);
bool exists(const std::string& path);
// Waits up to `seconds` for `path` to exist (a server making its folders); whether it does.
bool wait_until_exists(const std::string& path, int seconds);
// Names of the files in `dir` (not recursive), sorted; empty when it does not exist.
std::vector<std::string> list_dir(const std::string& dir);

// stdout must be exactly one JSON object (whitespace around it allowed): FAILs otherwise.
boost::json::object json_object(const std::string& text);
std::int64_t int_of(const boost::json::value& v);
std::string str_of(const boost::json::value& v);

// Every account with its balance (`tally ledger accounts --json`), in minor units.
std::map<std::string, std::int64_t> accounts(const Workspace& w);
// One account's balance through `tally ledger balance ACCOUNT --json`.
std::int64_t balance(const Workspace& w, const std::string& account);

struct Verify {
  bool ok = false;
  std::int64_t entries = 0, postings = 0, accounts = 0;
  bool log_ok = false;           // every record the ledger consumed is in the books
  std::int64_t log_records = 0;  // records below the consumed positions
};
// `tally ledger verify --json`; CHECKs the exit code agrees with "ok".
Verify verify(const Workspace& w);

// The ledger's counters, read by opening the ledger folder directly (no tally process may
// run): what the CLI does not show (parked returns, refused and conflicting events).
struct LedgerCounters {
  std::uint64_t entries = 0, duplicates = 0, conflicts = 0, refused = 0, parked = 0,
                dead_letters = 0;
};
LedgerCounters ledger_counters(const Workspace& w);

// The JSON of `tally ingest --json FILES...`: REQUIREs the expected exit code.
boost::json::object ingest(const Workspace& w, const std::vector<std::string>& files,
                           int expected_exit = 0, const std::vector<std::string>& extra = {});

// Compares two balance maps account by account (a missing account counts as 0), with a
// readable message naming every difference. Returns "" when they agree.
std::string balance_differences(const std::map<std::string, std::int64_t>& expected,
                                const std::map<std::string, std::int64_t>& actual);

std::string sha256_hex(const std::string& bytes);

}  // namespace e2e
