#include "node/not_in_books.h"

#include "core/events/codec.h"

namespace tally::node {

Result<std::vector<NotInBooks>> list_not_in_books(const ledger::Ledger& ledger, std::size_t limit) {
  std::vector<NotInBooks> out;
  TALLY_TRY(auto discrepancies, ledger.discrepancies(limit));
  for (const ledger::NumberedDiscrepancy& n : discrepancies) {
    const ledger::Discrepancy& d = n.discrepancy;
    NotInBooks item;
    item.partition = n.partition;
    item.position = d.position;
    item.since_us = d.recorded_at_us;
    item.reason = d.reason;
    item.code = d.code;
    if (d.event_id.is_nil()) {  // a record that did not decode
      item.kind = "dead_letter";
    } else {
      item.kind = d.kind == events::CONFLICTING_EVENT ? "conflicting" : "refused";
      item.event_id = d.event_id;
      item.event_type = std::string(events::type_name(static_cast<events::EventType>(d.event_type)));
      item.business_date = d.business_date;
    }
    out.push_back(std::move(item));
  }
  if (out.size() >= limit) return out;
  TALLY_TRY(auto parked, ledger.parked(limit - out.size()));
  for (const ledger::ParkedItem& p : parked)
    out.push_back({"parked", p.partition, p.position, p.event_id,
                   std::string(events::type_name(static_cast<events::EventType>(p.event_type))),
                   p.business_date, p.recorded_at_us, "waiting for " + p.waiting_for,
                   std::nullopt});
  return out;
}

}  // namespace tally::node
