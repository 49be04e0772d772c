#include "tests/e2e/e2e_support.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "core/sha256.h"
#include "ledger/ledger.h"

extern char** environ;

namespace e2e {
namespace fs = std::filesystem;

namespace {

std::string temp_root() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/tally-e2e-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  REQUIRE(mkdtemp(buf.data()) != nullptr);
  return buf.data();
}

Run run_argv(const std::vector<std::string>& argv, const std::string& scratch) {
  const std::string out_path = scratch + "/.stdout", err_path = scratch + "/.stderr";
  Run r;
  r.exit_code = wait_for(spawn(argv, out_path, err_path));
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  fs::remove(out_path);
  fs::remove(err_path);
  return r;
}

std::vector<std::string> with_data_dir(const Workspace& w, const std::vector<std::string>& args) {
  std::vector<std::string> argv{TALLY_BINARY, "--data-dir", w.data_dir()};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

}  // namespace

Workspace::Workspace() : root_(temp_root()) {
  fs::create_directories(in_dir());
}

Workspace::~Workspace() {
  if (std::getenv("TALLY_E2E_KEEP")) {
    std::fprintf(stderr, "e2e workspace kept: %s\n", root_.c_str());
    return;
  }
  std::error_code ec;
  fs::remove_all(root_, ec);
}

std::string Workspace::write(const std::string& name, const std::string& content) const {
  const std::string path = in_dir() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  REQUIRE(out.good());
  return path;
}

Run Workspace::tally(const std::vector<std::string>& args) const {
  return run_argv(with_data_dir(*this, args), root_);
}

Run Workspace::tally_on(const std::string& date, const std::vector<std::string>& args) const {
  ::setenv("TALLY_TODAY", date.c_str(), 1);
  Run run = tally(args);
  ::unsetenv("TALLY_TODAY");
  return run;
}

pid_t Workspace::spawn_tally(const std::vector<std::string>& args) const {
  return spawn(with_data_dir(*this, args), root_ + "/.spawn.stdout", root_ + "/.spawn.stderr");
}

Run run_tally(const std::vector<std::string>& args) {
  std::vector<std::string> argv{TALLY_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  const std::string scratch = temp_root();
  Run r = run_argv(argv, scratch);
  std::error_code ec;
  fs::remove_all(scratch, ec);
  return r;
}

pid_t spawn(const std::vector<std::string>& argv, const std::string& out_path,
            const std::string& err_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  INFO("posix_spawn " << argv[0]);
  REQUIRE(rc == 0);
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  pid_t r = -1;
  do {
    r = waitpid(pid, &status, 0);
  } while (r < 0 && errno == EINTR);
  REQUIRE(r == pid);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return -1000;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool exists(const std::string& path) { return fs::exists(path); }

bool wait_until_exists(const std::string& path, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!fs::exists(path) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return fs::exists(path);
}

std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

boost::json::object json_object(const std::string& text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  INFO("expected one JSON object, got: " << text);
  REQUIRE(!ec);
  REQUIRE(v.is_object());
  return v.as_object();
}

std::int64_t int_of(const boost::json::value& v) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64()) return static_cast<std::int64_t>(v.as_uint64());
  FAIL("not an integer: " << boost::json::serialize(v));
  return 0;
}

std::string str_of(const boost::json::value& v) {
  if (!v.is_string()) FAIL("not a string: " << boost::json::serialize(v));
  return std::string(v.as_string());
}

std::map<std::string, std::int64_t> accounts(const Workspace& w) {
  const Run r = w.tally({"ledger", "accounts", "--json", "--limit", "100000"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const boost::json::object o = json_object(r.out);
  std::map<std::string, std::int64_t> out;
  for (const auto& a : o.at("accounts").as_array())
    out[str_of(a.at("account"))] = int_of(a.at("balance_minor"));
  REQUIRE(out.size() < 100000);  // not cut by the limit
  return out;
}

std::int64_t balance(const Workspace& w, const std::string& account) {
  const Run r = w.tally({"ledger", "balance", account, "--json"});
  INFO(account << ": " << r.err);
  // An account that never had a posting is no balance of 0.00 to `tally ledger balance`
  // (exit 1, said so), but it is 0 in the books the tests expect.
  if (r.exit_code == 1 && r.err.find("has never had a posting") != std::string::npos) return 0;
  REQUIRE(r.exit_code == 0);
  return int_of(json_object(r.out).at("balance_minor"));
}

Verify verify(const Workspace& w) {
  const Run r = w.tally({"ledger", "verify", "--json"});
  INFO(r.out << r.err);
  const boost::json::object o = json_object(r.out);
  Verify v;
  v.ok = o.at("ok").as_bool();
  v.entries = int_of(o.at("entries"));
  v.postings = int_of(o.at("postings"));
  v.accounts = int_of(o.at("accounts"));
  v.log_ok = o.at("log").at("ok").as_bool();
  v.log_records = int_of(o.at("log").at("records"));
  CHECK(r.exit_code == (v.ok ? 0 : 1));
  return v;
}

LedgerCounters ledger_counters(const Workspace& w) {
  tally::ledger::LedgerOptions options;
  options.path = w.data_dir() + "/ledger";
  options.create_if_missing = false;
  auto ledger = tally::ledger::Ledger::open(options);
  INFO((ledger ? "" : ledger.error().describe()));
  REQUIRE(ledger.ok());
  const tally::ledger::Counters c = (*ledger)->counters();
  return {c.entries, c.duplicates, c.conflicts, c.refused, c.parked, c.dead_letters};
}

boost::json::object ingest(const Workspace& w, const std::vector<std::string>& files, int expected_exit,
                           const std::vector<std::string>& extra) {
  std::vector<std::string> args{"ingest", "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), files.begin(), files.end());
  const Run r = w.tally(args);
  INFO("tally ingest: exit " << r.exit_code << "\nstdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == expected_exit);
  return json_object(r.out);
}

std::string balance_differences(const std::map<std::string, std::int64_t>& expected,
                                const std::map<std::string, std::int64_t>& actual) {
  std::set<std::string> names;
  for (const auto& [name, value] : expected) names.insert(name);
  for (const auto& [name, value] : actual) names.insert(name);
  std::string out;
  for (const std::string& name : names) {
    const auto e = expected.find(name), a = actual.find(name);
    const std::int64_t ev = e == expected.end() ? 0 : e->second;
    const std::int64_t av = a == actual.end() ? 0 : a->second;
    if (ev != av)
      out += name + ": expected " + std::to_string(ev) + ", ledger has " + std::to_string(av) + "\n";
  }
  return out;
}

std::string sha256_hex(const std::string& bytes) { return tally::to_hex(tally::sha256(bytes)); }

}  // namespace e2e
