// Password hashes (password_hash.h): scrypt with a random salt, the parameters kept beside the
// hash, a constant-time comparison, and stored text that does not decode matching nothing.
#include <catch2/catch.hpp>

#include <string>

#include "api/password_hash.h"

using namespace tally::api;

namespace {

// Cheap parameters for the tests that do not test the defaults: the format is the same.
constexpr ScryptParams kQuick{.log2_n = 10, .r = 8, .p = 1};

}  // namespace

TEST_CASE("the right password matches its hash and a wrong one does not", "[api][password]") {
  const std::string stored = hash_password("correct horse battery", kQuick).value();
  CHECK(password_matches("correct horse battery", stored));
  CHECK_FALSE(password_matches("correct horse batterY", stored));
  CHECK_FALSE(password_matches("correct horse battery ", stored));
  CHECK_FALSE(password_matches("", stored));
}

TEST_CASE("the default parameters are kept beside the hash and match", "[api][password]") {
  const std::string stored = hash_password("a long enough password").value();
  CHECK(stored.starts_with("scrypt$15$8$1$"));
  // scrypt$15$8$1$ + 32 hex of salt + $ + 64 hex of hash
  CHECK(stored.size() == std::string("scrypt$15$8$1$").size() + 32 + 1 + 64);
  CHECK(stored.find("a long enough password") == std::string::npos);
  CHECK(password_matches("a long enough password", stored));
  CHECK_FALSE(password_matches("a long enough passwore", stored));
}

TEST_CASE("two hashes of one password differ and both match it", "[api][password]") {
  const std::string a = hash_password("the same password", kQuick).value();
  const std::string b = hash_password("the same password", kQuick).value();
  CHECK(a != b);
  CHECK(password_matches("the same password", a));
  CHECK(password_matches("the same password", b));
  CHECK(password_version(a) != password_version(b));
  CHECK(password_version(a) == password_version(a));
  CHECK(password_version(a).size() == 16);
}

TEST_CASE("a stored value that does not decode matches nothing and does not crash", "[api][password]") {
  const std::string good = hash_password("some password here", kQuick).value();
  const std::string salt_and_hash = good.substr(std::string("scrypt$10$8$1$").size());
  for (const std::string& bad : {
           std::string(),
           std::string("garbage"),
           std::string("scrypt$"),
           std::string("scrypt$10$8$1$"),
           "bcrypt$10$8$1$" + salt_and_hash,                    // another scheme
           "scrypt$x$8$1$" + salt_and_hash,                     // not a number
           "scrypt$-3$8$1$" + salt_and_hash,                    // below range
           "scrypt$40$8$1$" + salt_and_hash,                    // far too much memory: refused, not run
           "scrypt$20$32$16$" + salt_and_hash,                  // allowed shape, over 64 MiB: scrypt refuses
           "scrypt$10$8$1$" + salt_and_hash.substr(1),           // a hex digit short
           "scrypt$10$8$1$" + salt_and_hash + "$extra",          // a field too many
           "scrypt$10$8$1$" + salt_and_hash.substr(0, 31) + "G" + salt_and_hash.substr(32),  // not hex
           good.substr(0, good.size() - 1) + (good.back() == '0' ? "1" : "0"),  // another hash
       }) {
    INFO(bad);
    CHECK_FALSE(password_matches("some password here", bad));
  }
  CHECK(password_matches("some password here", good));
}

TEST_CASE("the dummy hash of unknown names matches no password", "[api][password]") {
  const std::string_view dummy = unmatchable_password_hash();
  CHECK(dummy.starts_with("scrypt$15$8$1$"));
  CHECK_FALSE(password_matches("", dummy));
  CHECK_FALSE(password_matches("any password at all", dummy));
}
