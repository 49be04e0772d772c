// tally backup DIR [--keys-to KEYDIR]: an online backup of the data folder (node/backup.h);
// with `tally serve` running the server takes it (POST /api/v1/backup). The keys are not in
// it: --keys-to copies them to a folder of their own.
// tally backup verify DIR: every file against the manifest, every database's backup by its
// checksums.
// tally restore DIR [--keys KEYDIR]: the backup into an empty data folder.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

#include "api/access_store.h"
#include "api/backup_routes.h"
#include "app/commands.h"
#include "app/remote.h"
#include "node/backup.h"
#include "node/node.h"

namespace tally::app {
namespace {

struct BackupOptions {
  std::string dir, keys_to, keys, user = "operator";
  bool json = false;
};

Result<boost::json::object> backup_here(const Config& config, const std::string& dir) {
  TALLY_TRY(auto access, api::AccessStore::open(config.api_dir()));
  TALLY_TRY(auto node, node::Node::open(config));
  std::vector<node::NamedDatabase> databases{{"api", &access->database()}};
  for (const auto& d : node::node_databases(*node)) databases.push_back(d);
  TALLY_TRY(node::BackupOutcome done, node::backup(databases, config, dir));
  return api::backup_json(done);
}

int run_backup(const GlobalOptions& global, const BackupOptions& o) {
  const Config config = resolve_config(global);
  const std::string dir = std::filesystem::absolute(o.dir).lexically_normal().string();
  const Reply reply =
      server_running(config)
          ? ask_server(config,
                       {.method = boost::beast::http::verb::post,
                        .target = "/api/v1/backup",
                        .body = boost::json::serialize(boost::json::object{{"dir", dir}}),
                        .user = o.user},
                       "backup")
          : local_reply(backup_here(config, dir), "backup");
  if (!reply.ok()) return reply.exit_code;
  if (!o.keys_to.empty())
    if (auto copied = node::backup_keys(config, o.keys_to); !copied.ok()) {
      fmt::print(stderr, "tally backup: the backup is in {}, but copying the keys failed: {}\n", dir,
                 copied.error().describe());
      return 1;
    }
  if (o.json) {
    std::puts(boost::json::serialize(reply.json).c_str());
    return 0;
  }
  const auto& done = reply.json.as_object();
  for (const auto& v : done.at("databases").as_array())
    fmt::print("backup: {:<10} backup {} ({} bytes)\n", std::string(v.at("name").as_string()),
               v.at("backup_id").to_number<std::int64_t>(), v.at("bytes").to_number<std::int64_t>());
  fmt::print("backup: {} files copied; {} files in the manifest of {}\n", done.at("files_copied").to_number<std::int64_t>(),
             done.at("manifest_files").to_number<std::int64_t>(), dir);
  if (o.keys_to.empty())
    fmt::print("backup: the keys are not in it: keep a copy of {}/keys apart (--keys-to DIR)\n", config.data_dir);
  else
    fmt::print("backup: the keys are in {}: keep them apart from the backup\n", o.keys_to);
  return 0;
}

int run_verify(const std::string& dir) {
  auto report = node::verify_backup(dir);
  if (!report) {
    fmt::print(stderr, "tally backup verify: {}\n", report.error().describe());
    return 2;
  }
  for (const std::string& p : report->problems) fmt::print("backup verify: {}\n", p);
  fmt::print("backup verify: {}: {} files and {} databases checked, {}\n", dir, report->files_checked,
             report->databases.size(), report->ok() ? "whole" : fmt::format("{} problems", report->problems.size()));
  return report->ok() ? 0 : 1;
}

int run_restore(const GlobalOptions& global, const BackupOptions& o) {
  const Config config = resolve_config(global);
  if (auto restored = node::restore(o.dir, config, o.keys); !restored.ok()) {
    fmt::print(stderr, "tally restore: {}\n", restored.error().describe());
    return 1;
  }
  fmt::print("restore: {} restored into {}{}\n", o.dir, config.data_dir,
             o.keys.empty() ? "; no keys given: put the data folder's keys in keys/ before it is used" : "");
  return 0;
}

}  // namespace

void register_backup(CLI::App& app, GlobalOptions& global) {
  auto o = std::make_shared<BackupOptions>();
  CLI::App* cmd = app.add_subcommand(
      "backup", "Back the data folder up into DIR while Tally runs (incremental: DIR may hold earlier backups),\n"
                "with a manifest of every file's SHA-256. The keys are not in it.");
  cmd->add_option("dir", o->dir, "the backup folder");
  cmd->add_option("--keys-to", o->keys_to, "also copy the keys to this folder (keep it apart from the backup)");
  cmd->add_option("--user", o->user, "who runs it (recorded)");
  cmd->add_flag("--json", o->json, "JSON on stdout");
  CLI::App* verify = cmd->add_subcommand("verify", "Check a backup: every file against its manifest, every database\n"
                                                   "by its own checksums. Exit 0: whole; 1: problems (listed).");
  auto verify_dir = std::make_shared<std::string>();
  verify->add_option("dir", *verify_dir, "the backup folder")->required();
  verify->callback([verify_dir] { exit_code = run_verify(*verify_dir); });
  cmd->callback([&global, o, verify] {
    if (verify->parsed()) return;
    if (o->dir.empty()) {
      fmt::print(stderr, "tally backup: the backup folder is required (tally backup DIR)\n");
      exit_code = 2;
      return;
    }
    exit_code = run_backup(global, *o);
  });

  auto r = std::make_shared<BackupOptions>();
  CLI::App* restore = app.add_subcommand(
      "restore", "Restore the latest backup in DIR into the data folder, which must be empty; it then opens\n"
                 "where the backup was taken and catches up from its log.");
  restore->add_option("dir", r->dir, "the backup folder")->required();
  restore->add_option("--keys", r->keys, "the folder the keys were copied to (tally backup --keys-to)");
  restore->callback([&global, r] { exit_code = run_restore(global, *r); });
}

}  // namespace tally::app
