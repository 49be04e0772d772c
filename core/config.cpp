#include "core/config.h"

#include <fmt/format.h>

#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "core/errors.h"

namespace tally {
namespace {

Error config_error(const std::string& source, std::string_view what) {
  return core_error(CoreErrc::bad_config, fmt::format("{}: {}", source, what));
}

Status check_keys(const toml::table& table, const std::set<std::string>& known,
                  const std::string& where, const std::string& source) {
  for (const auto& [key, value] : table) {
    if (!known.count(std::string(key.str())))
      return config_error(source, fmt::format("unknown key '{}{}'", where, key.str()));
  }
  return ok_status();
}

}  // namespace

Result<Config> parse_config(std::string_view text, const std::string& source) {
  toml::table root;
  try {  // Debian's toml++ reports parse errors by exception; they stop here.
    root = toml::parse(text, source);
  } catch (const toml::parse_error& err) {
    return config_error(source, fmt::format("line {}: {}", err.source().begin.line,
                                            err.description()));
  }
  TALLY_TRY_STATUS(check_keys(root, {"data_dir", "partitions", "currency", "http", "kafka", "autopay", "reconcile"}, "", source));
  Config c;
  c.data_dir = root["data_dir"].value_or(c.data_dir);
  const auto partitions = root["partitions"].value_or(std::int64_t{c.partitions});
  if (partitions < 1 || partitions > 4096) return config_error(source, "partitions must be 1..4096");
  c.partitions = static_cast<std::uint32_t>(partitions);
  c.currency = root["currency"].value_or(c.currency);
  if (const toml::table* http = root["http"].as_table()) {
    TALLY_TRY_STATUS(check_keys(*http, {"address", "port"}, "http.", source));
    c.listen_address = (*http)["address"].value_or(c.listen_address);
    const auto port = (*http)["port"].value_or(std::int64_t{c.listen_port});
    if (port < 0 || port > 65535) return config_error(source, "http.port must be 0..65535");
    c.listen_port = static_cast<std::uint16_t>(port);
  }
  if (const toml::table* kafka = root["kafka"].as_table()) {
    TALLY_TRY_STATUS(check_keys(*kafka, {"brokers", "topic", "group", "session_timeout_ms"}, "kafka.", source));
    c.kafka.brokers = (*kafka)["brokers"].value_or(c.kafka.brokers);
    c.kafka.topic = (*kafka)["topic"].value_or(c.kafka.topic);
    c.kafka.group = (*kafka)["group"].value_or(c.kafka.group);
    c.kafka.session_timeout_ms =
        static_cast<int>((*kafka)["session_timeout_ms"].value_or(std::int64_t{c.kafka.session_timeout_ms}));
  }
  if (const toml::table* autopay = root["autopay"].as_table()) {
    TALLY_TRY_STATUS(check_keys(*autopay, {"odfi_routing", "company_id", "company_name", "entry_description",
                                           "destination_name", "origin_name"}, "autopay.", source));
    AutopaySettings& a = c.autopay;
    a.odfi_routing = (*autopay)["odfi_routing"].value_or(a.odfi_routing);
    a.company_id = (*autopay)["company_id"].value_or(a.company_id);
    a.company_name = (*autopay)["company_name"].value_or(a.company_name);
    a.entry_description = (*autopay)["entry_description"].value_or(a.entry_description);
    a.destination_name = (*autopay)["destination_name"].value_or(a.destination_name);
    a.origin_name = (*autopay)["origin_name"].value_or(a.origin_name);
  }
  if (const toml::table* reconcile = root["reconcile"].as_table()) {
    TALLY_TRY_STATUS(check_keys(*reconcile, {"window_days", "late_days", "max_group_size"}, "reconcile.", source));
    ReconcileSettings& r = c.reconcile;
    const auto window = (*reconcile)["window_days"].value_or(std::int64_t{r.window_days});
    const auto late = (*reconcile)["late_days"].value_or(std::int64_t{r.late_days});
    const auto group = (*reconcile)["max_group_size"].value_or(std::int64_t{r.max_group_size});
    if (window < 0 || window > 30) return config_error(source, "reconcile.window_days must be 0..30");
    if (late < window || late > 250) return config_error(source, "reconcile.late_days must be window_days..250");
    if (group < 2 || group > 8) return config_error(source, "reconcile.max_group_size must be 2..8");
    r.window_days = static_cast<int>(window);
    r.late_days = static_cast<int>(late);
    r.max_group_size = static_cast<int>(group);
  }
  return c;
}

Result<Config> load_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) return config_error(path, "cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path);
}

}  // namespace tally
