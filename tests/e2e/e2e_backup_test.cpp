// `tally backup` while `tally serve` ingests a large file, then `backup verify` and `restore`
// into another folder (node/backup.h): the backup verifies, the restored Tally takes the file
// again and finishes, and its books equal a clean run's; a damaged backup does not verify and
// does not restore.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_server.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;
namespace fs = std::filesystem;

namespace {

constexpr int kServerStartSeconds = 30;
constexpr int kEntries = 60'000;
constexpr int kIngestSeconds = 120;

// Flips one byte in the middle of the largest file under `dir`.
void damage_largest_file(const std::string& dir) {
  fs::path largest;
  std::uintmax_t size = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.file_size() > size) {
      size = e.file_size();
      largest = e.path();
    }
  REQUIRE(size > 0);
  std::fstream f(largest, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(size / 2));
  char c = 0;
  f.read(&c, 1);
  f.seekp(static_cast<std::streamoff>(size / 2));
  c = static_cast<char>(c ^ 0x5a);
  f.write(&c, 1);
}

}  // namespace

TEST_CASE("a backup taken while serve ingests a large file verifies and restores to a clean run's books",
          "[e2e][backup]") {
  const DayFiles f = make_day();
  const BigNacha big = big_nacha(kEntries, 3'000, 11);
  Workspace w;
  ingest(w, {w.write("01-billing.csv", f.billing), w.write("02-enrollments.csv", f.enrollments)});
  const std::string admin = add_user(w, "ada", "admin");
  REQUIRE_FALSE(admin.empty());
  const std::string backup_dir = w.root() + "/backup", keys_dir = w.root() + "/keys-apart";
  {
    const std::uint16_t port = free_port();
    ServerGuard server{w.spawn_tally({"serve", "--port", std::to_string(port)})};
    REQUIRE(wait_until_serving(port, kServerStartSeconds));
    // Into the inbox in one rename, so the watcher never sees half a file.
    const std::string staged = w.write("big.ach", big.text);
    fs::rename(staged, w.data_dir() + "/inbox/big.ach");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto taken = w.tally({"backup", backup_dir, "--keys-to", keys_dir, "--user", "ada"});
    INFO(taken.out << taken.err);
    REQUIRE(taken.exit_code == 0);
    CHECK(taken.out.find("keys are in") != std::string::npos);
    for (int i = 0; i < kIngestSeconds * 10 && exists(w.data_dir() + "/inbox/big.ach"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE_FALSE(exists(w.data_dir() + "/inbox/big.ach"));
    CHECK(server.stop() == 0);
  }
  const auto live = accounts(w);

  const auto verified = w.tally({"backup", "verify", backup_dir});
  INFO(verified.out << verified.err);
  CHECK(verified.exit_code == 0);
  CHECK(verified.out.find("whole") != std::string::npos);
  // The keys went apart, not into the backup: no file of it holds a key's bytes.
  std::vector<std::string> keys;
  for (const auto& key : fs::directory_iterator(keys_dir)) keys.push_back(read_file(key.path().string()));
  REQUIRE(keys.size() == 3);
  for (const auto& e : fs::recursive_directory_iterator(backup_dir))
    if (e.is_regular_file())
      for (const std::string& key : keys) CHECK(read_file(e.path().string()).find(key) == std::string::npos);

  // Restored elsewhere, Tally opens where the backup was taken and takes the file again.
  Workspace restored;
  const auto restore = restored.tally({"restore", backup_dir, "--keys", keys_dir});
  INFO(restore.out << restore.err);
  REQUIRE(restore.exit_code == 0);
  ingest(restored, {restored.write("big.ach", big.text)});
  Workspace clean;
  ingest(clean, {clean.write("01-billing.csv", f.billing), clean.write("02-enrollments.csv", f.enrollments),
                 clean.write("big.ach", big.text)});
  const auto expected = accounts(clean);
  CHECK(balance_differences(expected, accounts(restored)).empty());
  CHECK(balance_differences(expected, live).empty());
  CHECK(restored.tally({"ledger", "verify"}).exit_code == 0);

  // Into a folder that is not empty: refused. A damaged backup: listed, and not restored.
  CHECK(restored.tally({"restore", backup_dir, "--keys", keys_dir}).exit_code != 0);
  damage_largest_file(backup_dir);
  const auto damaged = w.tally({"backup", "verify", backup_dir});
  CHECK(damaged.exit_code == 1);
  CHECK(damaged.out.find("SHA-256") != std::string::npos);
  Workspace again;
  CHECK(again.tally({"restore", backup_dir, "--keys", keys_dir}).exit_code != 0);
}
