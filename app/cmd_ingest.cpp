// tally ingest FILE...: check, deduplicate, publish and (on the embedded log) post files,
// then say what the ledger did with every event of each file.
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
#include "formats/detect/detect.h"
#include "ingest/intake.h"
#include "core/printable.h"
#include "ingest/report_json.h"
#include "node/file_verdicts.h"
#include "node/node.h"

namespace tally::app {
namespace {

// Files were accepted but some of their events are not in the books.
constexpr int kExitNotAllPosted = 3;

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

// "  record 12: PAYMENT_RETURNED 1f3a… refused: <reason>" for each event not posted.
void print_not_posted(const ingest::IngestOutcome& o) {
  for (const ingest::EventVerdict& v : o.verdicts.not_posted)
    fmt::print("  record {}: {} {} {}{}{}\n", v.event.record_ordinal,
               events::type_name(v.event.type), v.event.id.to_hex(),
               ingest::verdict_name(v.verdict), v.reason.empty() ? "" : ": ", printable(v.reason));
  const std::int64_t listed = static_cast<std::int64_t>(o.verdicts.not_posted.size());
  const std::int64_t all = o.verdicts.parked + o.verdicts.refused + o.verdicts.conflicting +
                           o.verdicts.missing;
  if (all > listed) fmt::print("  ... and {} more: tally discrepancies list\n", all - listed);
}

// What the files came to, counted over the run.
struct RunCounts {
  int accepted = 0, duplicates = 0, refused = 0, with_lost_events = 0;
  std::int64_t events = 0;
  void add(const ingest::IngestOutcome& outcome) {
    switch (outcome.kind) {
      case ingest::IngestOutcome::Kind::accepted: ++accepted; break;
      case ingest::IngestOutcome::Kind::duplicate: ++duplicates; break;
      case ingest::IngestOutcome::Kind::refused: ++refused; break;
    }
    if (outcome.verdicts.any_lost()) ++with_lost_events;
    events += outcome.events;
  }
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

void print_summary(const node::Node& node, const IngestCliOptions& options, const RunCounts& c,
                   boost::json::array results, std::size_t posted, double seconds) {
  if (options.json) {
    boost::json::object summary{{"files", std::move(results)}, {"accepted", c.accepted},
                                {"duplicates", c.duplicates},   {"refused", c.refused},
                                {"events", c.events},           {"posted", posted},
                                {"files_with_events_not_posted", c.with_lost_events},
                                {"seconds", seconds}};
    std::puts(boost::json::serialize(summary).c_str());
    return;
  }
  fmt::print("ingest: {} file(s): {} accepted, {} already ingested, {} refused; {} event(s) published, "
             "{} posted, in {:.2f} s\n",
             options.files.size(), c.accepted, c.duplicates, c.refused, c.events, posted, seconds);
  if (!node.posts_here())
    fmt::print("the ledger runs in other processes: what it did not post shows in "
               "`tally discrepancies list`\n");
  if (c.with_lost_events > 0)
    fmt::print("{} file(s) have events that are not in the books: see above, and "
               "`tally discrepancies list`\n", c.with_lost_events);
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
  auto opened = node::Node::open(resolve_config(global));
  if (!opened) {
    fmt::print(stderr, "tally ingest: {}\n", opened.error().describe());
    return 1;
  }
  node::Node& node = **opened;
  const auto start = std::chrono::steady_clock::now();
  node.start_posting();  // posts while the files are published
  auto outcomes = ingest_files(node, options, forced);
  if (!outcomes) return 1;
  auto posted = node.finish_posting();
  if (!posted) {
    fmt::print(stderr, "tally ingest: posting to the ledger failed: {}\n", posted.error().describe());
    return 1;
  }
  // "Accepted" means posted: what the ledger did with each event of each file.
  RunCounts counts;
  boost::json::array results;
  for (ingest::IngestOutcome& outcome : *outcomes) {
    if (node.posts_here() && outcome.kind == ingest::IngestOutcome::Kind::accepted) {
      if (auto filled = node::fill_verdicts(outcome, node.ledger(), &*posted); !filled) {
        fmt::print(stderr, "tally ingest: reading the ledger's verdicts: {}\n", filled.error().describe());
        return 1;
      }
    }
    counts.add(outcome);
    if (options.json) {
      results.push_back(ingest::outcome_to_json(outcome));
    } else {
      fmt::print("{}\n", outcome.one_line());
      print_not_posted(outcome);
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  print_summary(node, options, counts, std::move(results), posted->applied, seconds);
  if (counts.refused > 0) return 1;
  return counts.with_lost_events > 0 ? kExitNotAllPosted : 0;
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
