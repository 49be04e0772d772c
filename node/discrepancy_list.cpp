#include "node/discrepancy_list.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "reconcile/banking_days.h"
#include "reconcile/errors.h"

namespace tally::node {
namespace {

constexpr std::size_t kMaxLedgerItems = 100'000;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

ListedDiscrepancy from_reconcile(const reconcile::DiscrepancyView& view) {
  const events::DiscrepancyRaised& r = *view.raised;
  ListedDiscrepancy d;
  d.id = view.id;
  d.origin = "reconcile";
  d.kind = lower(events::DiscrepancyKind_Name(r.kind()));
  d.status = view.status();
  d.amount_minor = r.amount().minor();
  d.currency = r.amount().currency();
  d.description = r.description();
  d.since = BusinessDate::from_days(r.item_date() != 0 ? r.item_date() : view.raised_on.days());
  d.steps = view.steps;
  d.raised = r;
  return d;
}

}  // namespace

std::string ledger_discrepancy_id(const NotInBooks& item) {
  if (item.event_id) return item.event_id->to_hex();
  return fmt::format("log-{}-{}", item.partition.value(), item.position.value());
}

Result<std::vector<ListedDiscrepancy>> list_discrepancies(const ledger::Ledger& ledger,
                                                          const reconcile::Store& store,
                                                          const DiscrepancyFilter& filter) {
  std::vector<ListedDiscrepancy> all;
  TALLY_TRY(auto views, store.discrepancies());
  std::map<std::string, const reconcile::DiscrepancyView*> steps_of;
  for (const auto& view : views) {
    if (view.raised)
      all.push_back(from_reconcile(view));
    else
      steps_of[view.id] = &view;
  }
  TALLY_TRY(auto items, list_not_in_books(ledger, kMaxLedgerItems));
  for (NotInBooks& item : items) {
    if (filter.ledger_partitions && item.kind != "dead_letter" &&
        std::find(filter.ledger_partitions->begin(), filter.ledger_partitions->end(), item.partition) ==
            filter.ledger_partitions->end())
      continue;
    ListedDiscrepancy d;
    d.id = ledger_discrepancy_id(item);
    d.origin = "ledger";
    d.kind = item.kind;
    d.description = item.reason;
    d.since = item.business_date;
    if (auto it = steps_of.find(d.id); it != steps_of.end()) {
      d.steps = it->second->steps;
      d.status = it->second->status();
    }
    d.ledger_item = std::move(item);
    all.push_back(std::move(d));
  }
  BusinessDate first = filter.today;
  for (const auto& d : all)
    if (d.since) first = std::min(first, *d.since);
  const reconcile::BankingDays days(first, filter.today);
  std::vector<ListedDiscrepancy> out;
  for (ListedDiscrepancy& d : all) {
    if (filter.status && d.status != *filter.status) continue;
    if (out.size() >= filter.limit) break;
    d.age_days = d.since ? std::max(0, days.between(*d.since, filter.today)) : 0;
    // A refused event moves no money until someone acts: its urgency is its age.
    d.severity = reconcile::severity_of(d.amount_minor, d.age_days);
    out.push_back(std::move(d));
  }
  return out;
}

Status step_discrepancy(const ledger::Ledger& ledger, reconcile::Reconciler& reconciler, Step step,
                        const std::string& id, const reconcile::Actor& actor,
                        const reconcile::Resolution& resolution) {
  TALLY_TRY_STATUS(reconciler.catch_up());
  TALLY_TRY(auto own, reconciler.store().discrepancy(id));
  if (!own || !own->raised) {
    TALLY_TRY(auto items, list_not_in_books(ledger, kMaxLedgerItems));
    const bool known = std::any_of(items.begin(), items.end(),
                                   [&](const NotInBooks& item) { return ledger_discrepancy_id(item) == id; });
    if (!known) return reconcile::reconcile_error(reconcile::ReconcileErrc::not_found, "no discrepancy " + id);
  }
  switch (step) {
    case Step::acknowledge:
      return reconciler.acknowledge(id, actor, resolution.note);
    case Step::resolve:
      return reconciler.resolve(id, actor, resolution);
    case Step::reopen:
      return reconciler.reopen(id, actor, resolution.note);
  }
  return ok_status();
}

}  // namespace tally::node
