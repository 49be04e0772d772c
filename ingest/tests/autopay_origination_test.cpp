// AutopayOriginator (autopay_origination.h): the debit file it writes, what it records, the
// events it publishes, and what it refuses without writing anything.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/events/codec.h"
#include "core/log/embedded_log.h"
#include "core/sha256.h"
#include "formats/nacha/reader.h"
#include "ingest/autopay_origination.h"
#include "ingest/errors.h"
#include "tests/support/temp_dir.h"

using namespace tally;
using namespace tally::ingest;

namespace {

const BusinessDate kEffective = *BusinessDate::parse_iso("2026-11-25");

// One data folder's log, registry, keys and intake, as a `tally` process opens them.
struct Origination {
  testing::TempDir dir;
  Config config;
  std::unique_ptr<log::EmbeddedLog> log;
  std::unique_ptr<FileRegistry> registry;
  IngestKeys keys;
  std::unique_ptr<Intake> intake;
  std::unique_ptr<AutopayOriginator> originator;

  Origination() {
    config.data_dir = dir.path();
    auto opened_log = log::EmbeddedLog::open({dir.path("log"), 4, false});
    REQUIRE(opened_log.ok());
    log = std::move(opened_log).value();
    auto opened_registry = FileRegistry::open(dir.path("ingest"));
    REQUIRE(opened_registry.ok());
    registry = std::move(opened_registry).value();
    auto loaded = load_keys(dir.path("keys"));
    REQUIRE(loaded.ok());
    keys = *loaded;
    intake = std::make_unique<Intake>(config, *log, *registry, keys);
    originator =
        std::make_unique<AutopayOriginator>(config.autopay, *registry, *intake, keys.sealing);
  }

  DueDebit due(std::string account, std::int64_t minor, std::string number = "12345678") {
    return DueDebit{std::move(account),         "091000019", false, "ANN LEE",
                    seal(keys.sealing, number), minor};
  }

  OriginationRequest request(const std::string& name = "autopay.ach") {
    OriginationRequest r;
    r.effective_date = kEffective;
    r.created_date = kEffective.plus_days(-2);  // a Monday: the Wednesday is two banking days on
    r.path = dir.path("outbox/" + name);
    r.user = "ops";
    return r;
  }

  std::vector<events::Envelope> published() {
    log::ConsumerOptions options;
    auto consumer = log->consume(options);
    REQUIRE(consumer.ok());
    std::vector<events::Envelope> out;
    for (;;) {
      auto records = (*consumer)->poll(50, 1000);
      REQUIRE(records.ok());
      if (records->empty()) return out;
      for (const auto& r : *records) {
        auto e = events::decode(r.value);
        REQUIRE(e.ok());
        out.push_back(std::move(e).value());
      }
    }
  }

  // Nothing written, recorded or published: the state a refused run must leave.
  void check_untouched(const OriginationRequest& r) {
    CHECK_FALSE(std::filesystem::exists(r.path));
    auto run = registry->origination_run(kEffective.days());
    REQUIRE(run.ok());
    CHECK_FALSE(run->has_value());
    CHECK(registry->next_trace_sequence().value() == 1);
    CHECK(published().empty());
  }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE(
    "origination writes one debit per account due, records each trace and publishes the debits",
    "[ingest][autopay]") {
  Origination o;
  const auto r = o.request();
  auto generated = o.originator->originate(
      {o.due("100117", 5000, "12345678"), o.due("100600", 1200, "87654321")}, r);
  REQUIRE(generated.ok());
  CHECK(generated->path == r.path);
  CHECK(generated->entries == 2);
  CHECK(generated->total_minor == 6200);

  const std::string bytes = read_file(r.path);
  CHECK(generated->sha256 == to_hex(sha256(bytes)));
  CHECK(formats::nacha::check(bytes).accepted);
  CHECK(bytes.find("12345678") != std::string::npos);  // unsealed: the bank needs it
  CHECK(bytes.find("87654321") != std::string::npos);

  auto run = o.registry->origination_run(kEffective.days());
  REQUIRE(run.ok());
  CHECK(*run == r.path);
  CHECK(o.registry->next_trace_sequence().value() == 3);
  const std::string odfi = o.config.autopay.odfi_routing.substr(0, 8);
  auto first = o.registry->find_originated(odfi + "0000001");
  REQUIRE(first.ok());
  REQUIRE(first->has_value());
  CHECK((*first)->account == "100117");
  CHECK((*first)->amount_minor == 5000);
  CHECK((*first)->file_sha256 == generated->sha256);

  CHECK(generated->ingested.kind == IngestOutcome::Kind::accepted);
  std::map<std::string, std::int64_t> debited;
  int deposits = 0;
  for (const events::Envelope& e : o.published()) {
    CHECK(events::encode(e).find("12345678") == std::string::npos);  // masked in events
    if (e.type() == events::PAYMENT_RECEIVED) {
      CHECK(e.payment_received().channel() == events::ACH);
      debited[e.payment_received().account_id()] = e.payment_received().amount().minor();
      CHECK(e.source().user() == "ops");
    }
    if (e.type() == events::DEPOSIT_DECLARED) ++deposits;
  }
  CHECK(debited == std::map<std::string, std::int64_t>{{"100117", 5000}, {"100600", 1200}});
  CHECK(deposits == 1);  // the batch's ACH settlement
  CHECK(generated->ingested.published.size() == 3);
}

TEST_CASE("a second origination for an effective date is refused and writes nothing",
          "[ingest][autopay]") {
  Origination o;
  REQUIRE(o.originator->originate({o.due("100117", 5000)}, o.request()).ok());
  const std::size_t events_before = o.published().size();

  const auto second = o.request("again.ach");
  auto again = o.originator->originate({o.due("100117", 5000)}, second);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == IngestErrc::already_originated);
  CHECK_FALSE(std::filesystem::exists(second.path));
  CHECK(o.published().size() == events_before);
  CHECK(o.registry->next_trace_sequence().value() == 2);
}

TEST_CASE("with nothing due, origination writes and records nothing, and the date stays open",
          "[ingest][autopay]") {
  Origination o;
  const auto r = o.request();
  auto generated = o.originator->originate({}, r);
  REQUIRE(generated.ok());
  CHECK(generated->path.empty());
  CHECK(generated->entries == 0);
  o.check_untouched(r);
  CHECK(o.originator->originate({o.due("100117", 5000)}, r).ok());  // a later run that day
}

TEST_CASE("a debit that cannot be made refuses the whole run before anything is written",
          "[ingest][autopay]") {
  Origination o;
  const auto r = o.request();
  DueDebit foreign_key = o.due("100600", 1200);
  foreign_key.account_sealed = seal(std::string(32, 'x'), "87654321");
  DueDebit bad_routing = o.due("100600", 1200);
  bad_routing.routing = "091000018";  // check digit fails
  DueDebit nothing_due = o.due("100600", 0);

  for (const DueDebit& bad : {foreign_key, bad_routing, nothing_due}) {
    auto generated = o.originator->originate({o.due("100117", 5000), bad}, r);
    REQUIRE_FALSE(generated.ok());
    CHECK(generated.error().code == IngestErrc::bad_input);
    CHECK(generated.error().message.find("100600") != std::string::npos);  // names the account
    o.check_untouched(r);
  }
  OriginationRequest no_path = r;
  no_path.path.clear();
  auto generated = o.originator->originate({o.due("100117", 5000)}, no_path);
  REQUIRE_FALSE(generated.ok());
  CHECK(generated.error().code == IngestErrc::bad_input);
  o.check_untouched(r);
}
