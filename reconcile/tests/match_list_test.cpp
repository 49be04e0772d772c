// The matches of a day, a page at a time.
#include "reconcile/match_list.h"

#include <catch2/catch.hpp>

#include <set>

#include "reconcile/errors.h"
#include "reconcile/tests/deposit_week.h"
#include "reconcile/tests/world.h"

using namespace tally;
using namespace tally::reconcile;
using namespace tally::reconcile::testing;

TEST_CASE("matches of a day: every match the day's run made a page at a time", "[reconcile][match_list]") {
  World w;
  w.publish(deposit_week());
  const RunReport run = w.run(kWeekFriday);
  std::set<std::string> decided;
  for (const auto& e : run.decided)
    if (e.has_reconcile_matched()) decided.insert(events::event_id_of(e).to_hex());
  REQUIRE(decided.size() == 4);

  auto all = matches_on(w.reconciler->store(), kWeekFriday, std::nullopt, kMaxMatchPage);
  REQUIRE(all.ok());
  CHECK_FALSE(all->next_after.has_value());
  std::set<std::string> listed;
  for (const auto& m : all->matches) {
    CHECK(m.date == kWeekFriday);
    listed.insert(m.id.to_hex());
  }
  CHECK(listed == decided);

  std::set<std::string> paged;
  std::optional<EventId> after;
  int pages = 0;
  do {
    auto page = matches_on(w.reconciler->store(), kWeekFriday, after, 3);
    REQUIRE(page.ok());
    REQUIRE(page->matches.size() <= 3);
    for (const auto& m : page->matches) CHECK(paged.insert(m.id.to_hex()).second);  // none twice
    after = page->next_after;
    ++pages;
  } while (after && pages < 10);
  CHECK(pages == 2);
  CHECK(paged == decided);

  auto other_day = matches_on(w.reconciler->store(), kWeekMonday, std::nullopt, 10);
  REQUIRE(other_day.ok());
  CHECK(other_day->matches.empty());
}

TEST_CASE("matches of a day: a limit outside 1..1000 is refused", "[reconcile][match_list]") {
  World w;
  for (std::size_t limit : {std::size_t{0}, kMaxMatchPage + 1}) {
    auto page = matches_on(w.reconciler->store(), kWeekFriday, std::nullopt, limit);
    REQUIRE_FALSE(page.ok());
    CHECK(page.error().code == ReconcileErrc::invalid_argument);
  }
}
