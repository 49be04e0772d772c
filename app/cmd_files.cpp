// tally files show SHA256: a file Tally kept (processed/, processed/duplicates/, quarantine/),
// opened with the data folder's files key and printed as it arrived, card numbers masked.
// With `tally serve` running, the server reads it (GET /api/v1/files/{sha256}/content).
// tally files purge --before DATE: removes the kept copies of files received before DATE
// (ingest/file_purge.h), recorded in the log; with `tally serve` running the server does it
// (POST /api/v1/files/purge).
#include <boost/json.hpp>
#include <fmt/format.h>

#include <cstdio>

#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "app/remote.h"
#include "api/purge_routes.h"
#include "ingest/file_purge.h"
#include "ingest/kept_files.h"
#include "node/node.h"

namespace tally::app {
namespace {

struct FilesCliOptions {
  std::string sha256;
  std::string user;
};

struct PurgeCliOptions {
  std::string before;
  std::string user;
  bool dry_run = false;
  bool json = false;
};

Result<std::string> show_here(const Config& config, const FilesCliOptions& o) {
  TALLY_TRY(ingest::KeptFile kept, ingest::find_received_file(config, o.sha256));
  spdlog::info("files: {} read kept file {} (sha256 {})", o.user, kept.path, o.sha256);
  return std::move(kept.contents);
}

int run_show(const GlobalOptions& global, const FilesCliOptions& o) {
  if (o.sha256.size() != 64 || o.sha256.find_first_not_of("0123456789abcdef") != std::string::npos) {
    fmt::print(stderr, "tally files show: SHA256 must be 64 lower-case hex digits\n");
    return 2;
  }
  if (o.user.empty()) {
    fmt::print(stderr, "tally files show: --user NAME is required (who read the file is logged)\n");
    return 2;
  }
  const Config config = resolve_config(global);
  const Reply reply =
      server_running(config)
          ? ask_server(config, {.target = "/api/v1/files/" + o.sha256 + "/content", .user = o.user}, "files show")
          : local_text_reply(show_here(config, o), "files show");
  if (!reply.ok()) return reply.exit_code;
  std::fwrite(reply.body.data(), 1, reply.body.size(), stdout);
  return 0;
}

Result<boost::json::object> purge_here(const Config& config, BusinessDate before, const PurgeCliOptions& o) {
  TALLY_TRY(auto node, node::Node::open(config));
  TALLY_TRY(ingest::PurgeOutcome done,
            ingest::purge_kept_files(config, node->log(), {.user = o.user}, before, o.dry_run));
  return api::purge_json(done);
}

int run_purge(const GlobalOptions& global, const PurgeCliOptions& o) {
  const auto before = BusinessDate::parse_iso(o.before);
  if (!before) {
    fmt::print(stderr, "tally files purge: --before must be a date, YYYY-MM-DD (got \"{}\")\n", o.before);
    return 2;
  }
  const Config config = resolve_config(global);
  const Reply reply =
      server_running(config)
          ? ask_server(config,
                       {.method = boost::beast::http::verb::post,
                        .target = "/api/v1/files/purge",
                        .body = boost::json::serialize(boost::json::object{{"before", o.before}, {"dry_run", o.dry_run}}),
                        .user = o.user},
                       "files purge")
          : local_reply(purge_here(config, *before, o), "files purge");
  if (!reply.ok()) return reply.exit_code;
  if (o.json) {
    std::puts(boost::json::serialize(reply.json).c_str());
    return 0;
  }
  const auto& done = reply.json.as_object();
  const auto& files = done.at("files").as_array();
  const char* verb = o.dry_run ? "would remove" : "removed";
  for (const auto& f : files)
    fmt::print("files purge: {} {} (received {}, sha256 {})\n", verb, std::string(f.at("path").as_string()),
               std::string(f.at("received").as_string()), std::string(f.at("sha256").as_string()));
  for (const auto& p : done.at("problems").as_array())
    fmt::print(stderr, "files purge: not removed: {}\n", std::string(p.as_string()));
  fmt::print("files purge: {} kept copies of files received before {} {} ({} bytes); the log and the books keep "
             "their events{}\n",
             files.size(), o.before, o.dry_run ? "would be removed" : "removed",
             done.at("bytes").to_number<std::int64_t>(), o.dry_run ? "; nothing was changed" : "");
  return done.at("problems").as_array().empty() ? 0 : 1;
}

}  // namespace

void register_files(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand("files", "The files Tally kept, sealed, of what it received.");
  cmd->require_subcommand(1);
  auto o = std::make_shared<FilesCliOptions>();
  CLI::App* show = cmd->add_subcommand(
      "show", "Print a kept file as it arrived, card numbers masked (the SHA-256 ingest reported).");
  show->add_option("SHA256", o->sha256, "the file's SHA-256, as `tally ingest` printed it")->required();
  show->add_option("--user", o->user, "who is reading it (logged)")->required();
  show->callback([&global, o] { exit_code = run_show(global, *o); });

  auto p = std::make_shared<PurgeCliOptions>();
  CLI::App* purge = cmd->add_subcommand(
      "purge", "Remove the kept copies of files received before DATE, with their error reports; the log and the\n"
               "books keep every event the files published. Recorded in the log with who ran it.");
  purge->add_option("--before", p->before, "YYYY-MM-DD: copies received before this day go (today at the latest)")
      ->required();
  purge->add_option("--user", p->user, "who runs it (recorded)")->required();
  purge->add_flag("--dry-run", p->dry_run, "list what would be removed; change nothing");
  purge->add_flag("--json", p->json, "JSON on stdout");
  purge->callback([&global, p] { exit_code = run_purge(global, *p); });
}

}  // namespace tally::app
