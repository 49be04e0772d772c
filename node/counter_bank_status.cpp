#include "node/counter_bank_status.h"

#include <spdlog/spdlog.h>

#include <set>

namespace tally::node {
namespace {

constexpr std::string_view kUnknown = "unknown";

// A deposit item's status from the match that claims it, if any.
Result<std::string> status_of(const reconcile::Store& store, const reconcile::Item& deposit) {
  TALLY_TRY(const auto claimant, store.claimant(deposit.id));
  if (!claimant) return std::string("in transit");
  TALLY_TRY(const auto match, store.match(*claimant));
  if (!match) return std::string("in transit");  // a claim whose match is not yet applied
  switch (match->match.status()) {
    case events::ReconcileMatched::CONFIRMED:
      return std::string("matched");
    case events::ReconcileMatched::PROPOSED:
      return std::string("proposed");
    default:
      return std::string("in transit");  // a rejected proposal frees its items
  }
}

}  // namespace

std::map<std::string, std::string, std::less<>> deposit_bank_statuses(
    reconcile::Reconciler& reconciler, std::span<const std::string> slip_references) {
  std::map<std::string, std::string, std::less<>> out;
  std::set<std::string_view> wanted;
  for (const std::string& reference : slip_references) {
    out[reference] = "";
    if (!reference.empty()) wanted.insert(reference);  // an open drawer has no slip yet
  }
  if (wanted.empty()) return out;
  const reconcile::Store& store = reconciler.store();
  auto items = store.items();
  if (!items) {
    spdlog::error("counter: the deposits' bank status: {}", items.error().describe());
    for (auto& [reference, status] : out) status = kUnknown;
    return out;
  }
  for (const reconcile::Item& item : *items) {
    if (item.kind != reconcile::ItemKind::deposit || item.channel != "counter" ||
        !wanted.contains(item.reference))
      continue;
    auto status = status_of(store, item);
    if (!status)
      spdlog::error("counter: bank status of {}: {}", item.reference, status.error().describe());
    out[item.reference] = status ? std::move(*status) : std::string(kUnknown);
  }
  return out;
}

std::string deposit_bank_status(reconcile::Reconciler& reconciler,
                                std::string_view slip_reference) {
  const std::string reference(slip_reference);
  return deposit_bank_statuses(reconciler, std::span(&reference, 1)).at(reference);
}

}  // namespace tally::node
