// tally serve: the main job. Opens the event log, serves HTTP, runs until SIGINT/SIGTERM.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/health.h"
#include "api/http_server.h"
#include "app/commands.h"
#include "app/open_log.h"
#include "app/signals.h"

namespace tally::app {
namespace {

struct ServeOptions {
  std::string address;
  int port = -1;
};

int run_serve(const GlobalOptions& global, const ServeOptions& options) {
  Config config = resolve_config(global);
  if (!options.address.empty()) config.listen_address = options.address;
  if (options.port >= 0) config.listen_port = static_cast<std::uint16_t>(options.port);

  if (auto prepared = prepare_data_dir(config); !prepared) {
    spdlog::error("{}", prepared.error().describe());
    return 1;
  }
  auto log = open_event_log(config);
  if (!log) {
    spdlog::error("cannot open the event log: {}", log.error().describe());
    return 1;
  }

  api::Router router;
  api::add_health_routes(router, {TALLY_VERSION, (*log)->describe(), nullptr});
  api::HttpServer server(router);
  if (auto started = server.start(config.listen_address, config.listen_port); !started) {
    spdlog::error("{}", started.error().describe());
    return 1;
  }
  spdlog::info("tally {} serving on http://{}:{} (data {}, log {})", TALLY_VERSION,
               config.listen_address, server.port(), config.data_dir, (*log)->describe());

  const int signal = wait_for_stop_signal();
  spdlog::info("signal {} received: stopping", signal);
  server.stop();
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace

void register_serve(CLI::App& app, GlobalOptions& global) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Run Tally: event log, ledger, inbox watcher and the HTTP API, until SIGINT/SIGTERM.");
  cmd->add_option("--listen", options->address, "address to listen on (default from config: 127.0.0.1)");
  cmd->add_option("--port", options->port, "HTTP port (default from config: 8080; 0 picks a free one)")
      ->check(CLI::Range(0, 65535));
  cmd->callback([&global, options] { exit_code = run_serve(global, *options); });
}

}  // namespace tally::app
