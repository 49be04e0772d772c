#include "ledger/audit.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <limits>
#include <memory>

#include <fmt/format.h>

#include "ledger/errors.h"
#include "ledger/keys.h"
#include "ledger/store.h"

namespace tally::ledger {
namespace {

Status check_filter(const AuditFilter& f) {
  if (f.limit == 0 || f.limit > kMaxQueryLimit)
    return ledger_error(LedgerErrc::invalid_argument,
                        fmt::format("limit must be 1..{}", kMaxQueryLimit));
  if (f.from_us && f.to_us && *f.from_us > *f.to_us)
    return ledger_error(LedgerErrc::invalid_argument, "from is after to");
  if (f.user) {
    if (f.user->empty() || f.user->size() > kMaxAuditFieldBytes)
      return ledger_error(LedgerErrc::invalid_argument,
                          fmt::format("user must be 1..{} bytes", kMaxAuditFieldBytes));
    for (char c : *f.user)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
        return ledger_error(LedgerErrc::invalid_argument, "user contains a control character");
  }
  return ok_status();
}

// The order entries are listed in: recorded-at, then event id, then partition.
bool earlier(const AuditEntry& a, const AuditEntry& b) {
  if (a.recorded_at_us != b.recorded_at_us) return a.recorded_at_us < b.recorded_at_us;
  if (a.event_id != b.event_id) return a.event_id < b.event_id;
  return a.partition < b.partition;
}

// One partition's entries in the filter's window, in the filter's direction, at most limit.
Status read_partition(const Store& store, PartitionId p, const AuditFilter& f,
                      std::vector<AuditEntry>& out) {
  const std::string prefix =
      f.user ? keys::audit_user_prefix(p, *f.user) : keys::state_prefix(p, keys::kTagAudit);
  const std::int64_t from = f.from_us.value_or(0);
  const std::int64_t to = f.to_us.value_or(std::numeric_limits<std::int64_t>::max());
  std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(total_order_read(), store.state));
  auto take = [&]() -> Status {
    TALLY_TRY(AuditEntry entry, decode_audit(it->value().ToStringView()));
    entry.partition = p;
    out.push_back(std::move(entry));
    return ok_status();
  };
  std::size_t taken = 0;
  if (f.oldest_first) {
    for (it->Seek(keys::timed(prefix, from)); it->Valid() && it->key().starts_with(prefix) && taken < f.limit;
         it->Next(), ++taken) {
      if (keys::timed_at(it->key().ToStringView(), prefix.size()) >= keys::time_key(to)) break;
      TALLY_TRY_STATUS(take());
    }
  } else {
    // Keys at `to` are longer than timed(prefix, to), so they sort after it: the seek lands
    // on the last one before `to`.
    for (it->SeekForPrev(keys::timed(prefix, to)); it->Valid() && it->key().starts_with(prefix) && taken < f.limit;
         it->Prev(), ++taken) {
      if (keys::timed_at(it->key().ToStringView(), prefix.size()) < keys::time_key(from)) break;
      TALLY_TRY_STATUS(take());
    }
  }
  if (!it->status().ok()) return storage_error(it->status(), "reading the audit index");
  return ok_status();
}

}  // namespace

Result<std::vector<AuditEntry>> audit_entries(const Ledger& ledger, const AuditFilter& filter) {
  TALLY_TRY_STATUS(check_filter(filter));
  if (filter.from_us && filter.to_us && *filter.from_us == *filter.to_us)
    return std::vector<AuditEntry>();
  const Store& store = ledger.store();
  std::vector<AuditEntry> out;
  for (PartitionId p : ledger.partitions()) TALLY_TRY_STATUS(read_partition(store, p, filter, out));
  // Each partition's share is in order; the merge across them is a sort of at most
  // partitions x limit entries.
  if (filter.oldest_first)
    std::sort(out.begin(), out.end(), earlier);
  else
    std::sort(out.begin(), out.end(), [](const AuditEntry& a, const AuditEntry& b) { return earlier(b, a); });
  if (out.size() > filter.limit) out.resize(filter.limit);
  return out;
}

}  // namespace tally::ledger
