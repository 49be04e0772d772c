// tally: payment processing and reconciliation for a utility billing office.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <sys/stat.h>

#include <cstdlib>

#include "app/commands.h"
#include "app/signals.h"

namespace tally::app {

Config resolve_config(const GlobalOptions& options) {
  Config config;
  if (!options.config_path.empty()) {
    auto loaded = load_config(options.config_path);
    if (!loaded) {
      fmt::print(stderr, "tally: {}\n", loaded.error().describe());
      std::exit(2);
    }
    config = std::move(loaded).value();
  }
  if (!options.data_dir.empty()) config.data_dir = options.data_dir;
  if (!options.kafka.empty()) config.kafka.brokers = options.kafka;
  return config;
}

}  // namespace tally::app

int main(int argc, char** argv) {
  using namespace tally::app;
  block_stop_signals();  // before any thread exists, so all inherit the mask
  // Everything Tally writes (books, log, keys, kept files, reports) is the owner's alone:
  // files 0600, folders 0700.
  ::umask(077);
  spdlog::set_default_logger(spdlog::stderr_color_mt("tally"));  // stdout is for results
  CLI::App app{"tally: payment processing and reconciliation for a utility billing office.\n"
               "Reads bank and processor files, posts payments to a double-entry journal exactly\n"
               "once, and reconciles deposits against the bank's statements."};
  app.set_version_flag("--version", std::string("tally ") + TALLY_VERSION);
  app.require_subcommand(1);
  GlobalOptions options;
  app.add_option("--config", options.config_path, "TOML configuration file")->check(CLI::ExistingFile);
  app.add_option("--data-dir", options.data_dir, "data folder (overrides the configuration)");
  app.add_option("--kafka", options.kafka, "Kafka bootstrap brokers (host:port,...); default: embedded log");

  register_serve(app, options);
  register_ingest(app, options);
  register_parse(app, options);
  register_ledger(app, options);
  register_suspense(app, options);
  register_reconcile(app, options);
  register_discrepancies(app, options);
  register_counter(app, options);
  register_files(app, options);
  register_autopay(app, options);
  register_users(app, options);
  register_backup(app, options);
  register_letters(app, options);
  register_report(app, options);
  register_replay(app, options);
  register_demo(app, options);
  register_dev_broker(app, options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;  // usage errors are exit 2, as every subcommand documents
  }
  return exit_code;
}
