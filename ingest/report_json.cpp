#include "ingest/report_json.h"

#include <fmt/format.h>

#include "ingest/card_scrubber.h"

namespace tally::ingest {
namespace {

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
  if (!o.moved_to.empty()) out["moved_to"] = o.moved_to;
  if (o.override_used) out["override_used"] = true;
  if (o.conflicts_kept_first > 0) out["conflicts_kept_first"] = o.conflicts_kept_first;
  const boost::json::object report = report_to_json(o.report);
  if (o.kind != IngestOutcome::Kind::duplicate) out["summary"] = report.at("summary");
  out["errors"] = report.at("errors");
  out["warnings"] = report.at("warnings");
  if (o.verdicts.known) out["verdicts"] = verdicts_to_json(o.verdicts);
  return out;
}

}  // namespace tally::ingest
