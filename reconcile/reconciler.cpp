#include "reconcile/reconciler.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/accounts.h"
#include "core/clock.h"
#include "core/currency.h"
#include "core/money.h"
#include "core/events/event_ids.h"
#include "core/sha256.h"
#include "reconcile/decide.h"
#include "reconcile/errors.h"

namespace tally::reconcile {
namespace {

constexpr std::size_t kPublishChunk = 10'000;
constexpr std::size_t kMaxTextBytes = 1000;

constexpr std::array<std::string_view, 7> kReasonCodes = {
    "matched",       // the money was found (a late match, a manual match)
    "written_off",   // a small difference written off (with a books entry)
    "bank_fee",      // the bank kept a fee (with a books entry)
    "bank_error",    // the bank corrected it
    "timing",        // it clears on a later statement
    "duplicate",     // the same item twice; no money moved
    "other",         // see the note
};

// Every command names who asks (a reconcile error, so the CLI and API say invalid_argument).
Status check_who(const Actor& actor) {
  if (auto checked = events::check_actor(actor); !checked)
    return reconcile_error(ReconcileErrc::invalid_argument, checked.error().message);
  return ok_status();
}

}  // namespace

bool known_reason_code(std::string_view code) {
  return std::find(kReasonCodes.begin(), kReasonCodes.end(), code) != kReasonCodes.end();
}

Result<std::unique_ptr<Reconciler>> Reconciler::open(const std::string& path, log::EventLog& log,
                                                     ServiceOptions service_options) {
  TALLY_TRY(auto store, Store::open(path));
  return std::unique_ptr<Reconciler>(new Reconciler(std::move(store), log, service_options));
}

Status Reconciler::catch_up() {
  std::lock_guard lock(mu_);
  return service_.drain();
}

Status Reconciler::serve(std::stop_token stop, const RunOptions& options, const std::function<bool()>& decides_here,
                         int interval_ms) {
  std::uint64_t items_at_last_run = service_.totals().items, records_at_last_poll = service_.applied_records();
  while (!stop.stop_requested()) {
    TALLY_TRY_STATUS(catch_up());
    const std::uint64_t records = service_.applied_records(), items = service_.totals().items;
    const bool quiet = records == records_at_last_poll;
    records_at_last_poll = records;
    // A node that starts deciding (on Kafka, given partition 0) runs once for what arrived
    // since it started: the node deciding before may have stopped before its run.
    if (quiet && items != items_at_last_run && (!decides_here || decides_here())) {
      // A run that cannot decide (a limit, a bad date) is said and retried with the next
      // arrivals; only reading the log or the store stops the service.
      if (auto report = run(options); !report) spdlog::error("reconcile: {}", report.error().describe());
      items_at_last_run = service_.totals().items;
      records_at_last_poll = service_.applied_records();
      serve_runs_.fetch_add(1, std::memory_order_relaxed);
    }
    for (int waited = 0; waited < interval_ms && !stop.stop_requested(); waited += 20)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return ok_status();
}

Status Reconciler::publish(const std::vector<events::Envelope>& decided) {
  std::vector<std::string> encoded;
  std::vector<log::AppendEntry> batch;
  for (std::size_t at = 0; at < decided.size(); at += kPublishChunk) {
    const std::size_t end = std::min(decided.size(), at + kPublishChunk);
    encoded.clear();
    batch.clear();
    encoded.reserve(end - at);
    for (std::size_t k = at; k < end; ++k) encoded.push_back(events::encode(decided[k]));
    for (std::size_t k = at; k < end; ++k) batch.push_back({decided[k].partition_key(), encoded[k - at]});
    auto appended = log_.append(batch);
    if (!appended) return reconcile_error(ReconcileErrc::log, "publishing: " + appended.error().describe());
  }
  return ok_status();
}

namespace {

BusinessDate latest_bank_date(const std::vector<Item>& bank, const std::vector<events::BankBalanceReported>& balances) {
  BusinessDate latest = BusinessDate::from_days(0);
  for (const Item& b : bank) latest = std::max(latest, b.date);
  for (const auto& b : balances) latest = std::max(latest, BusinessDate::from_days(b.balance_date()));
  return latest.days() == 0 ? BusinessDate::today_utc() : latest;
}

void count(RunReport& report, const std::vector<events::Envelope>& decided) {
  for (const events::Envelope& e : decided) {
    if (e.has_reconcile_matched()) {
      const auto& m = e.reconcile_matched();
      (m.status() == events::ReconcileMatched::PROPOSED ? report.proposed : report.confirmed)++;
      report.by_rule[events::ReconcileMatched::Rule_Name(m.rule())]++;
    } else if (e.has_discrepancy_raised()) {
      report.raised[events::DiscrepancyKind_Name(e.discrepancy_raised().kind())]++;
    } else if (e.has_discrepancy_resolved()) {
      ++report.answered;
    } else if (e.has_books_entry_posted()) {
      ++report.books_entries;
    }
  }
}

}  // namespace

Result<RunReport> Reconciler::run(const RunOptions& options) {
  std::lock_guard lock(mu_);
  TALLY_TRY_STATUS(service_.drain());
  TALLY_TRY(std::vector<Item> open, store_->open_items());
  if (open.size() > options.max_open_items)
    return reconcile_error(ReconcileErrc::limit_exceeded,
                           fmt::format("{} open items; a run holds at most {}", open.size(), options.max_open_items));
  std::vector<Item> expected, bank;
  for (Item& item : open) (is_bank(item.kind) ? bank : expected).push_back(std::move(item));
  open.clear();
  open.shrink_to_fit();
  TALLY_TRY(auto balances, store_->balances());
  RunReport report;
  report.date = options.date.value_or(latest_bank_date(bank, balances));
  if (report.date.days() < kFirstItemDay || report.date.days() > kLastItemDay)
    return reconcile_error(ReconcileErrc::invalid_argument, "the run's date is out of range");
  report.open_expected = expected.size();
  report.open_bank = bank.size();
  BusinessDate first = report.date, last = report.date;
  for (const auto* side : {&expected, &bank})
    for (const Item& item : *side) {
      first = std::min(first, item.date);
      last = std::max(last, item.date);
    }
  const BankingDays days(first, last);
  const MatchResult result = match_items(expected, bank, days, options.match);

  DecideInput in{expected, bank, result, report.date, days, options.match, {}, {}, std::move(balances), {}, {}};
  TALLY_TRY(auto discrepancies, store_->discrepancies());
  for (const DiscrepancyView& d : discrepancies) {
    if (!d.raised) continue;
    in.raised.insert(d.id);
    const auto kind = d.raised->kind();
    const bool about_an_item =
        kind == events::MISSING_IN_BANK || kind == events::UNEXPECTED_BANK_ITEM || kind == events::DUPLICATE;
    if (!about_an_item || d.status() == DiscrepancyStatus::resolved || d.raised->related_event_ids_size() != 1) continue;
    if (const auto item = EventId::from_bytes(d.raised->related_event_ids(0)))
      in.open_about[*item] = {d.id, d.steps.empty() ? 0 : d.steps.back().recorded_at_us};
  }
  TALLY_TRY(auto entries, store_->books_entries());
  for (const StoredBooksEntry& e : entries) in.books_entries.insert(e.id);
  TALLY_TRY(in.drawer_closes, store_->drawer_closes());
  report.decided = decide(in);
  count(report, report.decided);
  TALLY_TRY(report.seen_again, store_->seen_again());
  if (options.dry_run || report.decided.empty()) return report;
  TALLY_TRY_STATUS(publish(report.decided));
  report.published = true;
  // Durable now. The state takes the decisions at once, without reading them back.
  std::unordered_map<EventId, const Item*> by_id;
  for (const Found& f : result.matches) {
    for (auto i : f.expected) by_id.emplace(expected[i].id, &expected[i]);
    for (auto j : f.bank) by_id.emplace(bank[j].id, &bank[j]);
  }
  TALLY_TRY_STATUS(apply_decided(*store_, report.decided, [&](const EventId& id) -> const Item* {
    const auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : it->second;
  }));
  return report;
}

namespace {

// What a books entry that resolves a discrepancy must be for the ledger to post it
// (ledger/rules_reconcile.cpp): said here, before anything is published.
Status check_entry(const events::BooksEntryPosted& entry, const Actor& actor) {
  for (const std::string* account : {&entry.debit_account(), &entry.credit_account()})
    if (!accounts::takes_books_entries(*account))
      return reconcile_error(ReconcileErrc::invalid_argument,
                             fmt::format("a resolution may not post to '{}' (bank, transit, clearing, expense, revenue, "
                                         "equity and adjustments accounts may take it)",
                                         account->substr(0, 64)));
  if (entry.debit_account() == entry.credit_account())
    return reconcile_error(ReconcileErrc::invalid_argument, "a resolution debits and credits two accounts");
  if (entry.amount().minor() <= 0 || entry.amount().minor() > kMaxAmountMinor ||
      !Currency::from_code(entry.amount().currency()))
    return reconcile_error(ReconcileErrc::invalid_argument, "a resolution moves a positive amount in a known currency");
  if (entry.approver().empty() || entry.approver() == actor.user)
    return reconcile_error(ReconcileErrc::invalid_argument,
                           "a resolution that moves money needs an approver other than the requester");
  return ok_status();
}

}  // namespace

Result<events::Envelope> Reconciler::prepare_step(const std::string& id, const Actor& actor,
                                                  events::DiscrepancyResolved step) {
  TALLY_TRY(auto current, store_->discrepancy(id));
  const DiscrepancyStatus status = current ? current->status() : DiscrepancyStatus::open;
  const bool own = current && current->raised;
  // A ledger discrepancy (a refused event) has no record here until its first step: its id
  // is an event id in hex, or "log-P-N" for a dead letter; the caller (node/
  // discrepancy_list.h) checks the ledger knows it.
  if (!own && !EventId::from_hex(id) && !id.starts_with("log-"))
    return reconcile_error(ReconcileErrc::not_found, "no discrepancy " + id);
  using S = events::DiscrepancyResolved;
  const bool allowed = (step.state() == S::ACKNOWLEDGED && status == DiscrepancyStatus::open) ||
                       (step.state() == S::RESOLVED && status != DiscrepancyStatus::resolved) ||
                       (step.state() == S::REOPENED && status == DiscrepancyStatus::resolved);
  if (!allowed)
    return reconcile_error(ReconcileErrc::invalid_state,
                           fmt::format("discrepancy {} is {}: it cannot be {}", id, status_name(status),
                                       S::State_Name(step.state())));
  std::string partition = own ? partition_key_for(current->raised->bank_account()) : std::string("reconcile");
  events::Envelope e = events::command_envelope(events::DISCREPANCY_RESOLVED, actor,
                                        fmt::format("discrepancy:{}:{}", id, S::State_Name(step.state())), partition);
  // Steps are read in recorded-at order: this one after every step before it, whatever the
  // clock says (the reconciler's own are dated by their run).
  if (current && !current->steps.empty())
    e.set_recorded_at_us(std::max(e.recorded_at_us(), current->steps.back().recorded_at_us + 1));
  step.set_discrepancy_id(id);
  step.set_by(actor.user);
  *e.mutable_discrepancy_resolved() = std::move(step);
  return e;
}

Status Reconciler::step(const std::string& id, const Actor& actor, events::DiscrepancyResolved step,
                        const std::optional<events::BooksEntryPosted>& entry) {
  TALLY_TRY_STATUS(check_who(actor));
  if (id.empty() || id.size() > 64)
    return reconcile_error(ReconcileErrc::invalid_argument, "a discrepancy id has 1 to 64 characters");
  if (step.note().size() > kMaxTextBytes)
    return reconcile_error(ReconcileErrc::invalid_argument, "a note has at most 1000 bytes");
  if (entry) TALLY_TRY_STATUS(check_entry(*entry, actor));
  std::lock_guard lock(mu_);
  TALLY_TRY_STATUS(service_.drain());
  TALLY_TRY(events::Envelope e, prepare_step(id, actor, std::move(step)));
  std::vector<events::Envelope> decided;
  if (entry) {
    // The money moves with the step, through the journal, naming the discrepancy and the
    // approver: published together, once the step is known to be allowed.
    events::Envelope money = events::command_envelope(events::BOOKS_ENTRY_POSTED, actor, "books-entry:" + id, "reconcile");
    *money.mutable_books_entry_posted() = *entry;
    money.mutable_books_entry_posted()->set_discrepancy_id(id);
    money.mutable_books_entry_posted()->set_requested_by(actor.user);
    decided.push_back(std::move(money));
  }
  decided.push_back(std::move(e));
  TALLY_TRY_STATUS(publish(decided));
  return service_.drain();
}

Status Reconciler::acknowledge(const std::string& id, const Actor& actor, const std::string& note) {
  events::DiscrepancyResolved s;
  s.set_state(events::DiscrepancyResolved::ACKNOWLEDGED);
  s.set_note(note);
  return step(id, actor, std::move(s), std::nullopt);
}

Status Reconciler::reopen(const std::string& id, const Actor& actor, const std::string& why) {
  if (why.empty()) return reconcile_error(ReconcileErrc::invalid_argument, "a reopen says why");
  events::DiscrepancyResolved s;
  s.set_state(events::DiscrepancyResolved::REOPENED);
  s.set_note(why);
  return step(id, actor, std::move(s), std::nullopt);
}

Status Reconciler::resolve(const std::string& id, const Actor& actor, const Resolution& resolution) {
  if (!known_reason_code(resolution.reason_code))
    return reconcile_error(ReconcileErrc::invalid_argument,
                           fmt::format("unknown reason code '{}' (reconcile/README.md lists them)",
                                       resolution.reason_code.substr(0, 32)));
  events::DiscrepancyResolved s;
  s.set_state(events::DiscrepancyResolved::RESOLVED);
  s.set_reason_code(resolution.reason_code);
  s.set_note(resolution.note);
  return step(id, actor, std::move(s), resolution.entry);
}

Status Reconciler::decide_proposal(const EventId& proposal, const Actor& actor, bool confirm, const std::string& why) {
  TALLY_TRY_STATUS(check_who(actor));
  std::lock_guard lock(mu_);
  TALLY_TRY_STATUS(service_.drain());
  TALLY_TRY(auto stored, store_->match(proposal));
  if (!stored) return reconcile_error(ReconcileErrc::not_found, "no match " + proposal.to_hex());
  if (stored->match.status() != events::ReconcileMatched::PROPOSED)
    return reconcile_error(ReconcileErrc::invalid_state, "match " + proposal.to_hex() + " is not a proposal");
  // Still the proposal's to decide: a confirmation or rejection already made has moved the claims.
  for (const std::string& bytes : stored->match.expected_ids()) {
    TALLY_TRY(auto owner, store_->claimant(*EventId::from_bytes(bytes)));
    if (!owner || *owner != proposal)
      return reconcile_error(ReconcileErrc::invalid_state, "proposal " + proposal.to_hex() + " was decided before");
  }
  events::Envelope e = events::command_envelope(events::RECONCILE_MATCHED, actor,
                                        fmt::format("proposal:{}:{}", proposal.to_hex(), confirm ? "confirm" : "reject"),
                                        partition_key_for(stored->match.bank_account()));
  auto* m = e.mutable_reconcile_matched();
  *m = stored->match;
  m->set_status(confirm ? events::ReconcileMatched::CONFIRMED : events::ReconcileMatched::REJECTED);
  m->set_proposal_id(std::string(proposal.as_string_view()));
  m->set_decided_by(actor.user);
  m->set_note(why.empty() ? std::string(confirm ? "confirmed" : "rejected") : (confirm ? "confirmed: " : "rejected: ") + why);
  TALLY_TRY_STATUS(publish({e}));
  return service_.drain();
}

Status Reconciler::confirm(const EventId& proposal, const Actor& actor) {
  return decide_proposal(proposal, actor, true, "");
}

Status Reconciler::reject(const EventId& proposal, const Actor& actor, const std::string& why) {
  if (why.empty()) return reconcile_error(ReconcileErrc::invalid_argument, "a rejection says why");
  return decide_proposal(proposal, actor, false, why);
}

}  // namespace tally::reconcile
