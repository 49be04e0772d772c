#include "core/config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "core/errors.h"
#include "core/money.h"

namespace tally {
namespace {

constexpr std::size_t kMaxMerchantAccounts = 64;

Error config_error(const std::string& source, std::string_view what) {
  return core_error(CoreErrc::bad_config, fmt::format("{}: {}", source, what));
}

// "http://host:port" or "https://host[:port]": a scheme, a host, no path, no spaces.
bool is_http_url(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("http://")) rest = url.substr(7);
  else if (url.starts_with("https://")) rest = url.substr(8);
  else return false;
  if (rest.empty() || rest.size() > 255 || rest.front() == ':') return false;
  return std::all_of(rest.begin(), rest.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
  });
}

Status check_keys(const toml::table& table, const std::set<std::string>& known,
                  const std::string& where, const std::string& source) {
  for (const auto& [key, value] : table) {
    if (!known.count(std::string(key.str())))
      return config_error(source, fmt::format("unknown key '{}{}'", where, key.str()));
  }
  return ok_status();
}

// An integer key of a section ([http], [counter]) within [min, max]; absent keeps `out` as it is.
template <class Int>
Status read_bounded(const toml::table& section, std::string_view key, std::int64_t min,
                    std::int64_t max, const std::string& source, Int& out,
                    std::string_view section_name = "http") {
  const auto value = section[key].value_or(static_cast<std::int64_t>(out));
  if (value < min || value > max)
    return config_error(source, fmt::format("{}.{} must be {}..{}", section_name, key, min, max));
  out = static_cast<Int>(value);
  return ok_status();
}

