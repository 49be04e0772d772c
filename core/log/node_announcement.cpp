#include "core/log/node_announcement.h"

#include <charconv>

#include <fmt/format.h>

namespace tally::log {
namespace {

constexpr std::string_view kMagic = "tally-node 1";
constexpr std::string_view kClaimMagic = "tally-file 1";
constexpr std::string_view kClaimPrefix = "file/";

// The next line of `text` (without its '\n'), consuming it; nullopt at the end.
std::optional<std::string_view> next_line(std::string_view& text) {
  if (text.empty()) return std::nullopt;
  const std::size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  return line;
}

std::optional<std::vector<PartitionId>> parse_partitions(std::string_view text) {
  std::vector<PartitionId> out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (ec != std::errc() || end != item.data() + item.size()) return std::nullopt;
    out.emplace_back(value);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

}  // namespace

std::string encode_announcement(const NodeAnnouncement& a) {
  std::string partitions;
  for (const PartitionId p : a.serving) {
    if (!partitions.empty()) partitions += ',';
    partitions += std::to_string(p.value());
  }
  return fmt::format("{}\n{}\n{}\n{}\n", kMagic, a.api_url, a.keys_fingerprint, partitions);
}

std::optional<NodeAnnouncement> decode_announcement(std::string_view node, std::string_view value,
                                                    std::int64_t offset) {
  if (node.empty() || next_line(value) != kMagic) return std::nullopt;
  const auto url = next_line(value), fingerprint = next_line(value), partitions = next_line(value);
  if (!url || !fingerprint || !partitions || !value.empty()) return std::nullopt;
  auto serving = parse_partitions(*partitions);
  if (!serving) return std::nullopt;
  return NodeAnnouncement{std::string(node), std::string(*url), std::string(*fingerprint),
                          std::move(*serving), offset};
}

std::map<PartitionId, NodeAnnouncement> owners_by_partition(const std::vector<NodeAnnouncement>& latest) {
  std::map<PartitionId, NodeAnnouncement> owners;
  for (const NodeAnnouncement& a : latest)
    for (const PartitionId p : a.serving) {
      auto [it, added] = owners.try_emplace(p, a);
      if (!added && a.offset > it->second.offset) it->second = a;
    }
  return owners;
}

std::string file_claim_key(std::string_view sha256) { return fmt::format("{}{}", kClaimPrefix, sha256); }

std::string encode_file_claim(const FileClaim& claim) {
  return fmt::format("{}\n{}\n{}\n{}\n", kClaimMagic, claim.accepted ? "accepted" : "claimed", claim.node,
                     claim.at_us);
}

std::optional<FileClaim> decode_file_claim(std::string_view key, std::string_view value, std::int64_t offset) {
  if (!key.starts_with(kClaimPrefix) || key.size() == kClaimPrefix.size()) return std::nullopt;
  if (next_line(value) != kClaimMagic) return std::nullopt;
  const auto state = next_line(value), node = next_line(value), at = next_line(value);
  if (!state || !node || !at || node->empty() || !value.empty()) return std::nullopt;
  if (*state != "claimed" && *state != "accepted") return std::nullopt;
  std::int64_t at_us = 0;
  const auto [end, ec] = std::from_chars(at->data(), at->data() + at->size(), at_us);
  if (ec != std::errc() || end != at->data() + at->size()) return std::nullopt;
  return FileClaim{std::string(key.substr(kClaimPrefix.size())), std::string(*node), *state == "accepted", at_us,
                   offset};
}

ClaimDecision decide_claim(const std::vector<FileClaim>& claims, std::string_view self, std::int64_t now_us,
                           std::int64_t stale_after_us) {
  for (const FileClaim& c : claims)
    if (c.accepted) return {c.node == self ? ClaimVerdict::mine : ClaimVerdict::elsewhere, c};
  for (const FileClaim& c : claims) {  // the first live claim decides
    if (c.node == self) return {ClaimVerdict::mine, c};
    if (now_us - c.at_us < stale_after_us) return {ClaimVerdict::elsewhere, c};
  }
  return {ClaimVerdict::unclaimed, {}};
}

std::optional<std::string> keys_conflict(const std::vector<NodeAnnouncement>& latest, std::string_view self,
                                         std::string_view fingerprint) {
  for (const NodeAnnouncement& a : latest)
    if (a.node != self && !a.keys_fingerprint.empty() && a.keys_fingerprint != fingerprint)
      return fmt::format("node {} uses other keys (fingerprint {}, this node's {}): every node of a cluster "
                         "must use the same keys; copy <data_dir>/keys from the first node before starting "
                         "this one (docs/operations.md, \"Several nodes\")",
                         a.node, a.keys_fingerprint, fingerprint);
  return std::nullopt;
}

}  // namespace tally::log
