// Reconciler: the reconciler's one entry point for `tally serve`, `tally reconcile`, the API
// and tests. Owns the store and the log consumer; decides runs and publishes what they and
// people decide as events, then applies them from the log like any other event. The log is
// the only way a decision reaches the state, so a replay of the log rebuilds it exactly.
//
// Threads: every method may be called from any thread; runs and commands take one lock
// (two runs deciding at once could claim an item twice); serve() blocks its thread. Lifetime: the log outlives the Reconciler.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/events/codec.h"
#include "core/log/event_log.h"
#include "core/result.h"
#include "core/events/actor.h"
#include "reconcile/matcher.h"
#include "reconcile/service.h"
#include "reconcile/store.h"

namespace tally::reconcile {

struct RunOptions {
  std::optional<BusinessDate> date;  // default: the latest date on a bank line or balance
  bool dry_run = false;              // decide and report, publish nothing
  MatchOptions match;
  std::size_t max_open_items = 20'000'000;  // a bound on what one run holds in memory
};

struct RunReport {
  BusinessDate date;
  std::size_t open_expected = 0, open_bank = 0;  // before the run
  std::size_t confirmed = 0, proposed = 0;
  std::map<std::string, std::size_t> by_rule;       // "REFERENCE" -> matches
  std::map<std::string, std::size_t> raised;        // "MISSING_IN_BANK" -> discrepancies
  std::size_t answered = 0;                          // discrepancies a match resolved
  std::size_t books_entries = 0;                     // opening balances booked
  std::uint64_t seen_again = 0;                      // bank lines and deposits read twice, ever
  bool published = false;
  std::vector<events::Envelope> decided;             // what the run decided (or would, dry)
};

// Who asks, for every command: the person, and the key that makes a retry a no-op.
using Actor = events::Actor;

struct Resolution {
  std::string reason_code;  // see reconcile/README.md: matched, written_off, bank_fee, ...
  std::string note;
  // A resolution that moves money: Dr debit / Cr credit, approved by a second person.
  std::optional<events::BooksEntryPosted> entry;
};

class Reconciler {
 public:
  static Result<std::unique_ptr<Reconciler>> open(const std::string& path, log::EventLog& log,
                                                  ServiceOptions service_options = {});

  Store& store() { return *store_; }
  ReconcileService& service() { return service_; }

  Result<RunReport> run(const RunOptions& options);
  // `tally serve`: applies what the log brings every `interval_ms` until stop is requested,
  // and runs (with `options`) once new deposits, returns or bank lines have arrived and the
  // log has been quiet for a poll, so a day's files reconcile as soon as they are all in.
  // Runs only while decides_here() says so (no function: always). On Kafka every node follows
  // the log, so each can answer for every match and discrepancy, and one of them decides.
  Status serve(std::stop_token stop, const RunOptions& options, const std::function<bool()>& decides_here = {},
               int interval_ms = 500);
  // Runs made by serve(), and the last one's report; readable from any thread.
  std::uint64_t serve_runs() const { return serve_runs_.load(std::memory_order_relaxed); }
  // Applies what the log holds now (a read that must see the latest events).
  Status catch_up();

  // The discrepancy lifecycle (open -> acknowledged -> resolved, and reopened). `id` is a
  // reconcile discrepancy id, or a ledger discrepancy's event id (hex).
  Status acknowledge(const std::string& id, const Actor& actor, const std::string& note);
  Status resolve(const std::string& id, const Actor& actor, const Resolution& resolution);
  Status reopen(const std::string& id, const Actor& actor, const std::string& why);
  // Proposals: confirm moves the money; reject frees the items for later runs.
  Status confirm(const EventId& proposal, const Actor& actor);
  Status reject(const EventId& proposal, const Actor& actor, const std::string& why);

 private:
  Reconciler(std::unique_ptr<Store> store, log::EventLog& log, ServiceOptions service_options)
      : store_(std::move(store)), log_(log), service_(*store_, log, service_options) {}
  Status publish(const std::vector<events::Envelope>& events);
  // A lifecycle step (with the books entry a resolution posts), checked against the
  // discrepancy's state before anything is published.
  Status step(const std::string& id, const Actor& actor, events::DiscrepancyResolved step,
              const std::optional<events::BooksEntryPosted>& entry);
  Result<events::Envelope> prepare_step(const std::string& id, const Actor& actor, events::DiscrepancyResolved step);
  Status decide_proposal(const EventId& proposal, const Actor& actor, bool confirm, const std::string& why);

  std::unique_ptr<Store> store_;
  log::EventLog& log_;
  ReconcileService service_;
  std::mutex mu_;
  std::atomic<std::uint64_t> serve_runs_{0};
};

// Reason codes a resolution may give.
bool known_reason_code(std::string_view code);

}  // namespace tally::reconcile
