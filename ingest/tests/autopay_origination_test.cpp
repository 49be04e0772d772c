// AutopayOriginator (autopay_origination.h): the debit file it writes, what it records and
// schedules, and what it refuses without writing anything; settle_runs
// (autopay_settlement.h): a run's debits are published on its effective date, once.
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
#include "ingest/autopay_settlement.h"
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
    originator = std::make_unique<AutopayOriginator>(config.autopay, *registry, keys);
  }

  DueDebit due(std::string account, std::int64_t minor, std::string number = "12345678") {
    DueDebit d;
    d.account_id = std::move(account);
    d.routing = "091000019";
    d.holder_name = "ANN LEE";
    d.account_sealed = seal(keys.sealing, number);
    d.amount_minor = minor;
    return d;
  }

  OriginationRequest request(const std::string& name = "autopay.ach") {
    OriginationRequest r;
    r.effective_date = kEffective;
    r.created_date = kEffective.plus_days(-2);  // a Monday: the Wednesday is two banking days on
    r.path = dir.path("outbox/" + name);
    r.scheduled_dir = dir.path("scheduled");
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
    "origination writes one debit per account due and records each trace and the debits post on the effective date",
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
  REQUIRE(run->has_value());
  CHECK((*run)->file == r.path);
  CHECK((*run)->sha256 == generated->sha256);
  CHECK(read_file((*run)->sealed_copy).find("12345678") == std::string::npos);  // sealed
  CHECK(o.registry->next_trace_sequence().value() == 3);
  const std::string odfi = o.config.autopay.odfi_routing.substr(0, 8);
  auto first = o.registry->find_originated(odfi + "0000001");
  REQUIRE(first.ok());
  REQUIRE(first->has_value());
  CHECK((*first)->account == "100117");
  CHECK((*first)->amount_minor == 5000);
  CHECK((*first)->file_sha256 == generated->sha256);

  // Scheduled: nothing is published before the effective date, then all of it, once.
  CHECK(o.published().empty());
  CHECK(scheduled_entries(*o.registry, "100117").value().size() == 1);
  auto early = settle_runs(*o.registry, *o.intake, o.keys.files, kEffective.plus_days(-1), "ops");
  REQUIRE(early.ok());
  CHECK(early->empty());
  CHECK(o.published().empty());
  auto settled = settle_runs(*o.registry, *o.intake, o.keys.files, kEffective, "ops");
  REQUIRE(settled.ok());
  REQUIRE(settled->size() == 1);
  CHECK(settled->front().ingested.kind == IngestOutcome::Kind::accepted);
  CHECK(settled->front().ingested.sha256 == generated->sha256);
  CHECK(scheduled_entries(*o.registry, "100117").value().empty());
  CHECK(settle_runs(*o.registry, *o.intake, o.keys.files, kEffective.plus_days(5), "ops").value().empty());

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
  CHECK(settled->front().ingested.published.size() == 3);
}

TEST_CASE("re-presentments and return fees go in batches of their own and prenotes are zero-dollar entries",
          "[ingest][autopay]") {
  Origination o;
  DueDebit redeposit = o.due("100117", 5000);
  redeposit.kind = OriginatedKind::redeposit;
  redeposit.represents = "091000010000001";
  redeposit.presentment = 1;
  redeposit.first_effective = kEffective.plus_days(-30);
  DueDebit fee = o.due("100117", 2500);
  fee.kind = OriginatedKind::return_fee;
  fee.represents = "091000010000001";
  DueDebit prenote = o.due("100600", 0);
  prenote.kind = OriginatedKind::prenote;
  prenote.mandate = "091000019:4321";
  auto generated = o.originator->originate({fee, o.due("100700", 1200), redeposit, prenote}, o.request());
  REQUIRE(generated.ok());
  CHECK(generated->entries == 4);
  CHECK(generated->redeposits == 1);
  CHECK(generated->return_fees == 1);
  CHECK(generated->prenotes == 1);
  CHECK(generated->total_minor == 8700);

  // Batch headers (type 5) by their company entry description (positions 54-63), and each
  // entry (type 6) under the batch it is in: transaction code and amount.
  const std::string bytes = read_file(generated->path);
  REQUIRE(formats::nacha::check(bytes).accepted);
  std::map<std::string, std::vector<std::string>> batches;
  std::string description;
  for (std::size_t at = 0; at + 94 <= bytes.size(); at += 95) {
    const std::string line = bytes.substr(at, 94);
    if (line[0] == '5') description = line.substr(53, 10);
    if (line[0] == '6') batches[description].push_back(line.substr(1, 2) + ":" + line.substr(29, 10));
  }
  CHECK(batches["UTIL BILL "] == std::vector<std::string>{"27:0000001200", "28:0000000000"});
  CHECK(batches["REDEPOSIT "] == std::vector<std::string>{"27:0000005000"});
  CHECK(batches["RETURN FEE"] == std::vector<std::string>{"27:0000002500"});

  auto entries = o.registry->originated_for("100117");
  REQUIRE(entries.ok());
  REQUIRE(entries->size() == 2);
  for (const OriginatedEntry& e : *entries) {
    CHECK(e.represents == "091000010000001");
    if (e.kind == OriginatedKind::redeposit) {
      CHECK(e.presentment == 1);
      CHECK(e.first_effective_date == kEffective.plus_days(-30).days());
    } else {
      CHECK(e.kind == OriginatedKind::return_fee);
      CHECK(e.first_effective_date == kEffective.days());
    }
  }
  auto checked = o.registry->originated_for("100600");
  REQUIRE(checked.ok());
  REQUIRE(checked->size() == 1);
  CHECK(checked->front().kind == OriginatedKind::prenote);
  CHECK(checked->front().mandate == "091000019:4321");
}

TEST_CASE("a second origination for an effective date is refused and writes nothing",
          "[ingest][autopay]") {
  Origination o;
  REQUIRE(o.originator->originate({o.due("100117", 5000)}, o.request()).ok());

  const auto second = o.request("again.ach");
  auto again = o.originator->originate({o.due("100117", 5000)}, second);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == IngestErrc::already_originated);
  CHECK_FALSE(std::filesystem::exists(second.path));
  CHECK(o.published().empty());
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
