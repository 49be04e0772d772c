// Each subcommand file exposes one register_* function; main.cpp calls them in help order.
// A command's run function returns the process exit code: 0 success, 1 refused/failed,
// 2 usage error.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "core/config.h"

namespace tally::app {

// Options every subcommand shares, filled by CLI11 before a command's callback runs.
struct GlobalOptions {
  std::string config_path;  // --config FILE (TOML); empty: defaults
  std::string data_dir;     // --data-dir DIR overrides the config
  std::string kafka;        // --kafka BROKERS: use Kafka instead of the embedded log
  bool json = false;        // --json where a command supports it
};

// Loads the configuration with the global overrides applied. Exits the process with a
// clear message and code 2 when the configuration is bad: nothing can run without it.
Config resolve_config(const GlobalOptions& options);

// Set by a command's callback; main returns it.
inline int exit_code = 0;

void register_serve(CLI::App& app, GlobalOptions& options);
void register_dev_broker(CLI::App& app, GlobalOptions& options);
void register_parse(CLI::App& app, GlobalOptions& options);
void register_ingest(CLI::App& app, GlobalOptions& options);
void register_ledger(CLI::App& app, GlobalOptions& options);
void register_suspense(CLI::App& app, GlobalOptions& options);
void register_reconcile(CLI::App& app, GlobalOptions& options);
void register_discrepancies(CLI::App& app, GlobalOptions& options);
void register_files(CLI::App& app, GlobalOptions& options);
void register_autopay(CLI::App& app, GlobalOptions& options);
void register_demo(CLI::App& app, GlobalOptions& options);
void register_users(CLI::App& app, GlobalOptions& options);
void register_counter(CLI::App& app, GlobalOptions& options);
void register_backup(CLI::App& app, GlobalOptions& options);
void register_letters(CLI::App& app, GlobalOptions& options);
void register_report(CLI::App& app, GlobalOptions& options);
void register_replay(CLI::App& app, GlobalOptions& options);

}  // namespace tally::app
