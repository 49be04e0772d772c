#include "ingest/published_ids.h"

#include <array>

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

namespace tally::ingest {
namespace {

void add(ConflictCheck& check, formats::Issue issue) {
  if (check.errors.size() < formats::ParseReport::kMaxIssues) check.errors.push_back(std::move(issue));
}

std::string describe_file(const FileRegistry& registry, const std::string& sha) {
  auto record = registry.find(sha);
  const std::string name = record.ok() && record->has_value() ? (*record)->name : "a file";
  return fmt::format("{} (sha256 {})", name, sha.substr(0, 16));
}

// Fingerprint indexes by (id, index). The id's words are kept beside each index, so the
// sort of a large file's ids reads neither the fingerprints nor memcmp.
std::vector<std::uint32_t> order_by_id(const std::vector<Fingerprint>& fingerprints) {
  struct Keyed {
    std::array<std::uint64_t, 2> id;
    std::uint32_t index;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(fingerprints.size());
  for (std::uint32_t i = 0; i < fingerprints.size(); ++i) keyed.push_back({fingerprints[i].id.words(), i});
  std::sort(keyed.begin(), keyed.end(),
            [](const Keyed& a, const Keyed& b) { return std::tie(a.id, a.index) < std::tie(b.id, b.index); });
  std::vector<std::uint32_t> order;
  order.reserve(keyed.size());
  for (const Keyed& k : keyed) order.push_back(k.index);
  return order;
}

}  // namespace

bool is_conflict_issue(std::string_view code) {
  return code == "conflicting_event" || code == "repeated_trace" || code == "repeated_item" ||
         code == "repeated_bill";
}

Result<ConflictCheck> check_conflicts(const FileRegistry& registry,
                                      const std::vector<Fingerprint>& fingerprints) {
  ConflictCheck check;
  std::vector<std::uint32_t> order = order_by_id(fingerprints);
  // Within the file: the same id twice with other content.
  std::vector<EventId> ids;
  ids.reserve(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    const Fingerprint& f = fingerprints[order[i]];
    if (!ids.empty() && ids.back() == f.id) {
      const Fingerprint& first = fingerprints[order[i - 1]];
      if (first.digest != f.digest)
        add(check, {0, f.record_ordinal, "", "conflicting_event",
                    fmt::format("record {}: {} {} has the id of record {} with other content",
                                f.record_ordinal, events::type_name(f.type), f.id.to_hex(),
                                first.record_ordinal)});
      continue;
    }
    ids.push_back(f.id);
  }
  // Against what accepted files published.
  TALLY_TRY(std::vector<EarlierEvent> earlier, registry.find_published(ids));
  std::size_t at = 0;
  for (const EarlierEvent& e : earlier) {
    const PublishedId& p = e.event;
    while (at < order.size() && fingerprints[order[at]].id < p.id) ++at;
    for (std::size_t i = at; i < order.size() && fingerprints[order[i]].id == p.id; ++i) {
      const Fingerprint& f = fingerprints[order[i]];
      if (f.digest == p.digest) continue;
      add(check, {0, f.record_ordinal, "", "conflicting_event",
                  fmt::format("record {}: {} {} was published before by record {} of {} with "
                              "other content",
                              f.record_ordinal, events::type_name(f.type), f.id.to_hex(),
                              p.record_ordinal, describe_file(registry, e.file_sha256))});
      if (check.earlier.empty() || check.earlier.back() != p.id) check.earlier.push_back(p.id);
    }
  }
  return check;
}

}  // namespace tally::ingest
