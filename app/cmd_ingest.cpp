// tally ingest FILE...: check, deduplicate, publish and (on the embedded log) post files,
// then say what the ledger did with every event of each file. With `tally serve` running, each
// file is uploaded to it instead (app/ingest_upload.h); either way app/ingest_output.h prints.
// Exit codes: 0 every file accepted (or already ingested) and each of its events posted or
// waiting for its payment; 1 a file was refused, or the system failed; 2 usage; 3 files
// accepted but some of their events are not in the books (refused by a posting rule,
// conflicting, dead-lettered): each is listed, and `tally discrepancies list` keeps them.
#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "app/commands.h"
#include "app/ingest_output.h"
#include "app/ingest_upload.h"
#include "app/remote.h"
#include "core/errors.h"
#include "core/log/kafka_log.h"
#include "formats/detect/detect.h"
#include "ingest/sealing.h"
#include "ingest/intake.h"
#include "ingest/report_json.h"
#include "node/cluster_files.h"
#include "node/cluster_presence.h"
#include "node/file_verdicts.h"
#include "node/node.h"

namespace tally::app {
namespace {

struct IngestCliOptions {
  std::vector<std::string> files;
  std::string format;
  std::string user;
  bool override_layout = false;
  bool override_conflicts = false;
  bool keep_files = false;
  bool json = false;
};

// "\r 42%  120,000 events  95,000 events/s" on stderr, at most ten times a second.
class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
  void update(std::int64_t done, std::int64_t total) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100) && done != total) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    if (total > 0)
      std::fprintf(stderr, "\r %3lld%%  %lld events  %.0f events/s   ",
                   static_cast<long long>(done * 100 / std::max<std::int64_t>(total, 1)),
                   static_cast<long long>(done), rate);
    else
      std::fprintf(stderr, "\r %lld events  %.0f events/s   ", static_cast<long long>(done), rate);
    std::fflush(stderr);
    shown_ = true;
  }
  void finish() {
    if (shown_) std::fputs("\r\033[K", stderr);
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

ingest::IngestOptions intake_options(const IngestCliOptions& options, std::optional<formats::Format> forced) {
  ingest::IngestOptions o;
  o.user = options.user.empty() ? "cli" : options.user;
  o.format = forced;
  o.override_layout = options.override_layout;
  o.override_conflicts = options.override_conflicts;
  o.move_files = !options.keep_files;
  return o;
}

// Each file through the intake, in order; the first system failure stops the run (what was
// published stays in the log: the next run posts it).
std::optional<std::vector<ingest::IngestOutcome>> ingest_files(node::Node& node, const IngestCliOptions& options,
                                                               std::optional<formats::Format> forced) {
  const bool tty = isatty(STDERR_FILENO) == 1 && !options.json;
  std::vector<ingest::IngestOutcome> outcomes;
  for (const std::string& path : options.files) {
    ProgressLine progress(tty);
    ingest::IngestOptions o = intake_options(options, forced);
    o.progress = [&](std::int64_t done, std::int64_t total) { progress.update(done, total); };
    auto outcome = node.intake().ingest(path, o);
    progress.finish();
    if (!outcome) {
      fmt::print(stderr, "tally ingest: {}: {}\n", path, outcome.error().describe());
      return std::nullopt;
    }
    outcomes.push_back(std::move(outcome).value());
  }
  return outcomes;
}

// Every file through this process's intake and ledger; the summary, or the exit code.
Reply ingest_here(const Config& config, const IngestCliOptions& options, std::optional<formats::Format> forced) {
  auto opened = node::Node::open(config);
  if (!opened) return local_reply(opened.error(), "ingest");
  node::Node& node = **opened;
  // On Kafka a file is claimed on the cluster's directory before it is published, as `tally
  // serve` does (docs/operations.md, "A file dropped on two nodes"), so a file another node
  // took is not published again. Keys other than the cluster's are refused.
  std::unique_ptr<node::ClusterPresence> presence;
  std::optional<node::ClusterFiles> claims;
  if (auto* kafka = dynamic_cast<log::KafkaLog*>(&node.log())) {
    auto joined = node::ClusterPresence::start(config, *kafka, ingest::keys_fingerprint(node.intake().keys()));
    if (!joined && joined.error().code == CoreErrc::bad_config) return local_reply(joined.error(), "ingest");
    if (joined) {
      presence = std::move(*joined);
      claims.emplace(presence->directory(), presence->node());
      node.intake().use_claims(&*claims);
    } else {
      spdlog::warn("cluster: {}; files are not claimed, so one another node took is published again "
                   "(create the topic with deploy/kafka-topics.sh)", joined.error().message);
    }
  }
  const auto start = std::chrono::steady_clock::now();
  node.start_posting();  // posts while the files are published
  auto outcomes = ingest_files(node, options, forced);
  if (!outcomes) return Reply{.exit_code = 1};
  auto posted = node.finish_posting();
  if (!posted) {
    fmt::print(stderr, "tally ingest: posting to the ledger failed: {}\n", posted.error().describe());
    return Reply{.exit_code = 1};
  }
  // "Accepted" means posted: what the ledger did with each event of each file.
  boost::json::array files;
  for (ingest::IngestOutcome& outcome : *outcomes) {
    if (node.posts_here() && outcome.kind == ingest::IngestOutcome::Kind::accepted) {
      if (auto filled = node::fill_verdicts(outcome, node.ledger(), &*posted); !filled) {
        fmt::print(stderr, "tally ingest: reading the ledger's verdicts: {}\n", filled.error().describe());
        return Reply{.exit_code = 1};
      }
    }
    boost::json::object json = ingest::outcome_to_json(outcome);
    print_file(json, options.json);
    files.push_back(std::move(json));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Reply{.status = 200,
               .json = summary_json(std::move(files), static_cast<std::int64_t>(posted->applied), seconds)};
}

int run_ingest(const GlobalOptions& global, const IngestCliOptions& options) {
  std::optional<formats::Format> forced;
  if (!options.format.empty() && !(forced = formats::format_from_name(options.format))) {
    fmt::print(stderr, "tally ingest: unknown format '{}'\n", options.format);
    return 2;
  }
  if ((options.override_layout || options.override_conflicts) && options.user.empty()) {
    fmt::print(stderr, "tally ingest: an override needs --user NAME (it is recorded)\n");
    return 2;
  }
  const Config config = resolve_config(global);
  const Reply reply =
      server_running(config)
          ? upload_files(config, {.files = options.files,
                                  .user = options.user,
                                  .format = options.format.empty() ? std::nullopt : std::optional(options.format),
                                  .override_layout = options.override_layout,
                                  .override_conflicts = options.override_conflicts,
                                  .keep_files = options.keep_files,
                                  .json = options.json})
          : ingest_here(config, options, forced);
  if (!reply.ok()) return reply.exit_code;
  return print_summary(reply.json.as_object(), options.json, config.kafka.brokers.empty());
}

}  // namespace

void register_ingest(CLI::App& app, GlobalOptions& global) {
  auto options = std::make_shared<IngestCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Check, deduplicate and publish bank and processor files, post them to the ledger, and\n"
      "say what the ledger did with every event. Accepted files are kept, sealed, in processed/;\n"
      "refused ones in quarantine/ with an error report.\n"
      "Exit 0: all accepted (or already ingested), every event posted or waiting for its\n"
      "payment; 1: a file was refused; 3: accepted, but events not in the books (listed).");
  cmd->add_option("FILE", options->files, "files to ingest")->required()->check(CLI::ExistingFile);
  cmd->add_option("--format", options->format, "force a format (default: detected from content)");
  cmd->add_option("--user", options->user, "who is running this (recorded)");
  cmd->add_flag("--override-layout", options->override_layout,
                "accept files whose only errors are layout ones (needs --user; never money errors)");
  cmd->add_flag("--override-conflicts", options->override_conflicts,
                "accept files whose only errors are conflicts with earlier files or repeated\n"
                "trace/item numbers; the books keep the first version (needs --user)");
  cmd->add_flag("--keep", options->keep_files, "leave the files where they are");
  cmd->add_flag("--json", options->json, "one JSON summary on stdout");
  cmd->callback([&global, options] { exit_code = run_ingest(global, *options); });
}

}  // namespace tally::app
