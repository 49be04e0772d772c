#include "node/backup.h"

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/utilities/backup_engine.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "core/log/embedded_log.h"
#include "core/sha256.h"
#include "ingest/errors.h"
#include "ledger/store.h"
#include "reconcile/store.h"
#include "node/node.h"

namespace tally::node {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr std::string_view kManifest = "MANIFEST.json";
// The folders of files a data folder holds beside its databases (core/config.h).
constexpr std::string_view kFileFolders[] = {"inbox", "processed", "quarantine", "outbox", "scheduled"};
// What restore knows: every database a backup may hold, by its folder's name.
constexpr std::string_view kDatabases[] = {"api", "counter", "reconcile", "ledger", "ingest", "log"};

Error backup_error(std::string message) { return ingest::ingest_error(ingest::IngestErrc::io, std::move(message)); }

Error storage_error(const rocksdb::Status& s, std::string_view what) {
  return backup_error(fmt::format("{}: {}", what, s.ToString()));
}

std::string db_backup_dir(const std::string& dir, std::string_view name) { return fmt::format("{}/db/{}", dir, name); }

// The SHA-256 of a file, read in blocks.
Result<std::string> file_sha256(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return backup_error("cannot read " + path.string());
  Sha256Stream hash;
  std::string block(1 << 20, '\0');
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    hash.update(std::string_view(block.data(), static_cast<std::size_t>(in.gcount())));
  }
  return to_hex(hash.finish());
}

// Copies the files of `from` into `to` that are not there yet or differ in size: kept files
// are named by their content's hash and never rewritten, so a size check finds the new ones.
Result<std::int64_t> copy_new_files(const fs::path& from, const fs::path& to) {
  std::int64_t copied = 0;
  std::error_code ec;
  if (!fs::exists(from, ec)) return copied;
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const fs::path target = to / fs::relative(it->path(), from);
    std::error_code same;
    if (fs::exists(target, same) && fs::file_size(target, same) == it->file_size(same)) continue;
    fs::create_directories(target.parent_path(), ec);
    if (!fs::copy_file(it->path(), target, fs::copy_options::overwrite_existing, ec))
      return backup_error(fmt::format("copying {}: {}", it->path().string(), ec.message()));
    ++copied;
  }
  if (ec) return backup_error(fmt::format("reading {}: {}", from.string(), ec.message()));
  return copied;
}

// Every file under `dir` but the manifest: path relative to dir, size, SHA-256.
Result<json::array> list_files(const std::string& dir) {
  std::map<std::string, json::object> files;  // sorted by path
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string rel = fs::relative(it->path(), dir).string();
    if (rel == kManifest) continue;
    TALLY_TRY(std::string sha, file_sha256(it->path()));
    files[rel] = {{"path", rel}, {"size", it->file_size(ec)}, {"sha256", sha}};
  }
  if (ec) return backup_error(fmt::format("listing {}: {}", dir, ec.message()));
  json::array out;
  for (auto& [path, f] : files) out.push_back(std::move(f));
  return out;
}

Status write_file(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return backup_error("cannot write " + path.string());
  return ok_status();
}

// Copies the key files of `from` into `to` (created 0700), each 0600.
Status copy_keys(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to, ec);
  ::chmod(to.c_str(), 0700);
  for (const auto& entry : fs::directory_iterator(from, ec)) {
    const fs::path target = to / entry.path().filename();
    if (!fs::copy_file(entry.path(), target, fs::copy_options::overwrite_existing, ec))
      return backup_error(fmt::format("copying {}: {}", entry.path().string(), ec.message()));
    ::chmod(target.c_str(), 0600);
  }
  if (ec) return backup_error(fmt::format("copying the keys from {}: {}", from.string(), ec.message()));
  return ok_status();
}

