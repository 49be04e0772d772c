// A counter on an embedded log of its own, with a ledger posting what it logs, for the tests.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "core/log/embedded_log.h"
#include "counter/counter.h"
#include "ledger/ledger.h"
#include "ledger/service.h"
#include "tests/support/temp_dir.h"

namespace tally::counter::testing {

inline const BusinessDate kToday = BusinessDate::from_ymd(2026, 12, 7).value();

struct CounterWorld {
  tally::testing::TempDir dir;
  std::unique_ptr<log::EmbeddedLog> log;
  std::unique_ptr<Store> store;
  std::unique_ptr<Counter> counter;
  std::unique_ptr<ledger::Ledger> books;
  BusinessDate today = kToday;
  std::vector<CheckTaken> checks;

  explicit CounterWorld(CounterSettings settings = {}) {
    auto opened = log::EmbeddedLog::open({dir.path("log"), 4, true});
    REQUIRE(opened.ok());
    log = std::move(opened).value();
    reopen(std::move(settings));
    ledger::LedgerOptions options;
    options.path = dir.path("ledger");
    auto l = ledger::Ledger::open(options);
    REQUIRE(l.ok());
    books = std::move(l).value();
  }

  // A new Store and Counter on the same folders: as after a restart.
  void reopen(CounterSettings settings = {}) {
    counter.reset();
    store.reset();
    auto s = Store::open(dir.path("counter"));
    REQUIRE(s.ok());
    store = std::move(s).value();
    settings.today = [this] { return today; };
    CounterHooks hooks;
    hooks.account_hash = [](std::string_view routing, std::string_view account) {
      return "hash:" + std::string(routing) + ":" + std::string(account);
    };
    hooks.checks_taken = [this](const std::vector<CheckTaken>& taken) {
      checks.insert(checks.end(), taken.begin(), taken.end());
      return ok_status();
    };
    counter = std::make_unique<Counter>(*log, *store, std::move(settings), std::move(hooks));
  }

  // Posts everything logged so far and answers an account's balance in the books.
  std::int64_t balance(const std::string& account) {
    ledger::LedgerService service(*books, *log, {});
    REQUIRE(service.drain().ok());
    auto b = books->balance(account);
    REQUIRE(b.ok());
    return b->balance_minor;
  }
  std::uint64_t refused() {
    ledger::LedgerService service(*books, *log, {});
    REQUIRE(service.drain().ok());
    return books->counters().refused;
  }
};

inline events::Actor who(std::string user, std::string key = "") {
  return events::Actor{.user = std::move(user), .idempotency_key = std::move(key)};
}

inline TenderInput cash(std::int64_t minor) { return TenderInput{.kind = TenderKind::cash, .amount_minor = minor}; }
inline TenderInput check(std::int64_t minor, std::string number) {
  return TenderInput{.kind = TenderKind::check, .amount_minor = minor, .number = std::move(number),
                     .routing_number = "021000021", .account_number = "123456789"};
}
inline TenderInput money_order(std::int64_t minor, std::string number) {
  return TenderInput{.kind = TenderKind::money_order, .amount_minor = minor, .number = std::move(number)};
}
inline TenderInput card(std::int64_t minor) {
  return TenderInput{.kind = TenderKind::card, .amount_minor = minor, .card_last4 = "4242", .auth_code = "A1B2C3",
                     .card_brand = "VISA"};
}

}  // namespace tally::counter::testing
