// Where an item stands: open, or claimed by a proposal or a confirmed match (and which one).
// The reports read it (reports.h, deposit_totals.h), so the daily deposit report and its range
// form count a deposit the same way.
//
// Threads: any thread beside the apply loop.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "reconcile/store.h"

namespace tally::reconcile {

struct Standing {
  std::string status = "open";  // "open", "proposed", "matched"
  std::optional<StoredMatch> match;
};

Result<Standing> standing_of(const Store& store, const Item& item);

}  // namespace tally::reconcile
