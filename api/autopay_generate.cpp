#include "api/autopay_generate.h"

#include <atomic>
#include <memory>
#include <mutex>

#include "api/command.h"
#include "node/autopay.h"
#include "node/file_verdicts.h"

namespace tally::api {
namespace {

// How long an answer waits for the ledger to post the debits; past it "posted" is absent and
// the ledger posts them all the same.
constexpr int kPostedWaitMs = 30'000;
constexpr std::size_t kDateBytes = 10;  // YYYY-MM-DD

// The route's state: an Intake of its own over the node's log, registry and keys, and the lock
// that keeps originations one at a time.
struct AutopayDesk {
  explicit AutopayDesk(node::Node& n)
      : node(n), intake(n.config(), n.log(), n.registry(), n.intake().keys()) {}
  node::Node& node;
  ingest::Intake intake;
  std::mutex mu;
  std::atomic<bool> never_stop{false};  // the wait is bounded by kPostedWaitMs instead
};

// The events of the file in the books, once the ledger has consumed it.
std::optional<std::int64_t> posted_events(AutopayDesk& desk, ingest::OriginationOutcome& outcome) {
  if (outcome.path.empty()) return 0;
  if (!node::wait_until_consumed(outcome.ingested, desk.node.ledger(), kPostedWaitMs, desk.never_stop))
    return std::nullopt;
  if (!node::fill_verdicts(outcome.ingested, desk.node.ledger()).ok()) return std::nullopt;
  return outcome.ingested.verdicts.posted;
}

Response generate(AutopayDesk& desk, const Request& req, const events::Actor& actor) {
  Fields f(req);
  const auto date_text = f.text("effective_date", kDateBytes, true);
  if (f.failed()) return f.error(req);
  const auto effective = BusinessDate::parse_iso(*date_text);
  if (!effective) return bad_field(req, "effective_date", "effective_date must be YYYY-MM-DD");
  ingest::OriginationRequest request;
  request.effective_date = *effective;
  request.user = actor.user;
  std::lock_guard lock(desk.mu);
  auto generated = node::originate_autopay(desk.node, desk.intake, request);
  if (!generated) return error_response(req, generated.error());
  const auto posted = posted_events(desk, *generated);
  return json_response(req, http::status::ok, autopay_json(*generated, *effective, posted));
}

}  // namespace

boost::json::object autopay_json(const ingest::OriginationOutcome& outcome, BusinessDate effective,
                                 std::optional<std::int64_t> posted) {
  boost::json::object out{{"file", outcome.path},
                          {"sha256", outcome.sha256},
                          {"effective_date", effective.to_iso()},
                          {"entries", outcome.entries},
                          {"total_minor", outcome.total_minor}};
  if (posted) out["posted"] = *posted;
  return out;
}

void add_autopay_generate_route(Router& router, node::Node& node, Idempotency& idempotency) {
  auto desk = std::make_shared<AutopayDesk>(node);
  router.add(http::verb::post, "/api/v1/autopay/generate", Permission::autopay_manage,
             command(idempotency, [desk](const Request& req, const RouteParams&, const events::Actor& actor) {
               return generate(*desk, req, actor);
             }));
}

}  // namespace tally::api
