#include "node/cluster_presence.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include "core/errors.h"
#include "node/node.h"

namespace tally::node {
namespace {

constexpr int kCatchUpTimeoutMs = 10000;
constexpr auto kCheckEvery = std::chrono::milliseconds(250);

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

}  // namespace

std::string node_name(const Config& config) {
  if (!config.kafka.group_instance_id.empty()) return config.kafka.group_instance_id;
  if (!config.kafka.advertise_url.empty()) return config.kafka.advertise_url;
  return host_name() + ":" + config.data_dir;
}

struct ClusterPresence::Impl {
  log::KafkaLog& kafka;
  std::unique_ptr<log::NodeDirectory> directory;
  log::NodeAnnouncement self;  // what was last announced
  std::jthread announcer;

  Impl(log::KafkaLog& k, std::unique_ptr<log::NodeDirectory> d, log::NodeAnnouncement s)
      : kafka(k), directory(std::move(d)), self(std::move(s)) {}

  // Announces `serving` when it differs from what was last announced; a failure is retried at
  // the next check.
  void announce_if_changed(std::vector<PartitionId> serving, bool& failing) {
    std::sort(serving.begin(), serving.end());  // the group gives them in any order
    if (serving == self.serving) return;
    log::NodeAnnouncement next = self;
    next.serving = std::move(serving);
    if (auto written = directory->announce(next); !written) {
      if (!failing) spdlog::warn("cluster: cannot announce this node's partitions: {}", written.error().message);
      failing = true;
      return;
    }
    if (failing) spdlog::info("cluster: announcing again");
    failing = false;
    self = std::move(next);
  }
};

Result<std::unique_ptr<ClusterPresence>> ClusterPresence::start(const Config& config, log::KafkaLog& kafka,
                                                                const std::string& keys_fingerprint) {
  TALLY_TRY(auto directory, log::NodeDirectory::open(kafka_log_options(config)));
  if (!directory->wait_caught_up(kCatchUpTimeoutMs))
    return core_error(CoreErrc::log_unavailable,
                      fmt::format("cannot read {} to its end within {} s", directory->topic(), kCatchUpTimeoutMs / 1000));
  log::NodeAnnouncement self{.node = node_name(config),
                             .api_url = config.kafka.advertise_url,
                             .keys_fingerprint = keys_fingerprint,
                             .serving = {},
                             .offset = -1};
  if (auto conflict = log::keys_conflict(directory->nodes(), self.node, keys_fingerprint))
    return core_error(CoreErrc::bad_config, *conflict);
  TALLY_TRY_STATUS(directory->announce(self));
  spdlog::info("cluster: this node is {} on {}{}", self.node, directory->topic(),
               self.api_url.empty() ? " (no advertise_url: it answers only its own partitions)"
                                    : fmt::format(", its API at {}", self.api_url));
  auto impl = std::make_unique<Impl>(kafka, std::move(directory), std::move(self));
  Impl* raw = impl.get();
  impl->announcer = std::jthread([raw](std::stop_token stop) {
    bool failing = false;
    while (!stop.stop_requested()) {
      raw->announce_if_changed(raw->kafka.serving(), failing);
      std::this_thread::sleep_for(kCheckEvery);
    }
  });
  return std::unique_ptr<ClusterPresence>(new ClusterPresence(std::move(impl)));
}

ClusterPresence::ClusterPresence(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ClusterPresence::~ClusterPresence() {
  impl_->announcer.request_stop();
  if (impl_->announcer.joinable()) impl_->announcer.join();
  bool failing = true;  // stopping: a failure is not worth a second line
  impl_->announce_if_changed({}, failing);
}

const std::string& ClusterPresence::node() const { return impl_->self.node; }

std::map<PartitionId, log::NodeAnnouncement> ClusterPresence::others_by_partition() const {
  std::map<PartitionId, log::NodeAnnouncement> owners = log::owners_by_partition(impl_->directory->nodes());
  std::erase_if(owners, [&](const auto& entry) { return entry.second.node == impl_->self.node; });
  return owners;
}

std::vector<log::NodeAnnouncement> ClusterPresence::nodes() const { return impl_->directory->nodes(); }

log::NodeDirectory& ClusterPresence::directory() { return *impl_->directory; }

}  // namespace tally::node
