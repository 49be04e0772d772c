#include "ingest/file_memory.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "ingest/file_registry.h"

namespace tally::ingest {
namespace {

std::vector<EventId> decode_ids(std::string_view packed) {
  std::vector<EventId> ids(packed.size() / EventId::kBytes);
  for (std::size_t i = 0; i < ids.size(); ++i)
    ids[i] = *EventId::from_bytes(packed.substr(i * EventId::kBytes, EventId::kBytes));
  return ids;
}

std::string encode_ids(const std::vector<EventId>& ids) {
  std::string out(ids.size() * EventId::kBytes, '\0');
  for (std::size_t i = 0; i < ids.size(); ++i)
    std::memcpy(out.data() + i * EventId::kBytes, ids[i].bytes().data(), EventId::kBytes);
  return out;
}

}  // namespace

Result<std::vector<CoveredPayment>> FileMemory::newly_covered(const std::string& reference,
                                                              const std::vector<CoveredPayment>& items) {
  auto known = declared_.find(reference);
  if (known == declared_.end()) {
    std::string earlier;
    if (registry_) {
      TALLY_TRY(earlier, registry_->declared_payments(reference));
    }
    known = declared_.emplace(reference, std::move(earlier)).first;
  }
  std::vector<EventId> ids = decode_ids(known->second);  // sorted, as stored
  std::vector<CoveredPayment> fresh;
  fresh.reserve(items.size());
  for (const CoveredPayment& item : items)
    if (!std::binary_search(ids.begin(), ids.end(), item.payment)) fresh.push_back(item);
  if (fresh.empty()) return fresh;
  // A payment repeated inside `items` is one payment: keep its first occurrence.
  std::vector<std::size_t> order(fresh.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return fresh[a].payment < fresh[b].payment; });
  std::vector<bool> repeat(fresh.size(), false);
  for (std::size_t i = 1; i < order.size(); ++i)
    if (fresh[order[i]].payment == fresh[order[i - 1]].payment) repeat[order[i]] = true;
  std::vector<CoveredPayment> unique;
  unique.reserve(fresh.size());
  for (std::size_t i = 0; i < fresh.size(); ++i)
    if (!repeat[i]) unique.push_back(fresh[i]);
  for (const CoveredPayment& item : unique) ids.push_back(item.payment);
  std::sort(ids.begin(), ids.end());
  known->second = encode_ids(ids);
  return unique;
}

}  // namespace tally::ingest
