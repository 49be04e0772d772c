// Autopay origination in one process: the ledger says who owes (ledger::mandates_due), ingest
// writes the debit file and publishes its events (ingest::AutopayOriginator). The two modules
// do not depend on each other; this joins them, for `tally autopay generate` and the HTTP API.
// The caller posts what was published (Node::post_pending, or its apply loop).
//
// Threads: the caller's; the node's intake must not be ingesting another file meanwhile.
#pragma once

#include "core/result.h"
#include "ingest/autopay_origination.h"
#include "node/node.h"

namespace tally::node {

// Debits every enrolled account with a balance due, for the whole balance. An empty
// request.path means <data_dir>/outbox/autopay-<effective date>.ach. The sealing key is read
// from <data_dir>/keys. Errors: ingest::AutopayOriginator::originate's, the ledger's and the
// keys' as they come.
Result<ingest::OriginationOutcome> originate_autopay(Node& node,
                                                     ingest::OriginationRequest request);

// The same through `intake`, an Intake of the node's log and registry other than node.intake():
// `tally serve` passes the API's own, since its inbox watcher may be using node.intake().
Result<ingest::OriginationOutcome> originate_autopay(Node& node, ingest::Intake& intake,
                                                     ingest::OriginationRequest request);

}  // namespace tally::node