Result<std::unique_ptr<rocksdb::BackupEngine>> open_engine(const std::string& dir) {
  rocksdb::BackupEngine* engine = nullptr;
  const rocksdb::IOStatus s = rocksdb::BackupEngine::Open(rocksdb::BackupEngineOptions(dir), rocksdb::Env::Default(), &engine);
  if (!s.ok()) return storage_error(s, "opening the backup in " + dir);
  return std::unique_ptr<rocksdb::BackupEngine>(engine);
}

Result<std::unique_ptr<rocksdb::BackupEngineReadOnly>> open_read_only(const std::string& dir) {
  rocksdb::BackupEngineReadOnly* engine = nullptr;
  const rocksdb::IOStatus s =
      rocksdb::BackupEngineReadOnly::Open(rocksdb::BackupEngineOptions(dir), rocksdb::Env::Default(), &engine);
  if (!s.ok()) return storage_error(s, "opening the backup in " + dir);
  return std::unique_ptr<rocksdb::BackupEngineReadOnly>(engine);
}

Result<json::object> read_manifest(const std::string& dir) {
  std::ifstream in(fs::path(dir) / kManifest, std::ios::binary);
  if (!in) return backup_error(fmt::format("{} has no {}: not a Tally backup", dir, kManifest));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object() || !v.as_object().contains("files") || !v.as_object().contains("databases"))
    return backup_error(fmt::format("{}/{} is damaged", dir, kManifest));
  return v.as_object();
}

}  // namespace

std::vector<NamedDatabase> node_databases(Node& node) {
  std::vector<NamedDatabase> out{{"counter", &node.counter_store().database()},
                                 {"reconcile", &node.reconciler().store().db()},
                                 {"ledger", node.ledger().store().db.get()},
                                 {"ingest", &node.registry().database()}};
  // Last: every other database is then at or behind the log it is restored with.
  if (auto* embedded = dynamic_cast<log::EmbeddedLog*>(&node.log())) out.push_back({"log", &embedded->database()});
  return out;
}

Result<BackupOutcome> backup(const std::vector<NamedDatabase>& databases, const Config& config,
                             const std::string& dir) {
  BackupOutcome out;
  out.dir = dir;
  std::error_code ec;
  fs::create_directories(fs::path(dir) / "db", ec);
  if (ec) return backup_error(fmt::format("creating {}: {}", dir, ec.message()));
  ::chmod(dir.c_str(), 0700);
  json::array names;
  for (const NamedDatabase& d : databases) {
    TALLY_TRY(auto engine, open_engine(db_backup_dir(dir, d.name)));
    rocksdb::CreateBackupOptions options;
    options.flush_before_backup = true;  // the memtables into table files: no WAL to replay
    rocksdb::BackupID id = 0;
    const rocksdb::IOStatus s = engine->CreateNewBackup(options, d.db, &id);
    if (!s.ok()) return storage_error(s, "backing up " + d.name);
    rocksdb::BackupInfo info;
    if (auto got = engine->GetLatestBackupInfo(&info); !got.ok()) return storage_error(got, "reading backup " + d.name);
    out.databases.push_back({d.name, id, info.size});
    names.push_back({{"name", d.name}, {"backup_id", id}});
  }
  for (std::string_view folder : kFileFolders) {
    TALLY_TRY(std::int64_t copied,
              copy_new_files(fs::path(config.data_dir) / folder, fs::path(dir) / "files" / folder));
    out.files_copied += copied;
  }
  TALLY_TRY(json::array files, list_files(dir));
  out.manifest_files = static_cast<std::int64_t>(files.size());
  const json::object manifest{{"tally_backup", 1},
                              {"taken_at_us", std::chrono::duration_cast<std::chrono::microseconds>(
                                                  std::chrono::system_clock::now().time_since_epoch())
                                                  .count()},
                              {"keys_included", false},
                              {"databases", std::move(names)},
                              {"files", std::move(files)}};
  TALLY_TRY_STATUS(write_file(fs::path(dir) / kManifest, json::serialize(manifest)));
  return out;
}

