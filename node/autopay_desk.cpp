#include "node/autopay_desk.h"

#include <condition_variable>

#include <spdlog/spdlog.h>

#include "ingest/errors.h"
#include "node/autopay.h"

namespace tally::node {

AutopayDesk::AutopayDesk(Node& node, WaitForBooks wait_for_books)
    : node_(node),
      intake_(node.config(), node.log(), node.registry(), node.intake().keys()),
      wait_for_books_(std::move(wait_for_books)) {}

Result<std::vector<ingest::SettledRun>> AutopayDesk::settle_locked(BusinessDate through, const std::string& user) {
  // On Kafka this process holds only some partitions' books: what is owed is not known here.
  if (!node_.posts_here())
    return ingest::ingest_error(ingest::IngestErrc::in_use, "autopay runs beside the embedded ledger, not on Kafka");
  TALLY_TRY(auto settled, settle_autopay(node_, intake_, through, user));
  if (!settled.empty()) TALLY_TRY_STATUS(wait_for_books_(settled));
  return settled;
}

Result<std::vector<ingest::SettledRun>> AutopayDesk::settle(BusinessDate through, const std::string& user) {
  std::lock_guard lock(mu_);
  return settle_locked(through, user);
}

Result<AutopayDesk::Generated> AutopayDesk::generate(ingest::OriginationRequest request) {
  std::lock_guard lock(mu_);
  Generated out;
  TALLY_TRY(out.settled, settle_locked(request.created_date, request.user));
  TALLY_TRY(out.outcome, originate_autopay(node_, std::move(request)));
  return out;
}

void AutopayDesk::settle_every(std::chrono::milliseconds period, std::stop_token stop) {
  std::mutex wait_mu;
  std::condition_variable_any wake;
  while (!stop.stop_requested()) {
    auto settled = settle(BusinessDate::today_utc(), "autopay");
    if (!settled)
      spdlog::error("autopay: settling the runs due: {}", settled.error().describe());
    else
      for (const auto& s : *settled)
        spdlog::info("autopay: posted the run effective {} ({})",
                     BusinessDate::from_days(s.run.effective_date).to_iso(), s.ingested.one_line());
    std::unique_lock lock(wait_mu);
    wake.wait_for(lock, stop, period, [] { return false; });
  }
}

}  // namespace tally::node
