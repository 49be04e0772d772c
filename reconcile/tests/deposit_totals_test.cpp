// The deposit report of a range of days: each day's figures are that day's daily deposit
// report's, the range's sums are the sums of the daily reports, and a bad range is refused.
#include "reconcile/deposit_totals.h"

#include <catch2/catch.hpp>

#include <map>

#include "core/money.h"
#include "reconcile/errors.h"
#include "reconcile/reports.h"
#include "reconcile/tests/deposit_week.h"
#include "reconcile/tests/world.h"

using namespace tally;
using namespace tally::reconcile;
using namespace tally::reconcile::testing;

namespace {

std::int64_t minor_of(const std::string& text) {
  auto money = Money::parse(text, Currency::usd());
  REQUIRE(money.ok());
  return money->minor();
}

// The "By channel" table of a day's deposit report, without its total row, as figures.
std::map<std::string, ChannelTotals> daily_by_channel(const Store& store, BusinessDate date) {
  auto report = deposit_report(store, date);
  REQUIRE(report.ok());
  const ReportTable& table = report->tables.at(0);
  REQUIRE(table.columns == std::vector<std::string>{"channel", "deposits", "declared", "matched", "proposed", "open"});
  std::map<std::string, ChannelTotals> out;
  for (const auto& row : table.rows) {
    if (row[0] == "total") continue;
    ChannelTotals& t = out[row[0]];
    t.deposits = std::stoll(row[1]);
    t.declared_minor = minor_of(row[2]);
    t.matched_minor = minor_of(row[3]);
    t.proposed_minor = minor_of(row[4]);
    t.open_minor = minor_of(row[5]);
  }
  return out;
}

bool same_figures(const ChannelTotals& a, const ChannelTotals& b) {
  return a.deposits == b.deposits && a.declared_minor == b.declared_minor && a.matched_minor == b.matched_minor &&
         a.proposed_minor == b.proposed_minor && a.open_minor == b.open_minor;
}

struct Week {
  World w;
  Week() {
    w.publish(deposit_week());
    const RunReport run = w.run(kWeekFriday);
    REQUIRE(run.confirmed == 3);
    REQUIRE(run.proposed == 1);
  }
  const Store& store() { return w.reconciler->store(); }
};

}  // namespace

TEST_CASE("range: each day is that day's deposit report and the sums are the daily reports' sums", "[reconcile][deposit_totals]") {
  Week week;
  auto days = deposit_totals(week.store(), kWeekMonday, kWeekFriday);
  REQUIRE(days.ok());
  REQUIRE(days->size() == 5);
  std::map<std::string, ChannelTotals> range_sum, daily_sum;
  for (std::size_t i = 0; i < days->size(); ++i) {
    const DayTotals& day = (*days)[i];
    INFO(day.date.to_iso());
    CHECK(day.date == kWeekMonday.plus_days(static_cast<std::int32_t>(i)));
    const auto daily = daily_by_channel(week.store(), day.date);
    REQUIRE(day.channels.size() == daily.size());
    for (const auto& [channel, t] : day.channels) {
      INFO(channel);
      REQUIRE(daily.contains(channel));
      CHECK(same_figures(t, daily.at(channel)));
      range_sum[channel].add(t);
    }
    for (const auto& [channel, t] : daily) daily_sum[channel].add(t);
  }
  REQUIRE(range_sum.size() == 2);
  for (const auto& [channel, t] : daily_sum) CHECK(same_figures(range_sum.at(channel), t));

  // The figures themselves, so a mistake both reports shared would show too.
  CHECK((*days)[1].channels.empty());  // Tuesday
  CHECK((*days)[4].channels.empty());  // Friday
  const ChannelTotals& lockbox = range_sum.at("lockbox");
  CHECK(lockbox.deposits == 3);
  CHECK(lockbox.declared_minor == 454233);
  CHECK(lockbox.matched_minor == 451233);
  CHECK(lockbox.proposed_minor == 3000);
  CHECK(lockbox.open_minor == 0);
  const ChannelTotals& ach = range_sum.at("ach");
  CHECK(ach.deposits == 3);
  CHECK(ach.declared_minor == 1212000);
  CHECK(ach.matched_minor == 1207000);
  CHECK(ach.proposed_minor == 0);
  CHECK(ach.open_minor == 5000);
  CHECK((*days)[2].channels.at("ach").open_minor == 5000);  // Wednesday's, on Wednesday
}

TEST_CASE("range: a day's deposits count on their day only", "[reconcile][deposit_totals]") {
  Week week;
  auto from_tuesday = deposit_totals(week.store(), kWeekMonday.plus_days(1), kWeekMonday.plus_days(2));
  REQUIRE(from_tuesday.ok());
  REQUIRE(from_tuesday->size() == 2);
  CHECK(from_tuesday->front().channels.empty());
  CHECK(from_tuesday->back().channels.at("lockbox").deposits == 2);
  auto one_day = deposit_totals(week.store(), kWeekMonday, kWeekMonday);
  REQUIRE(one_day.ok());
  REQUIRE(one_day->size() == 1);
  CHECK(one_day->front().channels.at("ach").matched_minor == 1200000);
}

TEST_CASE("range: the report form lists each day and channel and the range's totals", "[reconcile][deposit_totals]") {
  Week week;
  auto days = deposit_totals(week.store(), kWeekMonday, kWeekFriday);
  REQUIRE(days.ok());
  const Report r = deposit_range_report(*days);
  CHECK(r.title == "Deposits by day, 2026-11-30 to 2026-12-04");
  REQUIRE(r.tables.size() == 2);
  CHECK(r.tables[1].rows.size() == 5);  // Mon x2, Wed x2, Thu
  CHECK(r.tables[0].rows.back() == std::vector<std::string>{"total", "6", "16662.33", "16582.33", "30.00", "50.00"});
}

TEST_CASE("range: from after to or more than 92 days is refused", "[reconcile][deposit_totals]") {
  Week week;
  auto backwards = deposit_totals(week.store(), kWeekFriday, kWeekMonday);
  REQUIRE_FALSE(backwards.ok());
  CHECK(backwards.error().code == ReconcileErrc::invalid_argument);
  CHECK(backwards.error().message == "from (2026-12-04) is after to (2026-11-30)");
  auto too_long = deposit_totals(week.store(), kWeekMonday, kWeekMonday.plus_days(kMaxRangeDays));
  REQUIRE_FALSE(too_long.ok());
  CHECK(too_long.error().code == ReconcileErrc::invalid_argument);
  CHECK(too_long.error().message.find("at most 92 days") != std::string::npos);
  auto longest = deposit_totals(week.store(), kWeekMonday, kWeekMonday.plus_days(kMaxRangeDays - 1));
  REQUIRE(longest.ok());
  CHECK(longest->size() == 92);
}
