#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <string>

#include "core/config.h"
#include "core/errors.h"
#include "core/events/codec.h"
#include "core/events/event_ids.h"

namespace ev = tally::events;

static ev::Envelope sample_payment() {
  ev::Envelope e;
  e.set_id(std::string(ev::command_id("p-1").as_string_view()));
  e.set_type(ev::PAYMENT_RECEIVED);
  e.set_schema_version(ev::kSchemaVersion);
  auto* p = e.mutable_payment_received();
  p->set_channel(ev::COUNTER);
  p->set_account_id("1001");
  p->mutable_amount()->set_minor(4250);
  p->mutable_amount()->set_currency("USD");
  return e;
}

TEST_CASE("codec round-trips an envelope", "[core][events]") {
  const ev::Envelope e = sample_payment();
  auto decoded = ev::decode(ev::encode(e));
  REQUIRE(decoded.ok());
  CHECK(decoded->payment_received().amount().minor() == 4250);
  CHECK(ev::event_id_of(*decoded) == ev::command_id("p-1"));
}

TEST_CASE("codec refuses garbage, unknown schema versions and mismatched payloads", "[core][events]") {
  auto garbage = ev::decode(std::string("\xff\xff\xff\xff", 4));
  REQUIRE_FALSE(garbage.ok());
  CHECK(garbage.error().code == tally::make_error_code(tally::CoreErrc::bad_event));

  ev::Envelope future = sample_payment();
  future.set_schema_version(ev::kSchemaVersion + 1);
  std::string bytes;
  REQUIRE(future.SerializeToString(&bytes));
  auto unknown = ev::decode(bytes);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == tally::make_error_code(tally::CoreErrc::unknown_schema));

  ev::Envelope mismatched = sample_payment();
  mismatched.set_type(ev::BILL_ISSUED);
  REQUIRE(mismatched.SerializeToString(&bytes));
  CHECK_FALSE(ev::decode(bytes).ok());

  ev::Envelope short_id = sample_payment();
  short_id.set_id("abc");
  REQUIRE(short_id.SerializeToString(&bytes));
  CHECK_FALSE(ev::decode(bytes).ok());
}

TEST_CASE("config reads TOML over defaults and refuses unknown keys", "[core][config]") {
  auto c = tally::parse_config("data_dir = \"/tmp/t\"\npartitions = 4\n[http]\nport = 9090\n"
                               "[kafka]\nbrokers = \"b:9092\"\n", "test.toml");
  REQUIRE(c.ok());
  CHECK(c->data_dir == "/tmp/t");
  CHECK(c->partitions == 4);
  CHECK(c->listen_port == 9090);
  CHECK(c->kafka.brokers == "b:9092");
  CHECK(c->kafka.topic == "tally.events");

  auto typo = tally::parse_config("partitons = 4\n", "test.toml");
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.error().message.find("partitons") != std::string::npos);
  CHECK_FALSE(tally::parse_config("partitions = 0\n", "t").ok());
  CHECK_FALSE(tally::parse_config("partitions = [\n", "t").ok());
}

TEST_CASE("config reads the HTTP transport and limits from [http] and checks them",
          "[core][config]") {
  auto c = tally::parse_config(
      "[http]\ntls_cert = \"/etc/tally/cert.pem\"\ntls_key = \"/etc/tally/key.pem\"\n"
      "max_body_bytes = 2048\nmax_connections = 10\nrequest_timeout_ms = 500\n"
      "rate_per_second = 7\nrate_burst = 9\n",
      "test.toml");
  REQUIRE(c.ok());
  CHECK(c->http.tls_cert == "/etc/tally/cert.pem");
  CHECK(c->http.tls_key == "/etc/tally/key.pem");
  CHECK(c->http.max_body_bytes == 2048);
  CHECK(c->http.max_connections == 10);
  CHECK(c->http.request_timeout_ms == 500);
  CHECK(c->http.rate_per_second == 7);
  CHECK(c->http.rate_burst == 9);

  auto defaults = tally::parse_config("", "t");
  REQUIRE(defaults.ok());
  CHECK(defaults->http.tls_cert.empty());
  CHECK(defaults->http.request_timeout_ms == 10000);

  auto cert_alone = tally::parse_config("[http]\ntls_cert = \"/c.pem\"\n", "t");
  REQUIRE_FALSE(cert_alone.ok());
  CHECK(cert_alone.error().message.find("tls_key") != std::string::npos);
  auto no_rate = tally::parse_config("[http]\nrate_per_second = 0\n", "t");
  REQUIRE_FALSE(no_rate.ok());
  CHECK(no_rate.error().message.find("http.rate_per_second") != std::string::npos);
  CHECK_FALSE(tally::parse_config("[http]\nrequest_timeout_ms = 0\n", "t").ok());
  CHECK_FALSE(tally::parse_config("[http]\nmax_connections = -1\n", "t").ok());
  CHECK_FALSE(tally::parse_config("[http]\nmax_body_bytes = 1\n", "t").ok());
  CHECK_FALSE(tally::parse_config("[http]\ntls_certificate = \"/c.pem\"\n", "t").ok());
}

