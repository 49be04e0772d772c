// Autopay's work in a process, one piece at a time: settling the runs due (posting them on
// their effective date) and generating the next run. `tally autopay` uses one for a command;
// `tally serve` one for the HTTP API and for settling each minute while it runs.
//
// It ingests through an Intake of its own over the node's log, registry and keys, since the
// inbox watcher may be using the node's.
//
// Threads: every call takes the desk's lock.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <stop_token>
#include <vector>

#include "ingest/autopay_origination.h"
#include "ingest/autopay_settlement.h"
#include "ingest/intake.h"
#include "node/node.h"

namespace tally::node {

class AutopayDesk {
 public:
  // Brings the books up to date with what settling published: Node::post_pending for a
  // command, a bounded wait for the ledger's own loop in `tally serve`.
  using WaitForBooks = std::function<Status(const std::vector<ingest::SettledRun>&)>;

  AutopayDesk(Node& node, WaitForBooks wait_for_books);

  // Posts the runs effective on or before `through`, as `user`.
  Result<std::vector<ingest::SettledRun>> settle(BusinessDate through, const std::string& user);

  struct Generated {
    std::vector<ingest::SettledRun> settled;  // runs posted first, being due by the creation date
    ingest::OriginationOutcome outcome;
  };
  // Settles what is due by request.created_date, waits for the books, then originates
  // (node::originate_autopay).
  Result<Generated> generate(ingest::OriginationRequest request);

  // Settles what is due today every `period` until `stop`; failures are logged and retried.
  void settle_every(std::chrono::milliseconds period, std::stop_token stop);

 private:
  Result<std::vector<ingest::SettledRun>> settle_locked(BusinessDate through, const std::string& user);

  Node& node_;
  ingest::Intake intake_;
  WaitForBooks wait_for_books_;
  std::mutex mu_;
};

}  // namespace tally::node
