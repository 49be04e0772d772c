#include "node/autopay.h"

#include <fmt/format.h>

#include "ingest/sealing.h"
#include "ledger/autopay_query.h"
#include "ledger/customer_notes.h"
#include "node/autopay_plan.h"

namespace tally::node {
namespace {

Result<CustomerFacts> facts_of(Node& node, ledger::DueMandate due) {
  CustomerFacts facts;
  TALLY_TRY(ledger::CustomerNotes notes, ledger::customer_notes(node.ledger(), due.mandate.account));
  for (auto& letter : notes.letters) facts.returns.push_back(std::move(letter.letter));
  TALLY_TRY(facts.originated, node.registry().originated_for(due.mandate.customer_id));
  facts.due = std::move(due);
  return facts;
}

}  // namespace

std::string scheduled_dir(const Config& config) { return config.data_dir + "/scheduled"; }

Result<ingest::OriginationOutcome> originate_autopay(Node& node, ingest::OriginationRequest request) {
  const Config& config = node.config();
  if (request.path.empty())
    request.path = fmt::format("{}/autopay-{}.ach", config.outbox_dir(), request.effective_date.to_iso());
  if (request.scheduled_dir.empty()) request.scheduled_dir = scheduled_dir(config);
  TALLY_TRY(ingest::IngestKeys keys, ingest::load_keys(config.data_dir + "/keys"));
  TALLY_TRY(std::vector<ledger::DueMandate> owing, ledger::mandates_owing(node.ledger()));
  TALLY_TRY(std::set<std::string> unposted, ingest::unposted_files(node.registry()));
  const PlanRules rules{config.autopay.debit_return_fees, config.autopay.prenote_banking_days};
  std::vector<ingest::DueDebit> due;
  for (ledger::DueMandate& m : owing) {
    TALLY_TRY(CustomerFacts facts, facts_of(node, std::move(m)));
    for (auto& entry : plan_customer(facts, request.effective_date, rules, unposted)) due.push_back(std::move(entry));
  }
  ingest::AutopayOriginator originator(config.autopay, node.registry(), std::move(keys));
  return originator.originate(due, request);
}

Result<std::vector<ingest::SettledRun>> settle_autopay(Node& node, ingest::Intake& intake, BusinessDate through,
                                                       const std::string& user) {
  return ingest::settle_runs(node.registry(), intake, intake.keys().files, through, user);
}

}  // namespace tally::node
