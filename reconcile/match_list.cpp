#include "reconcile/match_list.h"

#include <fmt/format.h>

#include <memory>
#include <string_view>

#include "reconcile/errors.h"
#include "reconcile/keys.h"

namespace tally::reconcile {

Result<MatchPage> matches_on(Store& store, BusinessDate date, const std::optional<EventId>& after, std::size_t limit) {
  if (limit < 1 || limit > kMaxMatchPage)
    return reconcile_error(ReconcileErrc::invalid_argument, fmt::format("limit is 1..{}", kMaxMatchPage));
  MatchPage page;
  const std::string prefix(1, keys::kMatch);
  const std::string start = after ? keys::match(*after) : prefix;
  std::unique_ptr<rocksdb::Iterator> it(store.db().NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(start); it->Valid(); it->Next()) {
    const std::string_view key(it->key().data(), it->key().size());
    if (!key.starts_with(prefix)) break;
    if (after && key == start) continue;
    // The value starts with the run's date (be32); only a match of the date is decoded.
    const std::string_view value(it->value().data(), it->value().size());
    if (value.size() < 4) return reconcile_error(ReconcileErrc::corrupt, "a stored match does not decode");
    if (static_cast<std::int32_t>(static_cast<std::uint32_t>(log::get_be(value, 0, 4))) != date.days()) continue;
    const auto id = EventId::from_bytes(key.substr(1));
    if (!id) return reconcile_error(ReconcileErrc::corrupt, "a stored match key holds no match id");
    if (page.matches.size() == limit) {  // one more than the page holds: say where to go on
      page.next_after = page.matches.back().id;
      break;
    }
    TALLY_TRY(auto match, store.match(*id));
    if (match) page.matches.push_back(std::move(*match));
  }
  if (!it->status().ok()) return storage_error(it->status(), "listing the matches");
  return page;
}

}  // namespace tally::reconcile
