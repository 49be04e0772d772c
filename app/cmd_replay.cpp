// tally replay --into DIR [--until DATE | --position P...] | --compare DIR: rebuild the books
// and the reconciler's state from the data folder's embedded event log into a new folder
// (point in time), or prove two folders hold the same state (replay/README.md).
#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>

#include "app/commands.h"
#include "core/errors.h"
#include "node/node.h"
#include "replay/digest.h"
#include "replay/replay.h"

namespace tally::app {
namespace {

struct ReplayCliOptions {
  std::string into;
  std::string compare;
  std::string until;
  std::vector<std::string> positions;
  bool as_is = false;
};

int fail(const Config& config, const Error& error) {
  if (is_in_use(error))
    fmt::print(stderr,
               "tally replay: the data folder {} is in use by another tally process (is `tally serve` "
               "running?): its event log is locked. Stop it first, or replay a copy of the folder.\n",
               config.data_dir);
  else
    fmt::print(stderr, "tally replay: {}\n", error.describe());
  return 1;
}

// "P" (every partition) or "PARTITION:P"; false when neither.
bool parse_position(const std::string& text, replay::Cut& cut) {
  auto number = [](std::string_view s, std::int64_t& out) {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size() && out >= 0;
  };
  const auto colon = text.find(':');
  std::int64_t p = 0, pos = 0;
  if (colon == std::string::npos) {
    if (!number(text, pos)) return false;
    cut.default_end = LogPosition(pos);
    return true;
  }
  if (!number(std::string_view(text).substr(0, colon), p) || !number(std::string_view(text).substr(colon + 1), pos) ||
      p > std::numeric_limits<std::uint32_t>::max())
    return false;
  cut.ends[static_cast<std::uint32_t>(p)] = LogPosition(pos);
  return true;
}

// Records applied / total on stderr, when it is a terminal.
replay::ProgressFn terminal_progress(std::string& last_phase) {
  if (::isatty(STDERR_FILENO) != 1) return {};
  return [&last_phase](const replay::Progress& p) {
    if (!last_phase.empty() && last_phase != p.phase) fmt::print(stderr, "\n");
    last_phase = std::string(p.phase);
    fmt::print(stderr, "\rreplay: {}: {} / {} records   ", p.phase, p.done, p.total);
  };
}

void print_cut(const replay::ReplayOptions& options, const replay::ReplayReport& r) {
  for (const auto& c : r.partitions) {
    if (options.cut.until)
      fmt::print("  partition {}: {} of {} records; {} dated after {} left out{}\n", c.partition.value(), c.end.value(),
                 c.log_end.value(), c.left_out, options.cut.until->to_iso(),
                 c.late_records > 0 ? fmt::format(", {} kept came later in the log than one of them",
                                                  c.late_records)
                                    : std::string());
    else
      fmt::print("  partition {}: {} of {} records (the positions below {})\n", c.partition.value(), c.end.value(),
                 c.log_end.value(), c.end.value());
  }
}

int run_into(const GlobalOptions& global, const ReplayCliOptions& o) {
  replay::ReplayOptions options;
  options.live = resolve_config(global);
  if (!options.live.kafka.brokers.empty()) {
    fmt::print(stderr, "tally replay: replay reads the embedded log of a data folder; not with --kafka\n");
    return 2;
  }
  options.into = options.live;
  options.into.data_dir = o.into;
  if (!o.until.empty()) {
    options.cut.until = BusinessDate::parse_iso(o.until);
    if (!options.cut.until) {
      fmt::print(stderr, "tally replay: --until must be YYYY-MM-DD\n");
      return 2;
    }
  }
  for (const auto& p : o.positions) {
    if (!parse_position(p, options.cut)) {
      fmt::print(stderr, "tally replay: --position must be P or PARTITION:P (non-negative integers), not '{}'\n", p);
      return 2;
    }
  }
  std::string phase;
  options.progress = terminal_progress(phase);
  auto report = replay::replay_into(options);
  if (!phase.empty()) fmt::print(stderr, "\n");
  if (!report) return fail(options.live, report.error());
  const replay::ReplayReport& r = *report;
  fmt::print("replayed {} records of {} into {} in {:.1f} s (reading the log {:.1f} s, posting {:.1f} s, "
             "reconciler {:.1f} s)\n",
             r.records, options.live.data_dir, o.into, r.copy_seconds + r.ledger_seconds + r.reconcile_seconds,
             r.copy_seconds, r.ledger_seconds, r.reconcile_seconds);
  if (!options.cut.whole()) print_cut(options, r);
  fmt::print("ledger: {} applied, {} duplicates, {} conflicting, {} refused, {} parked, {} dead-lettered\n",
             r.ledger.applied, r.ledger.duplicates, r.ledger.conflicts, r.ledger.refused, r.ledger.parked,
             r.ledger.dead_letters);
  fmt::print("reconciler: {} records read\n", r.reconcile_records);
  fmt::print("not copied: the keys (a command that opens {} makes new ones, so account numbers sealed with the "
             "live keys are not readable there), the file registry, the counter's store, the API's users\n",
             o.into);
  fmt::print("read it with: tally --data-dir {} ledger balance ACCOUNT\n", o.into);
  return 0;
}

// Brings a folder's ledger and reconciler up to its log, as every command that reads them
// does (`tally ingest` posts but leaves the reconciler to the next read): what the log holds
// beyond them is state they will have, not a difference.
Status catch_up(const Config& config) {
  if (!std::filesystem::exists(config.log_dir() + "/CURRENT"))
    return core_error(CoreErrc::invalid_argument,
                      fmt::format("{} holds no embedded event log (looked for {})", config.data_dir, config.log_dir()));
  TALLY_TRY(auto services, node::Node::open(config));
  TALLY_TRY_STATUS(services->post_pending());
  TALLY_TRY_STATUS(services->reconciler().catch_up());
  return ok_status();
}

int run_compare(const GlobalOptions& global, const ReplayCliOptions& o) {
  const Config live = resolve_config(global);
  if (!live.kafka.brokers.empty()) {
    fmt::print(stderr, "tally replay: --compare reads embedded data folders; not with --kafka\n");
    return 2;
  }
  Config other = live;
  other.data_dir = o.compare;
  if (!o.as_is) {
    for (const Config* c : std::initializer_list<const Config*>{&live, &other})
      if (auto caught = catch_up(*c); !caught.ok()) return fail(*c, caught.error());
  }
  auto compared = replay::compare_folders(live, other);
  if (!compared) return fail(live, compared.error());
  std::size_t differ = 0;
  for (const auto& s : *compared) {
    if (!s.equal()) ++differ;
    fmt::print("{:<9} {:<12} {:<7} live {} ({} keys)  {} {} ({} keys)\n", s.store, s.scope,
               s.equal() ? "equal" : "DIFFERS", s.live.hex, s.live.keys, "dir", s.other.hex, s.other.keys);
  }
  if (differ == 0) {
    fmt::print("all {} equal: {} and {} hold the same books and reconciler state\n", compared->size(),
               live.data_dir, o.compare);
    return 0;
  }
  fmt::print("{} of {} differ\n", differ, compared->size());
  return 1;
}

}  // namespace

void register_replay(CLI::App& app, GlobalOptions& global) {
  auto o = std::make_shared<ReplayCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "replay",
      "Rebuild the books and the reconciler's state from the data folder's event log into a new\n"
      "folder (--into), all of it or up to a cut, for point-in-time questions:\n"
      "  tally --data-dir DIR ledger balance ACCOUNT answers as of the cut.\n"
      "Or prove two folders hold the same state (--compare): a SHA-256 per ledger partition, the\n"
      "ledger's global keys and the reconciler's store, after bringing each folder's ledger and\n"
      "reconciler up to its log; exit 0 when all are equal, 1 when any differs.\n"
      "--into only reads the live folder, which must not be in use: a folder `tally serve` runs on\n"
      "is refused (its event log is locked), by --compare too. Not copied into DIR: the keys (DIR makes new ones when\n"
      "a command opens it), the file registry, the counter's store, the API's users.");
  auto* into = cmd->add_option("--into", o->into, "the new folder (absent or empty) to replay into");
  auto* compare = cmd->add_option("--compare", o->compare, "a data folder to compare with this one");
  into->excludes(compare);
  auto* as_is = cmd->add_flag("--as-is", o->as_is,
                              "with --compare: compare the stores as they are, without first posting what each\n"
                              "folder's log holds beyond its ledger and reconciler (as every read command does)");
  as_is->needs(compare);
  auto* until = cmd->add_option(
      "--until", o->until,
      "YYYY-MM-DD: every record whose business date is on or before it, in log order (the records\n"
      "dated after it are left out wherever they are): the books for the days up to it, as\n"
      "`ledger balance --as-of` has them. Positions in DIR then differ from the live log's");
  auto* position = cmd->add_option(
      "--position", o->positions,
      "P: the records before position P of every partition, at the same positions (the log as it\n"
      "stood then); PARTITION:P: of that partition only (the others whole unless a plain P is\n"
      "given too). Repeatable");
  until->excludes(position);
  until->needs(into);
  position->needs(into);
  cmd->callback([&global, o] {
    if (o->into.empty() && o->compare.empty()) {
      fmt::print(stderr, "tally replay: say --into DIR or --compare DIR (tally replay --help)\n");
      exit_code = 2;
      return;
    }
    exit_code = o->into.empty() ? run_compare(global, *o) : run_into(global, *o);
  });
}

}  // namespace tally::app
