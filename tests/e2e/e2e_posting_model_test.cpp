// Every payment of every file is posted exactly once, as a property: random days of several
// ACH and lockbox files whose bank numbers restart in every file, with re-sends and corrected
// re-sends (the same payments again, and late ones added), ingested in a random order through
// `tally ingest`; the books must equal a model that knows only which payments are real, and
// verify must account for every record of the log. TALLY_E2E_SEED=n replays one seed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;

namespace {

struct Model {
  std::set<std::tuple<std::int64_t, std::string, std::int64_t>> ach;  // (trace sequence, account, amount)
  std::set<std::string> checks;                                       // check serials
  std::map<std::string, std::int64_t> owed;                           // account -> balance
  std::int64_t ach_transit_minor = 0, lockbox_transit_minor = 0;  // declared, not yet at the bank

  void ach_payment(std::int64_t sequence, const Payment& p) {
    if (!ach.emplace(sequence, p.account, p.amount_minor).second) return;  // a re-send
    owed[p.account] -= p.amount_minor;
    ach_transit_minor += p.amount_minor;
  }
  void check(const demo::Check& c) {
    if (!checks.insert(c.check_number).second) return;
    owed[c.account] -= c.amount_minor;
    lockbox_transit_minor += c.amount_minor;
  }
};

class Day {
 public:
  explicit Day(std::uint64_t seed) : rng_(seed) {}

  Payment payment() {
    return {std::to_string(401000 + pick(0, 11)), pick(100, 99'999)};
  }
  demo::Check check() {
    const std::string serial = std::to_string(++serial_);
    return {std::to_string(401000 + pick(0, 11)), "PAYER " + serial, pick(100, 99'999), serial,
            "091000019", std::to_string(5'500'000 + pick(0, 99'999))};
  }
  std::int64_t pick(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
  }
  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
  int serial_ = 1000;
};

std::vector<std::uint64_t> seeds() {
  if (const char* env = std::getenv("TALLY_E2E_SEED")) return {std::strtoull(env, nullptr, 10)};
  return {1, 2, 3, 4};
}

}  // namespace

TEST_CASE("random days of restarted numbers, re-sends and corrections: the books equal the model",
          "[e2e][posting][model]") {
  for (const std::uint64_t seed : seeds()) {
    INFO("seed " << seed << " (TALLY_E2E_SEED=" << seed << " replays it)");
    Workspace w;
    Day day(seed);
    Model model;
    std::vector<std::pair<std::string, std::string>> files;  // name, content
    char modifier = 'A';

    // ACH files of one originator and day, each numbering its entries from 0000001.
    for (int f = 0, n = static_cast<int>(day.pick(2, 4)); f < n; ++f) {
      std::vector<Payment> payments;
      for (int i = 0, count = static_cast<int>(day.pick(1, 6)); i < count; ++i) payments.push_back(day.payment());
      files.emplace_back("ach-" + std::to_string(f) + ".ach", nacha_payments(payments, 1, modifier++));
      for (std::size_t i = 0; i < payments.size(); ++i) model.ach_payment(static_cast<std::int64_t>(i + 1), payments[i]);
      if (day.pick(0, 1) == 0) continue;
      // A corrected re-send: the payments from `from` on, under their trace numbers, and late
      // ones after them.
      const std::size_t from = static_cast<std::size_t>(day.pick(0, static_cast<std::int64_t>(payments.size()) - 1));
      std::vector<Payment> resend(payments.begin() + static_cast<std::ptrdiff_t>(from), payments.end());
      for (int i = 0, late = static_cast<int>(day.pick(0, 2)); i < late; ++i) resend.push_back(day.payment());
      const auto first_sequence = static_cast<std::int64_t>(from + 1);
      files.emplace_back("ach-" + std::to_string(f) + "-corrected.ach",
                         nacha_payments(resend, first_sequence, modifier++));
      for (std::size_t i = 0; i < resend.size(); ++i)
        model.ach_payment(first_sequence + static_cast<std::int64_t>(i), resend[i]);
    }
    // Lockbox transmissions of one lockbox and day, each numbering from batch 1 item 1.
    const DayFiles base = make_day();
    for (int f = 0, n = static_cast<int>(day.pick(1, 3)); f < n; ++f) {
      demo::Day transmission = base.day;
      transmission.checks.clear();
      for (int i = 0, count = static_cast<int>(day.pick(1, 5)); i < count; ++i) transmission.checks.push_back(day.check());
      std::int64_t sum = 0;
      files.emplace_back("lockbox-" + std::to_string(f) + ".txt", demo::lockbox_file(transmission, sum));
      for (const demo::Check& c : transmission.checks) model.check(c);
      if (day.pick(0, 1) == 0) continue;
      transmission.checks.push_back(day.check());  // re-sent with a late check
      files.emplace_back("lockbox-" + std::to_string(f) + "-resent.txt", demo::lockbox_file(transmission, sum));
      for (const demo::Check& c : transmission.checks) model.check(c);
    }
    std::shuffle(files.begin(), files.end(), day.rng());

    std::vector<std::string> paths;
    for (const auto& [name, content] : files) paths.push_back(w.write(name, content));
    const auto run = ingest(w, paths, 0);
    CHECK(int_of(run.at("accepted")) == static_cast<std::int64_t>(files.size()));
    CHECK(int_of(run.at("files_with_events_not_posted")) == 0);

    const auto books = accounts(w);
    const auto balance_of = [&](const std::string& account) {
      const auto it = books.find(account);
      return it == books.end() ? std::int64_t{0} : it->second;
    };
    for (const auto& [account, owed] : model.owed) {
      INFO("account " << account);
      CHECK(balance_of(customer(account)) == owed);
    }
    CHECK(balance_of("transit:ach") == model.ach_transit_minor);
    CHECK(balance_of("transit:lockbox") == model.lockbox_transit_minor);
    CHECK(balance_of("clearing:ach") == 0);
    CHECK(balance_of("clearing:lockbox") == 0);
    const Verify v = verify(w);
    CHECK(v.ok);
    CHECK(v.log_ok);
  }
}
