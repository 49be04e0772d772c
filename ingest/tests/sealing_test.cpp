#include <catch2/catch.hpp>

#include <filesystem>
#include <sys/stat.h>

#include "core/tests/log_fixtures.h"
#include "ingest/sealing.h"

using namespace tally::ingest;

TEST_CASE("sealed account numbers open only with their key and only unaltered", "[ingest][sealing]") {
  const std::string key(32, 'k'), other(32, 'o');
  const std::string sealed = seal(key, "000123456789");
  CHECK(sealed.find("123456789") == std::string::npos);
  CHECK(unseal(key, sealed) == "000123456789");
  CHECK_FALSE(unseal(other, sealed).has_value());
  std::string tampered = sealed;
  tampered[14] = static_cast<char>(tampered[14] ^ 1);
  CHECK_FALSE(unseal(key, tampered).has_value());
  CHECK(seal(key, "1") != seal(key, "1"));  // a fresh nonce each time
}

TEST_CASE("keys are created once, private to the owner, and read back the same", "[ingest][sealing]") {
  tally::testing::TempDir dir;
  auto first = load_keys(dir.path() + "/keys");
  REQUIRE(first.ok());
  auto second = load_keys(dir.path() + "/keys");
  REQUIRE(second.ok());
  CHECK(first->sealing == second->sealing);
  CHECK(first->account_hash == second->account_hash);
  CHECK(first->sealing != first->account_hash);
  struct stat st {};
  REQUIRE(stat((dir.path() + "/keys/sealing.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 077) == 0);
}

TEST_CASE("the keys' fingerprint is the same for the same keys and differs for others", "[ingest][sealing]") {
  const tally::ingest::IngestKeys keys{std::string(32, 'a'), std::string(32, 'b'), std::string(32, 'c')};
  tally::ingest::IngestKeys copy = keys;
  CHECK(tally::ingest::keys_fingerprint(keys) == tally::ingest::keys_fingerprint(copy));
  CHECK(tally::ingest::keys_fingerprint(keys).size() == 32);
  for (auto key : {&tally::ingest::IngestKeys::account_hash, &tally::ingest::IngestKeys::sealing,
                   &tally::ingest::IngestKeys::files}) {
    tally::ingest::IngestKeys other = keys;
    (other.*key)[0] = 'z';  // one byte of one key
    CHECK(tally::ingest::keys_fingerprint(other) != tally::ingest::keys_fingerprint(keys));
  }
  // The key material itself never shows.
  CHECK(tally::ingest::keys_fingerprint(keys).find("aaaa") == std::string::npos);
}
