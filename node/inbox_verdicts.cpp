#include "node/inbox_verdicts.h"

#include <fstream>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "core/events/codec.h"
#include "core/printable.h"
#include "ingest/kept_files.h"
#include "ingest/report_json.h"
#include "node/file_verdicts.h"

namespace tally::node {

void report_inbox_verdicts(ingest::IngestOutcome& outcome, const ledger::Ledger& ledger,
                           const std::atomic<bool>& stop) {
  if (outcome.kind != ingest::IngestOutcome::Kind::accepted) return;
  if (!wait_until_consumed(outcome, ledger, kVerdictWaitMs, stop)) {
    spdlog::warn("inbox: {}: the ledger has not posted the file yet; `tally discrepancies list` "
                 "shows what it does not post",
                 printable(outcome.file));
    return;
  }
  if (auto filled = fill_verdicts(outcome, ledger); !filled) {
    spdlog::error("inbox: {}: reading the ledger's verdicts: {}", printable(outcome.file),
                  filled.error().describe());
    return;
  }
  const ingest::FileVerdicts& v = outcome.verdicts;
  spdlog::log(v.any_lost() ? spdlog::level::warn : spdlog::level::info, "inbox: {}",
              outcome.one_line());
  for (const ingest::EventVerdict& e : v.not_posted)
    spdlog::warn("inbox: {}: record {}: {} {} {}: {}", printable(outcome.file), e.event.record_ordinal,
                 events::type_name(e.event.type), e.event.id.to_hex(),
                 ingest::verdict_name(e.verdict), printable(e.reason));
  if (outcome.moved_to.empty()) return;
  boost::json::object json = ingest::verdicts_to_json(v);
  json["file"] = outcome.file;
  json["sha256"] = outcome.sha256;
  const std::string path = ingest::report_base(outcome.moved_to) + ".verdicts.json";
  std::ofstream out(path, std::ios::trunc);
  out << boost::json::serialize(json) << "\n";
  if (!out) spdlog::error("inbox: writing {} failed", path);
}

}  // namespace tally::node
