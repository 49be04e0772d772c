#include "node/autopay_plan.h"

#include <algorithm>

#include "core/bank_calendar.h"
#include "ledger/ach_returns.h"

namespace tally::node {
namespace {

using ingest::OriginatedKind;

ingest::DueDebit entry_for(const ledger::Mandate& m, OriginatedKind kind, std::int64_t amount_minor) {
  ingest::DueDebit d;
  d.account_id = m.customer_id;
  d.routing = m.state.routing;
  d.savings = m.state.savings;
  d.holder_name = m.state.holder_name;
  d.account_sealed = m.state.account_sealed;
  d.amount_minor = amount_minor;
  d.kind = kind;
  d.mandate = mandate_key(m.state);
  return d;
}

const ingest::OriginatedEntry* find_entry(const std::vector<ingest::OriginatedEntry>& entries,
                                          const std::string& trace) {
  for (const auto& e : entries)
    if (e.trace == trace) return &e;
  return nullptr;
}

bool originated_for(const std::vector<ingest::OriginatedEntry>& entries, OriginatedKind kind,
                    const std::string& returned_trace) {
  return std::any_of(entries.begin(), entries.end(),
                     [&](const auto& e) { return e.kind == kind && e.represents == returned_trace; });
}

// Whether the prenote period keeps this mandate from a live entry on `effective`: it has never
// had an entry (so it gets its prenote now: `needs_prenote`), or its prenote is too recent.
bool waits_for_prenote(const CustomerFacts& facts, BusinessDate effective, int prenote_days, bool& needs_prenote) {
  needs_prenote = false;
  if (prenote_days <= 0) return false;
  const std::string key = mandate_key(facts.due.mandate.state);
  const ingest::OriginatedEntry* prenote = nullptr;
  for (const auto& e : facts.originated) {
    if (e.mandate != key) continue;
    if (e.kind != OriginatedKind::prenote) return false;  // a live entry went to it already
    prenote = &e;
  }
  if (!prenote) {
    needs_prenote = true;
    return true;
  }
  return effective < bank_calendar::plus_banking_days(BusinessDate::from_days(prenote->effective_date), prenote_days);
}

}  // namespace

std::string mandate_key(const ledger::AutopayState& mandate) {
  return mandate.routing + ":" + mandate.account_last4;
}

std::vector<ingest::DueDebit> plan_customer(const CustomerFacts& facts, BusinessDate effective,
                                            const PlanRules& rules, const std::set<std::string>& unposted_files) {
  const ledger::Mandate& mandate = facts.due.mandate;
  std::vector<ingest::DueDebit> out;
  bool needs_prenote = false;
  if (waits_for_prenote(facts, effective, rules.prenote_banking_days, needs_prenote)) {
    if (needs_prenote) out.push_back(entry_for(mandate, OriginatedKind::prenote, 0));
    return out;
  }

  // What is already on its way to the bank counts as paid: against what is owed, and a
  // scheduled regular debit against what the next regular debit may take.
  std::int64_t available = facts.due.owed_minor;
  std::int64_t regular = facts.due.balance_minor;
  for (const auto& e : facts.originated) {
    if (!unposted_files.count(e.file_sha256)) continue;
    available -= e.amount_minor;
    if (e.kind == OriginatedKind::debit) regular -= e.amount_minor;
  }

  for (const ledger::ReturnLetter& r : facts.returns) {
    if (ledger::action_after_return(r.return_code) != ledger::ReturnAction::kRepresentable) continue;
    const ingest::OriginatedEntry* returned = find_entry(facts.originated, r.original_reference);
    if (!returned || returned->kind == OriginatedKind::return_fee || returned->kind == OriginatedKind::prenote)
      continue;  // not a debit Tally originated
    if (originated_for(facts.originated, OriginatedKind::redeposit, returned->trace)) continue;
    const int presentment = returned->presentment + 1;
    const BusinessDate first = BusinessDate::from_days(returned->first_effective_date);
    if (presentment > kMaxRepresentments || effective > first.plus_days(kRepresentmentDays)) continue;
    if (returned->amount_minor > available) continue;  // paid some other way since
    ingest::DueDebit again = entry_for(mandate, OriginatedKind::redeposit, returned->amount_minor);
    again.represents = returned->trace;
    again.presentment = presentment;
    again.first_effective = first;
    available -= again.amount_minor;
    out.push_back(std::move(again));
  }

  if (rules.debit_return_fees)
    for (const ledger::ReturnLetter& r : facts.returns) {
      if (r.fee_minor <= 0 || r.fee_minor > available) continue;
      const ingest::OriginatedEntry* returned = find_entry(facts.originated, r.original_reference);
      if (!returned || originated_for(facts.originated, OriginatedKind::return_fee, returned->trace)) continue;
      ingest::DueDebit fee = entry_for(mandate, OriginatedKind::return_fee, r.fee_minor);
      fee.represents = returned->trace;
      available -= fee.amount_minor;
      out.push_back(std::move(fee));
    }

  regular = std::min(regular, available);
  if (regular > 0) out.push_back(entry_for(mandate, OriginatedKind::debit, regular));
  return out;
}

}  // namespace tally::node
