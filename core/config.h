// Tally's configuration: defaults, overridden by a TOML file (deploy/tally.example.toml),
// overridden by command-line flags. Everything has a limit or a sane default.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace tally {

struct KafkaSettings {
  std::string brokers;                  // empty: use the embedded log
  std::string topic = "tally.events";
  std::string group = "tally-ledger";
  int session_timeout_ms = 10000;
  // TLS and SASL, passed to librdkafka as they are named there (empty: librdkafka's default).
  std::string security_protocol;         // security.protocol: plaintext, ssl, sasl_plaintext, sasl_ssl
  std::string ssl_ca_location;           // ssl.ca.location
  std::string ssl_certificate_location;  // ssl.certificate.location
  std::string ssl_key_location;          // ssl.key.location
  std::string sasl_mechanism;            // sasl.mechanism: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512
  std::string sasl_username;             // sasl.username
  std::string sasl_password;             // sasl.password: never logged nor printed
  // Static membership (group.instance.id): a member that restarts within session_timeout_ms
  // gets its partitions back without a rebalance. Empty: none. Unique per process.
  std::string group_instance_id;
  // Where the other nodes reach this node's API ("https://tally-2.example:8080"), announced on
  // "<topic>.nodes" so any node can answer any account. Empty: this node answers only for the
  // partitions it serves (421 not_owner for the others).
  std::string advertise_url;
  // A PEM file of the CA that signed the other nodes' HTTPS certificates; empty: the system's.
  std::string peer_ca;
};

// The utility as an ACH originator, for `tally autopay generate`.
struct AutopaySettings {
  std::string odfi_routing = "121042882";     // the utility's bank (9 digits)
  std::string company_id = "1946000123";      // "1" + EIN, as the bank assigned it
  std::string company_name = "CITY UTILITY";  // on customers' bank statements (16 max)
  std::string entry_description = "UTIL BILL";
  std::string destination_name = "ODFI BANK";
  std::string origin_name = "CITY UTILITY";
  // Banking days between the day a file is made and its effective entry date, as the ODFI
  // requires (1: next-day ACH).
  int lead_banking_days = 1;
  // A RETURN FEE entry for the fee a return charged, as its own entry: only when the
  // customers' autopay authorization allows the utility to debit return fees.
  bool debit_return_fees = false;
  // A new mandate is first pre-noted (a zero-dollar entry) and debited only this many banking
  // days after the prenote's effective date; 0: no prenotes (the Rules allow 3 at the least).
  int prenote_banking_days = 0;
};

// How the reconciler matches (reconcile/matcher.h).
struct ReconcileSettings {
  int window_days = 3;       // banking days either side of the expected date
  int late_days = 30;        // a known key with the same amount, further apart, is late
  int max_group_size = 4;    // items on the many side of a grouping
};

// The HTTP server's transport and limits (api/http_settings.h turns them into the server's
// and the rate limiter's options). Sizes in bytes, times in milliseconds.
struct HttpSettings {
  std::string tls_cert;  // PEM certificate (then any intermediates); with tls_key: HTTPS
  std::string tls_key;   // PEM private key; without TLS only loopback is served
  // A request body over it: 413. Uploaded bank files are the largest bodies (a day of 1M ACH
  // entries is 94 MB); set it to the largest file the office receives.
  std::int64_t max_body_bytes = std::int64_t{128} << 20;
  int max_connections = 1024;             // open at once; past it one 503 answer, then closed
  int request_timeout_ms = 10000;         // a whole request (headers and body) from its first byte
  int rate_per_second = 100;              // per bearer token, sustained
  int rate_burst = 200;                   // per bearer token, at once after an idle spell
};

// The cashiers' counter (counter/counter.h). Amounts in minor units.
struct CounterSettings {
  std::string office_name = "CITY UTILITY";       // at the top of receipts and deposit slips
  std::int64_t void_reason_above_minor = 10'000;  // a supervisor approving a larger void says why
  std::int64_t sign_off_above_minor = 500;        // a larger over/short needs a supervisor to close
  bool blind_close = true;                        // the cashier counts before seeing the expected cash
  std::string bank_account;                       // where drawer deposits go; "" : bank:default
  std::int64_t max_float_minor = 1'000'000;
};

// The utility's card merchant accounts. A processor's report may cover every merchant account
// of a company (a parking office's, a library's); only the utility's rows are its payments.
struct CardSettings {
  // As the report's merchant column names them; empty: every row is the utility's.
  std::vector<std::string> merchant_accounts;
};

struct Config {
  std::string data_dir = "/var/lib/tally";  // log/, ledger/, reconcile/, inbox/, processed/, quarantine/
  std::uint32_t partitions = 8;
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  HttpSettings http;
  std::string currency = "USD";
  KafkaSettings kafka;
  AutopaySettings autopay;
  ReconcileSettings reconcile;
  CounterSettings counter;
  CardSettings card;

  std::string log_dir() const { return data_dir + "/log"; }
  std::string ledger_dir() const { return data_dir + "/ledger"; }
  std::string reconcile_dir() const { return data_dir + "/reconcile"; }
  std::string counter_dir() const { return data_dir + "/counter"; }
  std::string inbox_dir() const { return data_dir + "/inbox"; }
  std::string processed_dir() const { return data_dir + "/processed"; }
  std::string quarantine_dir() const { return data_dir + "/quarantine"; }
  std::string outbox_dir() const { return data_dir + "/outbox"; }
  std::string api_dir() const { return data_dir + "/api"; }  // users, idempotency answers
  // Where a running `tally serve` listens for the CLI (owner only).
  std::string api_socket() const { return data_dir + "/api.sock"; }
};

// Reads a TOML file over the defaults. Unknown keys are errors (a typo must not be ignored).
Result<Config> load_config(const std::string& path);
Result<Config> parse_config(std::string_view toml_text, const std::string& source_name);

}  // namespace tally
