// FileMemory and the registry's memory of files: deposited checks and declared deposits, as a
// corrected re-send and an X9.37 return need them (ingest/file_memory.h).
#include <catch2/catch.hpp>

#include "core/errors.h"
#include "ingest/errors.h"
#include "ingest/file_context.h"
#include "ingest/file_memory.h"
#include "ingest/file_registry.h"
#include "tests/support/temp_dir.h"

namespace {

using namespace tally;
using namespace tally::ingest;

EventId payment(const std::string& name) {
  return EventId::from_business_key("test-payment", {name});
}

std::vector<CoveredPayment> payments(std::initializer_list<const char*> names, std::int64_t amount = 100) {
  std::vector<CoveredPayment> out;
  for (const char* n : names) out.push_back({payment(n), amount});
  return out;
}

std::vector<std::string> names_of(const std::vector<CoveredPayment>& covered,
                                  std::initializer_list<const char*> candidates) {
  std::vector<std::string> out;
  for (const CoveredPayment& c : covered)
    for (const char* n : candidates)
      if (c.payment == payment(n)) out.push_back(n);
  return out;
}

FileContext context() {
  FileContext f;
  f.account_hash_key = std::string(32, 'k');
  return f;
}

}  // namespace

TEST_CASE("a deposit covers only the payments no earlier declaration of its reference covered",
          "[ingest][memory]") {
  FileMemory memory(nullptr);
  auto first = memory.newly_covered("ach:1:1:2026-11-20", payments({"a", "b", "c"}));
  REQUIRE(first.ok());
  CHECK(first->size() == 3);
  // The same batch again, with one late payment: only the late one is new.
  auto again = memory.newly_covered("ach:1:1:2026-11-20", payments({"b", "c", "d"}));
  REQUIRE(again.ok());
  CHECK(names_of(*again, {"a", "b", "c", "d"}) == std::vector<std::string>{"d"});
  // Another reference knows nothing of these.
  auto other = memory.newly_covered("ach:1:2:2026-11-20", payments({"a"}));
  REQUIRE(other.ok());
  CHECK(other->size() == 1);
  // A payment listed twice in one deposit is one payment.
  auto twice = memory.newly_covered("lockbox:9:2026-11-20", payments({"x", "y", "x"}));
  REQUIRE(twice.ok());
  CHECK(names_of(*twice, {"x", "y"}) == std::vector<std::string>{"x", "y"});
}

TEST_CASE("the registry remembers an accepted file's checks and deposits across a reopen",
          "[ingest][memory]") {
  tally::testing::TempDir dir;
  const FileContext file = context();
  const std::string key = *check_key(file, "091000019", "20001234", "1001");
  {
    auto registry = FileRegistry::open(dir.path("ingest"));
    REQUIRE(registry.ok());
    FileMemory memory(registry->get());
    memory.deposited_check({key, "100042", payment("a"), 12345});
    REQUIRE(memory.newly_covered("lockbox:9:2026-11-20", payments({"a", "b"})).ok());
    FileRecord record{std::string(64, 'f'), "lockbox.txt", "lockbox", "accepted", 1, 3, "test", false};
    REQUIRE((*registry)->record(record, &memory).ok());
  }
  auto registry = FileRegistry::open(dir.path("ingest"));
  REQUIRE(registry.ok());
  auto check = (*registry)->find_check(key);
  REQUIRE(check.ok());
  REQUIRE(check->has_value());
  CHECK((*check)->account == "100042");
  CHECK((*check)->payment == payment("a"));
  CHECK((*check)->amount_minor == 12345);
  auto unknown = (*registry)->find_check(*check_key(file, "091000019", "20001234", "1002"));
  REQUIRE(unknown.ok());
  CHECK(!unknown->has_value());

  // A later file re-sending the lockbox day with one more check declares only that one.
  FileMemory later(registry->get());
  auto fresh = later.newly_covered("lockbox:9:2026-11-20", payments({"a", "b", "c"}));
  REQUIRE(fresh.ok());
  CHECK(names_of(*fresh, {"a", "b", "c"}) == std::vector<std::string>{"c"});
}

TEST_CASE("a check's key: the same check however the routing, account and serial are padded",
          "[ingest][memory]") {
  const FileContext file = context();
  const auto key = check_key(file, "091000019", "20001234", "1001");
  REQUIRE(key);
  CHECK(key->rfind("check:", 0) == 0);
  CHECK(check_key(file, "091000019", "0020001234", "001001") == key);  // MICR zero fill
  CHECK(check_key(file, "091000019", "2000-1234", "1001") == key);
  CHECK(check_key(file, "091000019", "20001234", "1002") != key);   // another check
  CHECK(check_key(file, "021000021", "20001234", "1001") != key);   // another bank
  CHECK(check_key(file, "091000019", "20001235", "1001") != key);   // another account
  FileContext other_key = context();
  other_key.account_hash_key = std::string(32, 'z');
  CHECK(check_key(other_key, "091000019", "20001234", "1001") != key);  // keyed
  // Not enough to know the check: no serial, no account, a short routing.
  CHECK(!check_key(file, "091000019", "20001234", ""));
  CHECK(!check_key(file, "091000019", "20001234", "000"));
  CHECK(!check_key(file, "091000019", "00", "1001"));
  CHECK(!check_key(file, "09100001", "20001234", "1001"));
}

TEST_CASE("a file registry that is already open is in use, by its code", "[ingest][registry]") {
  tally::testing::TempDir dir;
  auto first = FileRegistry::open(dir.path("ingest"));
  REQUIRE(first.ok());
  auto second = FileRegistry::open(dir.path("ingest"));
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().code == IngestErrc::in_use);
  CHECK(is_in_use(second.error()));
  // Another module's failure is not taken for it.
  CHECK_FALSE(is_in_use(ingest_error(IngestErrc::registry, "reading the registry")));
}
