#include "app/ingest_output.h"

#include <fmt/format.h>

#include <cstdio>

#include "core/printable.h"
#include "ingest/report_json.h"

namespace tally::app {
namespace {

std::int64_t number_at(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v != nullptr && v->is_number() ? v->to_number<std::int64_t>() : 0;
}

std::string text_at(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Refused, conflicting or missing: the file's events are not all in the books.
bool lost_events(const boost::json::object& outcome) {
  const auto* v = outcome.if_contains("verdicts");
  if (v == nullptr || !v->is_object()) return false;
  const auto& verdicts = v->as_object();
  return number_at(verdicts, "refused") + number_at(verdicts, "conflicting") + number_at(verdicts, "missing") > 0;
}

// "  record 12: PAYMENT_RETURNED 1f3a… refused: <reason>" for each event not posted.
void print_not_posted(const boost::json::object& verdicts) {
  const auto& listed = verdicts.at("not_posted").as_array();
  for (const auto& item : listed) {
    const auto& v = item.as_object();
    const std::string reason = text_at(v, "reason");
    fmt::print("  record {}: {} {} {}{}{}\n", number_at(v, "record"), text_at(v, "type"), text_at(v, "event_id"),
               text_at(v, "verdict"), reason.empty() ? "" : ": ", printable(reason));
  }
  const std::int64_t all = number_at(verdicts, "parked") + number_at(verdicts, "refused") +
                           number_at(verdicts, "conflicting") + number_at(verdicts, "missing");
  const auto shown = static_cast<std::int64_t>(listed.size());
  if (all > shown) fmt::print("  ... and {} more: tally discrepancies list\n", all - shown);
}

// What leniency let through in an accepted file ("  warning [short_line] line 3: ..."), so a
// person sees what was unusual about it; at most kShownWarnings, then a count.
void print_warnings(const boost::json::object& outcome) {
  constexpr std::size_t kShownWarnings = 10;
  const auto* v = outcome.if_contains("warnings");
  if (v == nullptr || !v->is_array()) return;
  const auto& warnings = v->as_array();
  for (std::size_t i = 0; i < warnings.size() && i < kShownWarnings; ++i) {
    if (!warnings[i].is_object()) continue;
    const auto& w = warnings[i].as_object();
    const std::int64_t line = number_at(w, "line");
    fmt::print("  warning [{}] {}: {}\n", printable(text_at(w, "code")),
               line > 0 ? fmt::format("line {}", line) : "file",
               printable(ingest::masked_message(text_at(w, "message"))));
  }
  if (warnings.size() > kShownWarnings)
    fmt::print("  ... and {} more warning(s): --json lists them all\n",
               warnings.size() - kShownWarnings);
}

}  // namespace

void print_file(const boost::json::object& outcome, bool json) {
  if (json) return;
  if (text_at(outcome, "outcome") == "pending") {
    fmt::print("{}: uploaded; the server is still ingesting it (as {}): GET /api/v1/files shows its outcome\n",
               printable(text_at(outcome, "file")), text_at(outcome, "uploaded_as"));
    return;
  }
  fmt::print("{}\n", ingest::outcome_line(outcome));
  if (text_at(outcome, "outcome") == "accepted") print_warnings(outcome);
  if (const auto* verdicts = outcome.if_contains("verdicts"); verdicts != nullptr && verdicts->is_object())
    print_not_posted(verdicts->as_object());
}

boost::json::object summary_json(boost::json::array files, std::int64_t posted, double seconds) {
  std::int64_t accepted = 0, duplicates = 0, refused = 0, pending = 0, events = 0, with_lost = 0;
  for (const auto& item : files) {
    const auto& f = item.as_object();
    const std::string outcome = text_at(f, "outcome");
    accepted += outcome == "accepted";
    duplicates += outcome == "duplicate";
    refused += outcome == "refused";
    pending += outcome == "pending";
    events += number_at(f, "events");
    with_lost += lost_events(f);
  }
  boost::json::object summary{{"files", std::move(files)}, {"accepted", accepted},
                              {"duplicates", duplicates},  {"refused", refused},
                              {"events", events},          {"posted", posted},
                              {"files_with_events_not_posted", with_lost},
                              {"seconds", seconds}};
  if (pending > 0) summary["pending"] = pending;
  return summary;
}

int print_summary(const boost::json::object& s, bool json, bool posts_here) {
  const std::int64_t pending = number_at(s, "pending"), with_lost = number_at(s, "files_with_events_not_posted");
  if (json) {
    std::puts(boost::json::serialize(s).c_str());
  } else {
    fmt::print("ingest: {} file(s): {} accepted, {} already ingested, {} refused{}; {} event(s) published, "
               "{} posted, in {:.2f} s\n",
               s.at("files").as_array().size(), number_at(s, "accepted"), number_at(s, "duplicates"),
               number_at(s, "refused"), pending > 0 ? fmt::format(", {} still being ingested", pending) : "",
               number_at(s, "events"), number_at(s, "posted"), s.at("seconds").to_number<double>());
    if (!posts_here)
      fmt::print("the ledger runs in other processes: what it did not post shows in "
                 "`tally discrepancies list`\n");
    if (with_lost > 0)
      fmt::print("{} file(s) have events that are not in the books: see above, and "
                 "`tally discrepancies list`\n", with_lost);
  }
  if (number_at(s, "refused") > 0 || pending > 0) return 1;
  return with_lost > 0 ? kExitNotAllPosted : 0;
}

}  // namespace tally::app
