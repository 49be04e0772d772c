// The matches of one business date (the date of the run that made them), a page at a time in
// match id order, each as the store holds it: GET /api/v1/reconcile/matches?date=.
//
// Matches are stored by id ('M', keys.h), not by date, so a page reads the match keys from
// `after` on and keeps those of the date: fine for the matches a day makes, and the cost an
// index by date would remove if the history grows large.
//
// Threads: any thread beside the apply loop (reads only; it takes a Store& because the raw
// database handle is not const).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "core/business_date.h"
#include "core/ids.h"
#include "core/result.h"
#include "reconcile/store.h"

namespace tally::reconcile {

struct MatchPage {
  std::vector<StoredMatch> matches{};
  std::optional<EventId> next_after{};  // the last match of this page when more follow
};

inline constexpr std::size_t kMaxMatchPage = 1000;

// At most `limit` (1..kMaxMatchPage) matches of `date` whose id is after `after`; an
// invalid_argument error for another limit.
Result<MatchPage> matches_on(Store& store, BusinessDate date, const std::optional<EventId>& after, std::size_t limit);

}  // namespace tally::reconcile
