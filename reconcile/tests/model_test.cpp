// The reconciler against a model: random days built so that the truth is known — each
// deposit's fate (its reference on the bank line, found by amount, shown with another
// amount, never shown), the returns the bank debits together, lines nothing expected, a
// bank line repeated — and the reconciler must find exactly the pairs built and raise
// exactly the discrepancies built, each once, whatever the order the events arrive in.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "reconcile/decide.h"
#include "reconcile/tests/fixtures.h"
#include "reconcile/tests/world.h"

using namespace tally;
using namespace tally::reconcile;
using namespace tally::reconcile::testing;

namespace {

const BusinessDate kFirstDay = day(2026, 11, 2);  // a Monday

struct Model {
  std::vector<events::Envelope> events;
  std::map<EventId, std::set<EventId>> pairs;  // expected item -> the bank lines it matches
  std::set<std::pair<events::DiscrepancyKind, EventId>> discrepancies;  // kind, item or line
  std::set<EventId> amount_differences;                                 // expected items
};

// Amounts unique per item so that no pair matches by accident: k-th item of the day, in cents.
std::int64_t unique_amount(int n) { return 100'000 + static_cast<std::int64_t>(n) * 37; }

Model make_model(std::uint64_t seed, int deposits) {
  std::mt19937_64 rng(seed);
  Model m;
  int n = 0;
  for (int k = 0; k < deposits; ++k) {
    const BusinessDate date = bank_calendar::plus_banking_days(kFirstDay, static_cast<std::int32_t>(rng() % 10));
    const BusinessDate booked = bank_calendar::plus_banking_days(date, static_cast<std::int32_t>(rng() % 3));
    const std::string name = "dep" + std::to_string(k), line = "line" + std::to_string(k);
    const std::int64_t amount = unique_amount(n++);
    const EventId dep_id = test_id(name), line_id = test_id(line);
    switch (rng() % 10) {
      case 0:
      case 1:
      case 2:
      case 3:  // the bank repeats the deposit's reference
        m.events.push_back(deposit_event(name, amount, date, "REF-" + std::to_string(k)));
        m.events.push_back(bank_event(line, amount, booked, "B" + std::to_string(k), "REF-" + std::to_string(k)));
        m.pairs[dep_id] = {line_id};
        break;
      case 4:
      case 5:
      case 6:  // no reference in common: found by its amount
        m.events.push_back(deposit_event(name, amount, date, "batch:" + std::to_string(k)));
        m.events.push_back(bank_event(line, amount, booked, "B" + std::to_string(k), ""));
        m.pairs[dep_id] = {line_id};
        break;
      case 7:  // the reference, another amount
        m.events.push_back(deposit_event(name, amount, date, "REF-" + std::to_string(k)));
        m.events.push_back(bank_event(line, amount - 125, booked, "B" + std::to_string(k), "REF-" + std::to_string(k)));
        m.pairs[dep_id] = {line_id};
        m.amount_differences.insert(dep_id);
        break;
      default:  // never at the bank
        m.events.push_back(deposit_event(name, amount, date, "batch:" + std::to_string(k)));
        m.discrepancies.insert({events::MISSING_IN_BANK, dep_id});
        break;
    }
  }
  for (int d = 0; d < 3; ++d) {  // each day's returns, debited together
    const BusinessDate date = bank_calendar::plus_banking_days(kFirstDay, d * 3);
    std::int64_t sum = 0;
    std::set<EventId> members;
    for (int r = 0; r < 2 + d; ++r) {
      const std::string name = "ret" + std::to_string(d) + "-" + std::to_string(r);
      const std::int64_t amount = unique_amount(n++);
      m.events.push_back(return_event(name, amount, date));
      members.insert(test_id(name));
      sum += amount;
    }
    const std::string line = "retline" + std::to_string(d);
    m.events.push_back(bank_event(line, sum, date, "RET" + std::to_string(d), "", false, "RETURN ITEMS"));
    for (const EventId& r : members) m.pairs[r] = {test_id(line)};
  }
  for (int u = 0; u < 4; ++u) {  // lines nothing expected; the last one twice
    const std::string line = "stray" + std::to_string(u);
    const std::int64_t amount = unique_amount(n++) + 1;
    m.events.push_back(bank_event(line, amount, kFirstDay, "S" + std::to_string(u), "", true, "WIRE " + std::to_string(u)));
    m.discrepancies.insert({events::UNEXPECTED_BANK_ITEM, test_id(line)});
    if (u == 3) {
      m.events.push_back(bank_event("stray-again", amount, kFirstDay, "S-again", "", true, "WIRE 3"));
      // The later of the two ids is the repeat.
      const EventId a = test_id(line), b = test_id("stray-again");
      m.discrepancies.erase({events::UNEXPECTED_BANK_ITEM, a});
      m.discrepancies.insert({events::UNEXPECTED_BANK_ITEM, std::min(a, b)});
      m.discrepancies.insert({events::DUPLICATE, std::max(a, b)});
    }
  }
  std::shuffle(m.events.begin(), m.events.end(), rng);  // arrival order must not matter
  return m;
}

}  // namespace

TEST_CASE("random days reconcile exactly as built, whatever the arrival order", "[reconcile][model]") {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    INFO("seed " << seed);
    const Model model = make_model(seed, 60);
    World w;
    w.publish(model.events);
    // Far enough after the last day that every window has passed.
    w.run(bank_calendar::plus_banking_days(kFirstDay, 20));

    // Every expected item is claimed by the match the model built, with its lines.
    for (const auto& [item, lines] : model.pairs) {
      auto owner = w.reconciler->store().claimant(item);
      REQUIRE(owner.ok());
      REQUIRE(owner->has_value());
      auto match = w.reconciler->store().match(**owner);
      REQUIRE(match->has_value());
      CHECK((*match)->match.status() == events::ReconcileMatched::CONFIRMED);
      std::set<EventId> got;
      for (const std::string& id : (*match)->match.bank_line_ids()) got.insert(*EventId::from_bytes(id));
      CHECK(got == lines);
    }
    // Exactly the discrepancies built: each item's once, and the amount differences.
    auto listed = w.reconciler->store().discrepancies();
    REQUIRE(listed.ok());
    std::set<std::pair<events::DiscrepancyKind, EventId>> about_items;
    std::size_t differences = 0;
    for (const DiscrepancyView& d : *listed) {
      REQUIRE(d.raised);
      if (d.raised->kind() == events::AMOUNT_DIFFERENCE) {
        ++differences;
        CHECK(d.raised->amount().minor() == -125);
        continue;
      }
      CHECK(about_items.insert({d.raised->kind(), *EventId::from_bytes(d.raised->related_event_ids(0))}).second);
    }
    CHECK(about_items == model.discrepancies);
    CHECK(differences == model.amount_differences.size());
    // Nothing else is open, and a second run decides nothing.
    auto open = w.reconciler->store().open_items();
    CHECK(open->size() == model.discrepancies.size());  // each missing deposit and each stray line
    CHECK(w.run(bank_calendar::plus_banking_days(kFirstDay, 20)).decided.empty());
  }
}
