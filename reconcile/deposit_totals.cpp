#include "reconcile/deposit_totals.h"

#include <fmt/format.h>

#include "reconcile/errors.h"
#include "reconcile/saturating.h"

namespace tally::reconcile {

void ChannelTotals::add(const Item& deposit, const Standing& standing) {
  currency = deposit.currency;
  ++deposits;
  add_to(declared_minor, deposit.amount_minor);
  add_to(standing.status == "matched"    ? matched_minor
         : standing.status == "proposed" ? proposed_minor
                                         : open_minor,
         deposit.amount_minor);
}

void ChannelTotals::add(const ChannelTotals& other) {
  currency = other.currency;
  deposits += other.deposits;
  add_to(declared_minor, other.declared_minor);
  add_to(matched_minor, other.matched_minor);
  add_to(proposed_minor, other.proposed_minor);
  add_to(open_minor, other.open_minor);
}

std::optional<std::string> range_problem(BusinessDate from, BusinessDate to) {
  if (from > to) return fmt::format("from ({}) is after to ({})", from.to_iso(), to.to_iso());
  // Both dates are in a parsed date's range, so the difference cannot overflow.
  const std::int64_t days = std::int64_t{to.days()} - from.days() + 1;
  if (days > kMaxRangeDays)
    return fmt::format("{} to {} is {} days; a range is at most {} days", from.to_iso(), to.to_iso(), days,
                       kMaxRangeDays);
  return std::nullopt;
}

Result<std::vector<DayTotals>> deposit_totals(const Store& store, BusinessDate from, BusinessDate to) {
  if (auto problem = range_problem(from, to)) return reconcile_error(ReconcileErrc::invalid_argument, *problem);
  std::vector<DayTotals> days;
  for (BusinessDate d = from; d <= to; d = d.plus_days(1)) days.push_back(DayTotals{d, {}});
  TALLY_TRY(auto items, store.items());
  for (const Item& item : items) {
    if (item.kind != ItemKind::deposit || item.date < from || item.date > to) continue;
    TALLY_TRY(Standing s, standing_of(store, item));
    days[static_cast<std::size_t>(item.date.days() - from.days())].channels[item.channel].add(item, s);
  }
  return days;
}

}  // namespace tally::reconcile
