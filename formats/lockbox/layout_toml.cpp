// LockboxLayout::from_toml: a bank's layout as TOML text (README.md, "Adding a bank's
// layout"). Unknown keys are errors: a misspelt key must not silently move a field.
//
//   name = "examplebank"
//   max_record_length = 80
//   currency = "USD"            # optional, default USD
//   [[field]]
//   record = "6"                # record type
//   name = "amount"             # a field name of layout.h (field_name)
//   position = 8                # 1-based column of the first character
//   length = 10
//   type = "amount"             # digits, amount, text, yymmdd, mmddyy, hhmm
//   optional = false            # optional, default false
#include <fmt/format.h>

#include <toml++/toml.h>
#include <set>
#include <string>
#include <vector>

#include "core/errors.h"
#include "formats/lockbox/layout.h"

namespace tally::formats::lockbox {
namespace {

Error toml_error(std::string_view what) {
  return core_error(CoreErrc::bad_config, fmt::format("lockbox layout TOML: {}", what));
}

Status known_keys(const toml::table& t, const std::set<std::string>& known,
                  std::string_view where) {
  for (const auto& [key, value] : t) {
    if (!known.count(std::string(key.str())))
      return toml_error(fmt::format("unknown key '{}' in {}", key.str(), where));
  }
  return ok_status();
}

Result<std::int64_t> integer(const toml::table& t, std::string_view key, std::string_view where,
                             std::int64_t lo, std::int64_t hi) {
  const auto v = t[key].value<std::int64_t>();
  if (!v || *v < lo || *v > hi)
    return toml_error(fmt::format("{}: '{}' must be an integer {}-{}", where, key, lo, hi));
  return *v;
}

Result<FieldSpec> field_spec(const toml::table& t, std::size_t index) {
  const std::string where = fmt::format("field #{}", index + 1);
  TALLY_TRY_STATUS(
      known_keys(t, {"record", "name", "position", "length", "type", "optional"}, where));
  FieldSpec s;
  const auto record = t["record"].value<std::string>();
  if (!record || record->size() != 1) return toml_error(where + ": 'record' must be one character");
  s.record = (*record)[0];
  const auto name = t["name"].value<std::string>();
  const auto field = name ? field_from_name(*name) : std::nullopt;
  if (!field)
    return toml_error(fmt::format("{}: unknown field name '{}'", where, name.value_or("")));
  s.field = *field;
  const auto type_name = t["type"].value<std::string>();
  const auto type = type_name ? field_type_from_name(*type_name) : std::nullopt;
  if (!type) return toml_error(fmt::format("{}: unknown type '{}'", where, type_name.value_or("")));
  s.type = *type;
  TALLY_TRY(const std::int64_t position,
            integer(t, "position", where, 2, LockboxLayout::kMaxRecordLength));
  TALLY_TRY(const std::int64_t length,
            integer(t, "length", where, 1, LockboxLayout::kMaxRecordLength));
  s.position = static_cast<std::uint16_t>(position);
  s.length = static_cast<std::uint16_t>(length);
  s.optional = t["optional"].value_or(false);
  return s;
}

}  // namespace

Result<LockboxLayout> LockboxLayout::from_toml(std::string_view toml_text) {
  toml::table root;
  try {  // Debian's toml++ reports parse errors by exception; they stop here.
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& err) {
    return toml_error(fmt::format("line {}: {}", err.source().begin.line, err.description()));
  }
  TALLY_TRY_STATUS(
      known_keys(root, {"name", "max_record_length", "currency", "field"}, "the top level"));
  const auto name = root["name"].value<std::string>();
  if (!name || name->empty()) return toml_error("'name' is required");
  TALLY_TRY(const std::int64_t max_length,
            integer(root, "max_record_length", "the top level", 2, kMaxRecordLength));
  Currency currency = Currency::usd();
  if (const auto code = root["currency"].value<std::string>()) {
    const auto c = Currency::from_code(*code);
    if (!c) return toml_error(fmt::format("unknown currency '{}'", *code));
    currency = *c;
  }
  const toml::array* fields = root["field"].as_array();
  if (!fields || fields->empty()) return toml_error("no [[field]] tables");
  std::vector<FieldSpec> specs;
  for (std::size_t i = 0; i < fields->size(); ++i) {
    const toml::table* t = (*fields)[i].as_table();
    if (!t) return toml_error(fmt::format("field #{} is not a table", i + 1));
    TALLY_TRY(FieldSpec spec, field_spec(*t, i));
    specs.push_back(spec);
  }
  return from_table(*name, specs, static_cast<std::size_t>(max_length), currency);
}

}  // namespace tally::formats::lockbox
