#include "reconcile/standing.h"

namespace tally::reconcile {

Result<Standing> standing_of(const Store& store, const Item& item) {
  Standing s;
  TALLY_TRY(auto owner, store.claimant(item.id));
  if (!owner) return s;
  TALLY_TRY(s.match, store.match(*owner));
  if (!s.match) return s;
  s.status = s.match->match.status() == events::ReconcileMatched::PROPOSED ? "proposed" : "matched";
  return s;
}

}  // namespace tally::reconcile