Status read_http_settings(const toml::table& http, const std::string& source, HttpSettings& h) {
  // Bounds that keep a typo from disabling a limit: a body up to 1 GiB, a request within 10
  // minutes, a token's rate and burst up to a million.
  constexpr std::int64_t kMinBodyBytes = 1 << 10;
  constexpr std::int64_t kMaxBodyBytes = std::int64_t{1} << 30;
  constexpr std::int64_t kMaxConnections = 1 << 16;
  constexpr std::int64_t kMinRequestTimeoutMs = 100;
  constexpr std::int64_t kMaxRequestTimeoutMs = 600'000;
  constexpr std::int64_t kMaxRate = 1'000'000;
  h.tls_cert = http["tls_cert"].value_or(h.tls_cert);
  h.tls_key = http["tls_key"].value_or(h.tls_key);
  if (h.tls_cert.empty() != h.tls_key.empty())
    return config_error(source, "http.tls_cert and http.tls_key go together: set both or neither");
  TALLY_TRY_STATUS(
      read_bounded(http, "max_body_bytes", kMinBodyBytes, kMaxBodyBytes, source, h.max_body_bytes));
  TALLY_TRY_STATUS(
      read_bounded(http, "max_connections", 1, kMaxConnections, source, h.max_connections));
  TALLY_TRY_STATUS(read_bounded(http, "request_timeout_ms", kMinRequestTimeoutMs,
                                kMaxRequestTimeoutMs, source, h.request_timeout_ms));
  TALLY_TRY_STATUS(read_bounded(http, "rate_per_second", 1, kMaxRate, source, h.rate_per_second));
  TALLY_TRY_STATUS(read_bounded(http, "rate_burst", 1, kMaxRate, source, h.rate_burst));
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
  TALLY_TRY_STATUS(check_keys(root, {"data_dir", "partitions", "currency", "http", "kafka", "autopay", "reconcile", "counter", "card"}, "", source));
  Config c;
  c.data_dir = root["data_dir"].value_or(c.data_dir);
  const auto partitions = root["partitions"].value_or(std::int64_t{c.partitions});
  if (partitions < 1 || partitions > 4096) return config_error(source, "partitions must be 1..4096");
  c.partitions = static_cast<std::uint32_t>(partitions);
  c.currency = root["currency"].value_or(c.currency);
  if (const toml::table* http = root["http"].as_table()) {
    TALLY_TRY_STATUS(
        check_keys(*http,
                   {"address", "port", "tls_cert", "tls_key", "max_body_bytes", "max_connections",
                    "request_timeout_ms", "rate_per_second", "rate_burst"},
                   "http.", source));
    c.listen_address = (*http)["address"].value_or(c.listen_address);
    const auto port = (*http)["port"].value_or(std::int64_t{c.listen_port});
    if (port < 0 || port > 65535) return config_error(source, "http.port must be 0..65535");
    c.listen_port = static_cast<std::uint16_t>(port);
    TALLY_TRY_STATUS(read_http_settings(*http, source, c.http));
  }
  if (const toml::table* kafka = root["kafka"].as_table()) {
    TALLY_TRY_STATUS(check_keys(*kafka,
                                {"brokers", "topic", "group", "session_timeout_ms", "security_protocol",
                                 "ssl_ca_location", "ssl_certificate_location", "ssl_key_location",
                                 "sasl_mechanism", "sasl_username", "sasl_password", "group_instance_id",
                                 "advertise_url", "peer_ca"},
                                "kafka.", source));
    c.kafka.security_protocol = (*kafka)["security_protocol"].value_or(c.kafka.security_protocol);
    c.kafka.ssl_ca_location = (*kafka)["ssl_ca_location"].value_or(c.kafka.ssl_ca_location);
    c.kafka.ssl_certificate_location =
        (*kafka)["ssl_certificate_location"].value_or(c.kafka.ssl_certificate_location);
    c.kafka.ssl_key_location = (*kafka)["ssl_key_location"].value_or(c.kafka.ssl_key_location);
    c.kafka.sasl_mechanism = (*kafka)["sasl_mechanism"].value_or(c.kafka.sasl_mechanism);
    c.kafka.sasl_username = (*kafka)["sasl_username"].value_or(c.kafka.sasl_username);
    c.kafka.sasl_password = (*kafka)["sasl_password"].value_or(c.kafka.sasl_password);
    c.kafka.group_instance_id = (*kafka)["group_instance_id"].value_or(c.kafka.group_instance_id);
    c.kafka.advertise_url = (*kafka)["advertise_url"].value_or(c.kafka.advertise_url);
    if (!c.kafka.advertise_url.empty() && !is_http_url(c.kafka.advertise_url))
      return config_error(source, "kafka.advertise_url must be an http:// or https:// URL without a path, "
                                  "e.g. \"https://tally-2.example:8080\"");
    c.kafka.peer_ca = (*kafka)["peer_ca"].value_or(c.kafka.peer_ca);
    c.kafka.brokers = (*kafka)["brokers"].value_or(c.kafka.brokers);
    c.kafka.topic = (*kafka)["topic"].value_or(c.kafka.topic);
    c.kafka.group = (*kafka)["group"].value_or(c.kafka.group);
    c.kafka.session_timeout_ms =
        static_cast<int>((*kafka)["session_timeout_ms"].value_or(std::int64_t{c.kafka.session_timeout_ms}));
  }
  if (const toml::table* autopay = root["autopay"].as_table()) {
    TALLY_TRY_STATUS(check_keys(*autopay, {"odfi_routing", "company_id", "company_name", "entry_description",
                                           "destination_name", "origin_name", "lead_banking_days",
                                           "debit_return_fees", "prenote_banking_days"}, "autopay.", source));
    AutopaySettings& a = c.autopay;
    a.odfi_routing = (*autopay)["odfi_routing"].value_or(a.odfi_routing);
    a.company_id = (*autopay)["company_id"].value_or(a.company_id);
    a.company_name = (*autopay)["company_name"].value_or(a.company_name);
    a.entry_description = (*autopay)["entry_description"].value_or(a.entry_description);
    a.destination_name = (*autopay)["destination_name"].value_or(a.destination_name);
    a.origin_name = (*autopay)["origin_name"].value_or(a.origin_name);
    const auto lead = (*autopay)["lead_banking_days"].value_or(std::int64_t{a.lead_banking_days});
    if (lead < 0 || lead > 10) return config_error(source, "autopay.lead_banking_days must be 0..10");
    a.lead_banking_days = static_cast<int>(lead);
    a.debit_return_fees = (*autopay)["debit_return_fees"].value_or(a.debit_return_fees);
    const auto prenote = (*autopay)["prenote_banking_days"].value_or(std::int64_t{a.prenote_banking_days});
    if (prenote != 0 && (prenote < 3 || prenote > 10))
      return config_error(source, "autopay.prenote_banking_days must be 0 (no prenotes) or 3..10");
    a.prenote_banking_days = static_cast<int>(prenote);
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
  if (const toml::table* counter = root["counter"].as_table()) {
    TALLY_TRY_STATUS(check_keys(*counter,
                                {"office_name", "void_reason_above_minor", "sign_off_above_minor",
                                 "blind_close", "bank_account", "max_float_minor"},
                                "counter.", source));
    CounterSettings& k = c.counter;
    TALLY_TRY_STATUS(read_bounded(*counter, "void_reason_above_minor", 0, kMaxAmountMinor, source,
                                  k.void_reason_above_minor, "counter"));
    TALLY_TRY_STATUS(read_bounded(*counter, "sign_off_above_minor", 0, kMaxAmountMinor, source,
                                  k.sign_off_above_minor, "counter"));
    TALLY_TRY_STATUS(read_bounded(*counter, "max_float_minor", 0, kMaxAmountMinor, source,
                                  k.max_float_minor, "counter"));
    k.blind_close = (*counter)["blind_close"].value_or(k.blind_close);
    k.bank_account = (*counter)["bank_account"].value_or(k.bank_account);
    k.office_name = (*counter)["office_name"].value_or(k.office_name);
    if (k.office_name.empty() || k.office_name.size() > 64)
      return config_error(source, "counter.office_name must be 1..64 bytes");
    if (k.bank_account.size() > 64) return config_error(source, "counter.bank_account is longer than 64");
  }
  if (const toml::table* card = root["card"].as_table()) {
    TALLY_TRY_STATUS(check_keys(*card, {"merchant_accounts"}, "card.", source));
    if (const auto* node = card->get("merchant_accounts")) {
      const toml::array* accounts = node->as_array();
      if (!accounts) return config_error(source, "card.merchant_accounts must be a list of names");
      if (accounts->size() > kMaxMerchantAccounts)
        return config_error(source, fmt::format("card.merchant_accounts holds more than {}", kMaxMerchantAccounts));
      for (const toml::node& a : *accounts) {
        const auto name = a.value<std::string>();
        if (!name || name->empty() || name->size() > 64)
          return config_error(source, "card.merchant_accounts must be names of 1..64 bytes");
        c.card.merchant_accounts.push_back(*name);
      }
    }
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
