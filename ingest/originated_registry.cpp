// The file registry's "originated" column family: autopay entries Tally originated, the
// customer index over them, the runs and the next trace sequence (file_registry.h).
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <charconv>

#include <boost/json.hpp>

#include "ingest/file_registry_impl.h"

namespace tally::ingest {
namespace json = boost::json;

namespace {

constexpr std::string_view kRunPrefix = "run:";
constexpr std::string_view kAccountPrefix = "acct:";

std::string run_key(std::int32_t effective_date) { return std::string(kRunPrefix) + std::to_string(effective_date); }

std::string account_key(const std::string& account, const std::string& trace) {
  return fmt::format("{}{}:{}", kAccountPrefix, account, trace);
}

std::optional<OriginatedKind> kind_from(std::string_view name) {
  for (OriginatedKind k : {OriginatedKind::debit, OriginatedKind::redeposit, OriginatedKind::return_fee,
                           OriginatedKind::prenote})
    if (kind_name(k) == name) return k;
  return std::nullopt;
}

std::string encode_originated(const OriginatedEntry& e) {
  json::object o{{"account", e.account},
                 {"amount_minor", e.amount_minor},
                 {"currency", e.currency},
                 {"effective_date", e.effective_date},
                 {"file_sha256", e.file_sha256}};
  if (e.kind != OriginatedKind::debit || e.presentment != 0 || !e.represents.empty()) {
    o["kind"] = kind_name(e.kind);
    o["represents"] = e.represents;
    o["presentment"] = e.presentment;
    o["first_effective_date"] = e.first_effective_date;
    o["mandate"] = e.mandate;
  }
  return json::serialize(o);
}

Result<OriginatedEntry> decode_originated(const std::string& trace, std::string_view value) {
  const auto damaged = [&] { return ingest_error(IngestErrc::registry, "originated entry " + trace + " is damaged"); };
  boost::system::error_code ec;
  json::value v = json::parse(value, ec);
  if (ec || !v.is_object()) return damaged();
  const json::object& o = v.as_object();
  OriginatedEntry e;
  e.trace = trace;
  try {
    e.account = json::value_to<std::string>(o.at("account"));
    e.amount_minor = o.at("amount_minor").to_number<std::int64_t>();
    e.currency = json::value_to<std::string>(o.at("currency"));
    e.effective_date = o.at("effective_date").to_number<std::int32_t>();
    e.file_sha256 = json::value_to<std::string>(o.at("file_sha256"));
    e.first_effective_date = e.effective_date;
    if (const json::value* kind = o.if_contains("kind")) {  // absent: a regular debit
      auto k = kind_from(kind->as_string());
      if (!k) return damaged();
      e.kind = *k;
      e.represents = json::value_to<std::string>(o.at("represents"));
      e.presentment = o.at("presentment").to_number<int>();
      e.first_effective_date = o.at("first_effective_date").to_number<std::int32_t>();
      e.mandate = json::value_to<std::string>(o.at("mandate"));
    }
  } catch (const std::exception&) {
    return damaged();
  }
  return e;
}

std::string encode_run(const OriginationRun& run) {
  return json::serialize(json::object{{"file", run.file}, {"sha256", run.sha256}, {"sealed", run.sealed_copy}});
}

Result<OriginationRun> decode_run(std::int32_t effective_date, std::string_view value) {
  OriginationRun run;
  run.effective_date = effective_date;
  if (value.empty() || value.front() != '{') {  // a run from before runs were scheduled: its path
    run.file = std::string(value);
    return run;
  }
  boost::system::error_code ec;
  json::value v = json::parse(value, ec);
  try {
    if (ec) throw std::invalid_argument("not JSON");
    const json::object& o = v.as_object();
    run.file = json::value_to<std::string>(o.at("file"));
    run.sha256 = json::value_to<std::string>(o.at("sha256"));
    run.sealed_copy = json::value_to<std::string>(o.at("sealed"));
  } catch (const std::exception&) {
    return ingest_error(IngestErrc::registry, fmt::format("origination run {} is damaged", effective_date));
  }
  return run;
}

// Entry keys are the 15-digit trace numbers; the runs, the index and the next trace sit beside them.
bool is_trace_key(std::string_view key) {
  return key.size() == 15 && std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string_view kind_name(OriginatedKind kind) {
  switch (kind) {
    case OriginatedKind::debit: return "debit";
    case OriginatedKind::redeposit: return "redeposit";
    case OriginatedKind::return_fee: return "return_fee";
    case OriginatedKind::prenote: return "prenote";
  }
  return "debit";
}

Status FileRegistry::record_originated(const std::vector<OriginatedEntry>& entries, const OriginationRun& run,
                                       std::int64_t next_trace_sequence) {
  rocksdb::WriteBatch batch;
  rocksdb::Status s = batch.Put(impl_->originated(), run_key(run.effective_date), encode_run(run));
  if (s.ok()) s = batch.Put(impl_->originated(), "next_trace", std::to_string(next_trace_sequence));
  for (const OriginatedEntry& e : entries) {
    if (s.ok()) s = batch.Put(impl_->originated(), e.trace, encode_originated(e));
    if (s.ok()) s = batch.Put(impl_->originated(), account_key(e.account, e.trace), "");
  }
  rocksdb::WriteOptions w;
  w.sync = true;
  if (s.ok()) s = impl_->db->Write(w, &batch);
  if (!s.ok()) return registry_storage_error(s, "recording an origination run");
  return ok_status();
}

Result<std::optional<OriginationRun>> FileRegistry::origination_run(std::int32_t effective_date) const {
  std::string value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->originated(), run_key(effective_date), &value);
  if (s.IsNotFound()) return std::optional<OriginationRun>{};
  if (!s.ok()) return registry_storage_error(s, "reading origination runs");
  TALLY_TRY(OriginationRun run, decode_run(effective_date, value));
  return std::optional<OriginationRun>(std::move(run));
}

Result<std::vector<OriginationRun>> FileRegistry::origination_runs() const {
  std::vector<OriginationRun> out;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->originated()));
  for (it->Seek(kRunPrefix); it->Valid() && it->key().starts_with(kRunPrefix); it->Next()) {
    const std::string_view days = it->key().ToStringView().substr(kRunPrefix.size());
    std::int32_t effective = 0;
    const auto parsed = std::from_chars(days.data(), days.data() + days.size(), effective);
    if (parsed.ec != std::errc() || parsed.ptr != days.data() + days.size())
      return ingest_error(IngestErrc::registry, fmt::format("origination run key '{}' is damaged", days));
    TALLY_TRY(OriginationRun run, decode_run(effective, it->value().ToStringView()));
    out.push_back(std::move(run));
  }
  if (!it->status().ok()) return registry_storage_error(it->status(), "listing origination runs");
  std::sort(out.begin(), out.end(),
            [](const OriginationRun& a, const OriginationRun& b) { return a.effective_date < b.effective_date; });
  return out;
}

