// tally files show SHA256: a file Tally kept (processed/, processed/duplicates/, quarantine/),
// opened with the data folder's files key and printed as it arrived, card numbers masked.
// With `tally serve` running, the server reads it (GET /api/v1/files/{sha256}/content).
#include <fmt/format.h>

#include <cstdio>

#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "app/remote.h"
#include "ingest/kept_files.h"

namespace tally::app {
namespace {

struct FilesCliOptions {
  std::string sha256;
  std::string user;
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
}

}  // namespace tally::app
