// Helpers shared by the mapper tests: a file context, mapping through the same entry points
// intake uses (check_file, then map_file), and lookups over the events a mapper emitted.
#pragma once

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/events/codec.h"
#include "formats/detect/detect.h"
#include "ingest/mapping.h"
#include "ingest/publisher.h"

namespace mapper_test {

using namespace tally;
using namespace tally::ingest;

inline FileContext context(std::string sha256 = std::string(64, 'a')) {
  FileContext f;
  f.sha256 = std::move(sha256);
  f.file_name = "fixture";
  f.user = "test";
  f.account_hash_key = std::string(32, 'k');
  f.business_date = *BusinessDate::parse_iso("2026-11-20");
  return f;
}

inline std::string describe(const formats::ParseReport& r) {
  std::string out;
  for (const auto& e : r.errors) out += "E " + e.field + " " + e.code + ": " + e.message + "\n";
  for (const auto& w : r.warnings) out += "W " + w.field + " " + w.code + ": " + w.message + "\n";
  return out;
}

inline bool has_warning(const formats::ParseReport& r, std::string_view code) {
  for (const auto& w : r.warnings)
    if (w.code == code) return true;
  return false;
}

inline std::int64_t summary_int(const formats::ParseReport& r, std::string_view name) {
  const auto* v = r.summary.find(name);
  if (!v || !std::holds_alternative<std::int64_t>(*v)) return -1;
  return std::get<std::int64_t>(*v);
}

struct Mapped {
  formats::ParseReport check;
  formats::ParseReport map;
  std::vector<events::Envelope> events;
};

// check_file then map_file, as intake runs them; both must agree on acceptance.
inline Mapped run(formats::Format format, const std::string& bytes,
                  const FileContext& file = context()) {
  Mapped m;
  m.check = check_file(format, bytes);
  CollectingSink sink;
  auto mapped = map_file(format, bytes, file, sink);
  REQUIRE(mapped.ok());
  m.map = std::move(mapped).value();
  m.events = std::move(sink.events);
  INFO(describe(m.map));
  CHECK(m.check.accepted == m.map.accepted);
  return m;
}

// run() for a file the test expects to be accepted.
inline std::vector<events::Envelope> map_accepted(formats::Format format, const std::string& bytes,
                                                  const FileContext& file = context()) {
  Mapped m = run(format, bytes, file);
  INFO(describe(m.map));
  REQUIRE(m.map.accepted);
  return std::move(m.events);
}

inline std::vector<const events::Envelope*> of_type(const std::vector<events::Envelope>& all,
                                                    events::EventType type) {
  std::vector<const events::Envelope*> out;
  for (const auto& e : all)
    if (e.type() == type) out.push_back(&e);
  return out;
}

// Every event has its own id.
inline bool ids_distinct(const std::vector<events::Envelope>& all) {
  std::set<std::string> ids;
  for (const auto& e : all) ids.insert(e.id());
  return ids.size() == all.size();
}

// Two runs of one file give the same ids, in the same order.
inline bool same_ids(const std::vector<events::Envelope>& a, const std::vector<events::Envelope>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].id() != b[i].id()) return false;
  return true;
}

inline std::string id_bytes(const EventId& id) { return std::string(id.as_string_view()); }

}  // namespace mapper_test
