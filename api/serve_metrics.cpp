#include "api/serve_metrics.h"

#include <map>

#include "api/kafka_status.h"
#include "core/log/embedded_log.h"
#include "core/log/kafka_log.h"
#include "ingest/autopay_settlement.h"
#include "node/discrepancy_list.h"
#include "node/return_rates.h"

namespace tally::api {
namespace {

// The Rules look at returns over the last 60 days: the last two months of origination.
constexpr std::size_t kRateMonths = 2;

}  // namespace

void add_serve_metrics(Metrics& metrics, node::Node& s,
                       const ledger::LedgerService& ledger_service,
                       const ingest::InboxWatcher& watcher) {
  const auto count = [](std::uint64_t n) { return static_cast<std::int64_t>(n); };
  metrics.add_counter("tally_ledger_events_applied_total",
                      "Events this process applied to the ledger since it started.",
                      single_value([&, count] { return count(ledger_service.stats().applied.load()); }));
  metrics.add_counter("tally_ledger_events_refused_total",
                      "Events this process's ledger refused (each is a discrepancy) since it started.",
                      single_value([&, count] { return count(ledger_service.stats().refused.load()); }));
  metrics.add_counter("tally_inbox_files_ingested_total",
                      "Files from the inbox published to the log since the process started.",
                      single_value([&, count] { return count(watcher.files_ingested()); }));
  metrics.add_counter("tally_inbox_files_refused_total",
                      "Files from the inbox refused and quarantined since the process started.",
                      single_value([&, count] { return count(watcher.files_refused()); }));
  metrics.add_gauge(
      "tally_discrepancies_open",
      "Discrepancies open (neither acknowledged nor resolved), by origin and kind. On Kafka: the ledger's "
      "of the partitions this node serves, and the reconciler's whole on every node.", [&s] {
        node::DiscrepancyFilter filter;
        filter.status = reconcile::DiscrepancyStatus::open;
        if (const auto* kafka = dynamic_cast<const log::KafkaLog*>(&s.log())) filter.ledger_partitions = kafka->serving();
        filter.limit = ledger::kMaxQueryLimit;
        std::vector<Sample> out;
        auto listed = node::list_discrepancies(s.ledger(), s.reconciler().store(), filter);
        if (!listed) return out;  // absent this scrape: the API's list says why
        std::map<std::pair<std::string, std::string>, std::int64_t> by_kind;
        for (const node::ListedDiscrepancy& d : *listed) ++by_kind[{d.origin, d.kind}];
        for (const auto& [key, n] : by_kind)
          out.push_back({{{"origin", key.first}, {"kind", key.second}}, n});
        return out;
      });
  metrics.add_gauge(
      "tally_autopay_return_rate_bp",
      "ACH return rates of the debits Tally originated in the last two months of origination, in basis "
      "points, by month and class (unauthorized: NACHA threshold 50; administrative: 300; overall: 1500).",
      [&s] {
        std::vector<Sample> out;
        auto rates = node::ach_return_rates(s);
        if (!rates) return out;  // absent this scrape: `tally autopay rates` says why
        const std::size_t first = rates->size() > kRateMonths ? rates->size() - kRateMonths : 0;
        for (std::size_t i = first; i < rates->size(); ++i) {
          const node::MonthReturnRates& m = (*rates)[i];
          out.push_back({{{"month", m.month}, {"class", "unauthorized"}}, m.unauthorized_bp});
          out.push_back({{{"month", m.month}, {"class", "administrative"}}, m.administrative_bp});
          out.push_back({{{"month", m.month}, {"class", "overall"}}, m.overall_bp});
        }
        return out;
      });
  metrics.add_gauge("tally_autopay_runs_scheduled",
                    "Autopay runs written for the bank whose entries have not posted yet (they post on their "
                    "effective date).",
                    single_value([&s] {
                      auto runs = ingest::scheduled_runs(s.registry());
                      return runs ? static_cast<std::int64_t>(runs->size()) : std::int64_t{0};
                    }));
  if (auto* kafka = dynamic_cast<log::KafkaLog*>(&s.log())) add_kafka_metrics(metrics, *kafka, s.ledger());
  if (auto* embedded = dynamic_cast<log::EmbeddedLog*>(&s.log()))
    metrics.add_gauge(
        "tally_log_lag_records",
        "Records in the event log not yet applied, by consumer (ledger, reconcile) and partition.",
        [&s, embedded] {
          std::vector<Sample> out;
          for (std::uint32_t p = 0; p < embedded->partition_count(); ++p) {
            const PartitionId partition(p);
            const std::int64_t end = embedded->end_position(partition).value();
            const std::string label = std::to_string(p);
            out.push_back({{{"consumer", "ledger"}, {"partition", label}},
                           end - s.ledger().next_position(partition).value()});
            if (auto done = s.reconciler().store().next_position(partition))
              out.push_back({{{"consumer", "reconcile"}, {"partition", label}}, end - done->value()});
          }
          return out;
        });
}

}  // namespace tally::api
