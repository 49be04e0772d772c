#include "node/autopay.h"

#include <fmt/format.h>

#include "ingest/sealing.h"
#include "ledger/autopay_query.h"

namespace tally::node {
namespace {

ingest::DueDebit due_debit(const ledger::DueMandate& due) {
  const ledger::Mandate& m = due.mandate;
  ingest::DueDebit d;
  d.account_id = m.customer_id;
  d.routing = m.state.routing;
  d.savings = m.state.savings;
  d.holder_name = m.state.holder_name;
  d.account_sealed = m.state.account_sealed;
  d.amount_minor = due.balance_minor;
  return d;
}

}  // namespace

Result<ingest::OriginationOutcome> originate_autopay(Node& node,
                                                     ingest::OriginationRequest request) {
  return originate_autopay(node, node.intake(), std::move(request));
}

Result<ingest::OriginationOutcome> originate_autopay(Node& node, ingest::Intake& intake,
                                                     ingest::OriginationRequest request) {
  const Config& config = node.config();
  if (request.path.empty())
    request.path =
        fmt::format("{}/autopay-{}.ach", config.outbox_dir(), request.effective_date.to_iso());
  TALLY_TRY(ingest::IngestKeys keys, ingest::load_keys(config.data_dir + "/keys"));
  TALLY_TRY(std::vector<ledger::DueMandate> mandates, ledger::mandates_due(node.ledger()));
  std::vector<ingest::DueDebit> due;
  due.reserve(mandates.size());
  for (const ledger::DueMandate& m : mandates) due.push_back(due_debit(m));
  ingest::AutopayOriginator originator(config.autopay, node.registry(), intake,
                                       std::move(keys.sealing));
  return originator.originate(due, request);
}

}  // namespace tally::node