Result<std::int64_t> FileRegistry::next_trace_sequence() const {
  std::string value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->originated(), "next_trace", &value);
  if (s.IsNotFound()) return std::int64_t{1};
  if (!s.ok()) return registry_storage_error(s, "reading the next trace");
  std::int64_t next = 0;
  const auto parsed = std::from_chars(value.data(), value.data() + value.size(), next);
  if (parsed.ec != std::errc() || parsed.ptr != value.data() + value.size())
    return ingest_error(IngestErrc::registry, "next trace sequence is damaged");
  return next;
}

Result<std::optional<OriginatedEntry>> FileRegistry::find_originated(const std::string& trace) const {
  std::string value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->originated(), trace, &value);
  if (s.IsNotFound()) return std::optional<OriginatedEntry>{};
  if (!s.ok()) return registry_storage_error(s, "reading originated entry");
  TALLY_TRY(OriginatedEntry e, decode_originated(trace, value));
  return std::optional<OriginatedEntry>(std::move(e));
}

Result<std::vector<OriginatedEntry>> FileRegistry::originated_for(const std::string& account) const {
  const std::string prefix = fmt::format("{}{}:", kAccountPrefix, account);
  std::vector<OriginatedEntry> out;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->originated()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    const std::string trace(it->key().ToStringView().substr(prefix.size()));
    TALLY_TRY(std::optional<OriginatedEntry> e, find_originated(trace));
    if (!e) return ingest_error(IngestErrc::registry, "originated entry " + trace + " is indexed but missing");
    out.push_back(std::move(*e));
  }
  if (!it->status().ok()) return registry_storage_error(it->status(), "listing a customer's originated entries");
  return out;
}

Result<std::vector<OriginatedEntry>> FileRegistry::originated_entries() const {
  std::vector<OriginatedEntry> out;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->originated()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string key = it->key().ToString();
    if (!is_trace_key(key)) continue;
    TALLY_TRY(OriginatedEntry e, decode_originated(key, it->value().ToStringView()));
    out.push_back(std::move(e));
  }
  if (!it->status().ok()) return registry_storage_error(it->status(), "listing originated entries");
  return out;
}

}  // namespace tally::ingest
