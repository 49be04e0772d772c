#include "ingest/report_json.h"

#include <fmt/format.h>

#include <array>
#include <ctime>

#include "core/printable.h"
#include "ingest/card_scrubber.h"

namespace tally::ingest {
namespace {

// A duplicate is named by this much of its SHA-256.
constexpr std::size_t kShortSha = 16;

boost::json::value field_value(const formats::FieldValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* s = std::get_if<std::string>(&v)) return boost::json::string(*s);
  return std::get<bool>(v);
}

std::string field_text(const formats::FieldValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return std::get<bool>(v) ? "true" : "false";
}

boost::json::object fields(const formats::Fields& f) {
  boost::json::object out;
  for (const auto& [name, value] : f.items()) out[name] = field_value(value);
  return out;
}

boost::json::array issues(const std::vector<formats::Issue>& list) {
  boost::json::array out;
  for (const formats::Issue& i : list)
    out.push_back({{"line", i.line}, {"record", i.record}, {"field", i.field}, {"code", i.code},
                   {"message", masked_message(i.message)}});
  return out;
}

std::string iso_time(std::int64_t us) {
  const std::time_t seconds = static_cast<std::time_t>(us / 1'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  std::array<char, 32> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf.data();
}

std::string text_at(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t number_at(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v != nullptr && v->is_number() ? v->to_number<std::int64_t>() : 0;
}

// "; 12 posted, 1 REFUSED by the ledger": what the ledger did, when known.
std::string verdicts_text(const boost::json::object& o) {
  const auto* v = o.if_contains("verdicts");
  if (v == nullptr || !v->is_object()) return {};
  const auto& verdicts = v->as_object();
  std::string out = fmt::format("; {} posted", number_at(verdicts, "posted"));
  const auto add = [&](std::string_view name, std::string_view what) {
    if (const std::int64_t n = number_at(verdicts, name); n > 0) out += fmt::format(", {} {}", n, what);
  };
  add("parked", "waiting for their payment");
  add("refused", "REFUSED by the ledger");
  add("conflicting", "CONFLICTING");
  add("missing", "MISSING from the books");
  return out;
}

std::string location(const formats::Issue& i) {
  std::string where = i.line > 0 ? fmt::format("line {}", i.line) : "file";
  if (i.record > 0) where += fmt::format(", record {}", i.record);
  if (!i.field.empty()) where += fmt::format(", field {}", i.field);
  return where;
}

}  // namespace

std::string masked_message(std::string message) {
  formats::mask_pans(message, nullptr, card_number_options());
  return message;
}

boost::json::object report_to_json(const formats::ParseReport& report) {
  return {{"format", report.format},
          {"accepted", report.accepted},
          {"summary", fields(report.summary)},
          {"declared", fields(report.declared)},
          {"errors", issues(report.errors)},
          {"warnings", issues(report.warnings)}};
}

std::string report_to_text(const formats::ParseReport& report) {
  std::string out = fmt::format("format:   {}\nverdict:  {}\n", report.format,
                                report.accepted ? "accepted" : "REFUSED");
  for (const auto& [name, value] : report.summary.items()) {
    const formats::FieldValue* declared = report.declared.find(name);
    out += fmt::format("  {:<24} {:>20}", name, field_text(value));
    if (declared) out += fmt::format("   declared {:>20}{}", field_text(*declared),
                                     field_text(*declared) == field_text(value) ? "" : "   MISMATCH");
    out += '\n';
  }
  for (const formats::Issue& i : report.errors)
    out += fmt::format("error   [{}] {}: {}\n", i.code, location(i), masked_message(i.message));
  for (const formats::Issue& i : report.warnings)
    out += fmt::format("warning [{}] {}: {}\n", i.code, location(i), masked_message(i.message));
  return out;
}

boost::json::object verdicts_to_json(const FileVerdicts& v) {
  boost::json::array not_posted;
  for (const EventVerdict& e : v.not_posted) {
    boost::json::object item{{"record", e.event.record_ordinal},
                             {"event_id", e.event.id.to_hex()},
                             {"type", events::type_name(e.event.type)},
                             {"verdict", verdict_name(e.verdict)},
                             {"reason", e.reason}};
    if (!e.code.empty()) item["code"] = e.code;
    not_posted.push_back(std::move(item));
  }
  return {{"posted", v.posted},           {"parked", v.parked},   {"refused", v.refused},
          {"conflicting", v.conflicting}, {"missing", v.missing}, {"not_posted", not_posted}};
}

boost::json::object outcome_to_json(const IngestOutcome& o) {
  static const char* const kKinds[] = {"accepted", "duplicate", "refused"};
  boost::json::object out{{"file", o.file},
                          {"outcome", kKinds[static_cast<int>(o.kind)]},
                          {"format", o.format},
                          {"sha256", o.sha256},
                          {"events", o.events}};
  if (o.kind == IngestOutcome::Kind::duplicate) out["first_ingested_at_us"] = o.first_at_us;
  if (!o.claimed_by.empty()) out["ingested_by_node"] = o.claimed_by;
  if (!o.moved_to.empty()) out["moved_to"] = o.moved_to;
  if (!o.report_path.empty()) out["report"] = o.report_path;
  if (o.override_used) out["override_used"] = true;
  if (o.conflicts_kept_first > 0) out["conflicts_kept_first"] = o.conflicts_kept_first;
  const boost::json::object report = report_to_json(o.report);
  if (o.kind != IngestOutcome::Kind::duplicate) out["summary"] = report.at("summary");
  out["errors"] = report.at("errors");
  out["warnings"] = report.at("warnings");
  if (o.verdicts.known) out["verdicts"] = verdicts_to_json(o.verdicts);
  return out;
}

std::string outcome_line(const boost::json::object& o) {
  const std::string name = printable(text_at(o, "file"));  // a file name may hold control characters
  const std::string outcome = text_at(o, "outcome");
  const std::string format = text_at(o, "format");
  if (outcome == "accepted") {
    std::string line = fmt::format("{}: accepted {} file, {} event(s) published{}", name, format,
                                   number_at(o, "events"), o.contains("override_used") ? " (with an override)" : "");
    if (const std::int64_t kept_first = number_at(o, "conflicts_kept_first"); kept_first > 0)
      line += fmt::format(", {} conflicting event(s) not published (the books keep the first)", kept_first);
    return line + verdicts_text(o);
  }
  if (outcome == "duplicate")
    return fmt::format("{}: already ingested{} at {} (sha256 {}); nothing done", name,
                       o.contains("ingested_by_node") ? " by node " + text_at(o, "ingested_by_node") : "",
                       iso_time(number_at(o, "first_ingested_at_us")), text_at(o, "sha256").substr(0, kShortSha));
  const auto* errors = o.if_contains("errors");
  const std::size_t error_count = errors != nullptr && errors->is_array() ? errors->as_array().size() : 0;
  const std::string first =
      error_count > 0 ? text_at(errors->as_array().front().as_object(), "message") : std::string();
  const std::string report = text_at(o, "report");
  return fmt::format("{}: REFUSED {} file, {} error(s){}{}", name, format.empty() ? "unknown" : format, error_count,
                     error_count == 0 ? "" : ": " + printable(first), report.empty() ? "" : "; report " + report);
}

}  // namespace tally::ingest
