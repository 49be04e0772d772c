// A match in words, from what the match event records: its rule, each criterion with what
// Tally expected and what the bank showed, and one sentence. `tally reconcile explain` and
// GET /api/v1/reconcile/matches/{id} use it.
#pragma once

#include <string>
#include <vector>

#include "core/events/codec.h"

namespace tally::reconcile {

struct Criterion {
  std::string name;      // "rule", "reference", "amount", "day_lag", "bank_account", "group"
  std::string expected;  // what the rule asked for, or the Tally side's value
  std::string observed;  // what the bank side showed
  bool met = true;
};

std::vector<Criterion> criteria_of(const events::ReconcileMatched& match);
std::string explanation_of(const events::ReconcileMatched& match);

}  // namespace tally::reconcile
