#include "node/cluster_files.h"

#include <chrono>

#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include "core/errors.h"

namespace tally::node {
namespace {

constexpr std::int64_t kClaimGivenUpAfterUs = 10LL * 60 * 1'000'000;
constexpr int kReadBackTimeoutMs = 10000;

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<ingest::ClaimedElsewhere> elsewhere(const log::ClaimDecision& d) {
  if (d.verdict != log::ClaimVerdict::elsewhere) return std::nullopt;
  return ingest::ClaimedElsewhere{d.by.node, d.by.at_us, d.by.accepted};
}

}  // namespace

Result<std::optional<ingest::ClaimedElsewhere>> ClusterFiles::claim(std::string_view sha256) {
  const std::string sha(sha256);
  log::ClaimDecision decision = log::decide_claim(directory_.claims(sha), node_, now_us(), kClaimGivenUpAfterUs);
  if (decision.verdict != log::ClaimVerdict::unclaimed) return elsewhere(decision);
  TALLY_TRY(const std::int64_t offset, directory_.put_claim({sha, node_, false, now_us(), -1}));
  // Every claim before ours is read once ours is: the topic has one partition.
  if (!directory_.wait_read(offset, kReadBackTimeoutMs))
    return core_error(CoreErrc::log_unavailable,
                      fmt::format("the claim on file {} was written but not read back from {} within {} s; "
                                  "drop the file again",
                                  sha.substr(0, 12), directory_.topic(), kReadBackTimeoutMs / 1000));
  decision = log::decide_claim(directory_.claims(sha), node_, now_us(), kClaimGivenUpAfterUs);
  return elsewhere(decision);
}

void ClusterFiles::accepted(std::string_view sha256) {
  // The claim stands even if this is lost: it is ours, and another node waits for it to be
  // given up (ten minutes) before taking the file, whose events are then duplicates by id.
  if (auto written = directory_.put_claim({std::string(sha256), node_, true, now_us(), -1}); !written)
    spdlog::warn("cluster: file {} is published, but saying so failed: {}", sha256.substr(0, 12),
                 written.error().message);
}

}  // namespace tally::node