TEST_CASE("the counter's limits are read from [counter] and bounded", "[core][config]") {
  auto c = tally::parse_config("[counter]\nsign_off_above_minor = 1000\nblind_close = false\nbank_account = \"8765\"\n", "t");
  if (!c.ok()) FAIL(c.error().describe());
  CHECK(c->counter.sign_off_above_minor == 1000);
  CHECK_FALSE(c->counter.blind_close);
  CHECK(c->counter.bank_account == "8765");
  CHECK(c->counter.void_reason_above_minor == 10'000);  // the default stays
  auto negative = tally::parse_config("[counter]\nvoid_reason_above_minor = -1\n", "t");
  REQUIRE_FALSE(negative.ok());
  CHECK(negative.error().message.find("counter.void_reason_above_minor") != std::string::npos);
  CHECK_FALSE(tally::parse_config("[counter]\nsign_off = 5\n", "t").ok());
}

TEST_CASE("the utility's card merchant accounts are read from [card] and checked", "[core][config]") {
  auto none = tally::parse_config("", "t");
  REQUIRE(none.ok());
  CHECK(none->card.merchant_accounts.empty());
  auto c = tally::parse_config("[card]\nmerchant_accounts = [\"CityUtilityWater\", \"CityUtilityPower\"]\n", "t");
  if (!c.ok()) FAIL(c.error().describe());
  CHECK(c->card.merchant_accounts == std::vector<std::string>{"CityUtilityWater", "CityUtilityPower"});
  auto not_a_list = tally::parse_config("[card]\nmerchant_accounts = \"CityUtilityWater\"\n", "t");
  REQUIRE_FALSE(not_a_list.ok());
  CHECK(not_a_list.error().message.find("card.merchant_accounts") != std::string::npos);
  CHECK_FALSE(tally::parse_config("[card]\nmerchant_accounts = [\"\"]\n", "t").ok());
  CHECK_FALSE(tally::parse_config("[card]\nmerchant_accounts = [3]\n", "t").ok());
  CHECK_FALSE(tally::parse_config("[card]\nmerchants = [\"x\"]\n", "t").ok());
}

TEST_CASE("config reads Kafka TLS SASL and static membership settings from [kafka]", "[core][config]") {
  auto c = tally::parse_config(
      "[kafka]\nbrokers = \"b:9093\"\nsecurity_protocol = \"sasl_ssl\"\n"
      "ssl_ca_location = \"/etc/tally/ca.pem\"\nssl_certificate_location = \"/etc/tally/c.pem\"\n"
      "ssl_key_location = \"/etc/tally/k.pem\"\nsasl_mechanism = \"SCRAM-SHA-512\"\n"
      "sasl_username = \"tally\"\nsasl_password = \"s3cret\"\ngroup_instance_id = \"node-1\"\n",
      "test.toml");
  REQUIRE(c.ok());
  CHECK(c->kafka.security_protocol == "sasl_ssl");
  CHECK(c->kafka.ssl_ca_location == "/etc/tally/ca.pem");
  CHECK(c->kafka.ssl_certificate_location == "/etc/tally/c.pem");
  CHECK(c->kafka.ssl_key_location == "/etc/tally/k.pem");
  CHECK(c->kafka.sasl_mechanism == "SCRAM-SHA-512");
  CHECK(c->kafka.sasl_username == "tally");
  CHECK(c->kafka.sasl_password == "s3cret");
  CHECK(c->kafka.group_instance_id == "node-1");
}

TEST_CASE("a node's advertised URL is read and checked", "[core][config]") {
  auto c = tally::parse_config("[kafka]\nadvertise_url = \"https://tally-2.example:8443\"\npeer_ca = \"/etc/ca.pem\"\n",
                               "test.toml");
  REQUIRE(c.ok());
  CHECK(c->kafka.advertise_url == "https://tally-2.example:8443");
  CHECK(c->kafka.peer_ca == "/etc/ca.pem");
  for (const char* bad : {"tally-2:8443", "https://", "https://host/path", "http://host name", "ftp://host"}) {
    INFO(bad);
    auto refused = tally::parse_config(fmt::format("[kafka]\nadvertise_url = \"{}\"\n", bad), "test.toml");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("advertise_url") != std::string::npos);
  }
}

TEST_CASE("the example configuration file is valid", "[core][config]") {
  const char* source_dir = std::getenv("TALLY_SOURCE_DIR");
  if (source_dir == nullptr) {
    WARN("skipped: TALLY_SOURCE_DIR is not set (ctest sets it)");
    return;
  }
  auto c = tally::load_config(std::string(source_dir) + "/deploy/tally.example.toml");
  if (!c.ok()) FAIL(c.error().describe());
  CHECK(c->listen_address == "127.0.0.1");
  CHECK(c->http.tls_cert.empty());
  CHECK(c->counter.sign_off_above_minor == 500);
}