Status backup_keys(const Config& config, const std::string& dir) {
  return copy_keys(fs::path(config.data_dir) / "keys", dir);
}

Result<VerifyReport> verify_backup(const std::string& dir) {
  TALLY_TRY(json::object manifest, read_manifest(dir));
  VerifyReport report;
  std::map<std::string, std::pair<std::int64_t, std::string>> expected;
  for (const auto& v : manifest.at("files").as_array()) {
    const auto& f = v.as_object();
    expected[std::string(f.at("path").as_string())] = {f.at("size").to_number<std::int64_t>(),
                                                       std::string(f.at("sha256").as_string())};
  }
  TALLY_TRY(json::array present, list_files(dir));
  std::map<std::string, std::pair<std::int64_t, std::string>> found;
  for (const auto& v : present) {
    const auto& f = v.as_object();
    found[std::string(f.at("path").as_string())] = {f.at("size").to_number<std::int64_t>(),
                                                    std::string(f.at("sha256").as_string())};
  }
  for (const auto& [path, want] : expected) {
    auto it = found.find(path);
    if (it == found.end()) report.problems.push_back(path + ": missing");
    else if (it->second != want) report.problems.push_back(path + ": its SHA-256 is not the manifest's");
    ++report.files_checked;
  }
  for (const auto& [path, got] : found)
    if (!expected.count(path)) report.problems.push_back(path + ": not in the manifest");
  for (const auto& v : manifest.at("databases").as_array()) {
    const std::string name(v.as_object().at("name").as_string());
    const auto id = v.as_object().at("backup_id").to_number<rocksdb::BackupID>();
    report.databases.push_back(name);
    auto engine = open_read_only(db_backup_dir(dir, name));
    if (!engine) {
      report.problems.push_back(name + ": " + engine.error().message);
      continue;
    }
    if (auto s = (*engine)->VerifyBackup(id, true); !s.ok())
      report.problems.push_back(fmt::format("{}: backup {}: {}", name, id, s.ToString()));
  }
  return report;
}

Status restore(const std::string& dir, const Config& config, const std::string& keys_dir) {
  std::error_code ec;
  if (fs::exists(config.data_dir, ec) && !fs::is_empty(config.data_dir, ec))
    return backup_error(fmt::format("{} is not empty: restore goes into an empty data folder", config.data_dir));
  TALLY_TRY(VerifyReport report, verify_backup(dir));
  if (!report.ok())
    return backup_error(fmt::format("the backup in {} does not verify ({} problems, the first: {}); nothing restored",
                                    dir, report.problems.size(), report.problems.front()));
  TALLY_TRY(json::object manifest, read_manifest(dir));
  fs::create_directories(config.data_dir, ec);
  ::chmod(config.data_dir.c_str(), 0700);
  for (const auto& v : manifest.at("databases").as_array()) {
    const std::string name(v.as_object().at("name").as_string());
    if (std::find(std::begin(kDatabases), std::end(kDatabases), name) == std::end(kDatabases))
      return backup_error(fmt::format("the backup holds a database '{}' Tally does not know", name));
    const auto id = v.as_object().at("backup_id").to_number<rocksdb::BackupID>();
    TALLY_TRY(auto engine, open_read_only(db_backup_dir(dir, name)));
    const std::string target = fmt::format("{}/{}", config.data_dir, name);
    if (auto s = engine->RestoreDBFromBackup(id, target, target); !s.ok()) return storage_error(s, "restoring " + name);
  }
  for (std::string_view folder : kFileFolders) {
    TALLY_TRY(std::int64_t copied, copy_new_files(fs::path(dir) / "files" / folder, fs::path(config.data_dir) / folder));
    (void)copied;
  }
  if (!keys_dir.empty()) TALLY_TRY_STATUS(copy_keys(keys_dir, fs::path(config.data_dir) / "keys"));
  return ok_status();
}

}  // namespace tally::node
