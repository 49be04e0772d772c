// reconcile_bench: a reconciliation run of N expected deposits against N bank lines, results
// durable, beside an in-memory sort-merge join of the same keys plus raw RocksDB writing the
// same results, from the same run. Budget (DESIGN.md "Performance budgets"): 1M x 1M in
// <= 3 s on the 2-core dev machine, >= 50% of the baseline's rate; cost grows as n log n.
//
// The data (fixed seed): N lockbox deposits (DepositDeclared, LOCKBOX_TOTAL) over 60 banking
// days and the bank's credits (BankTransaction, account 8765), each of them exactly:
//   70%  a reference the bank line repeats as its customer reference   -> REFERENCE
//   25%  no reference; a distinct amount, booked 0-2 banking days on    -> AMOUNT_WINDOW
//    3%  the reference, but the bank shows another amount              -> REFERENCE and
//                                                                         AMOUNT_DIFFERENCE
//    2%  never at the bank                                             -> MISSING_IN_BANK
// plus 2% of N bank lines nobody expected                               -> UNEXPECTED_BANK_ITEM
// The bank side holds 98% + 2% = N lines. Missing deposits are whole dollars and unexpected
// lines end in 37 cents, and no-reference deposits in neither, so no amount, sum or window
// pairs them by chance: the outcome is known and checked (confirmed = 98% of N).
//
// Each run: a fresh embedded log (8 partitions, synced) holding the events, a fresh
// reconciler; then
//   reconcile_<n>_load     Reconciler::catch_up(): every event read from the log and applied
//                          to the reconciler's RocksDB (an item and an open-item key each).
//                          Baseline: raw RocksDB (a store with the reconciler's options)
//                          writing the same keys and values, 10,000 items per synced batch.
//   reconcile_<n>_decide   Reconciler::run with dry_run: open items read, matched, decided;
//                          nothing published. Baseline: reconcile_<n> (ratio = its share).
//                          It runs first, so the timed run finds the store's blocks cached.
//   reconcile_<n>_publish_apply   reconcile_<n> minus reconcile_<n>_decide: the decided events
//                          published to the synced log and applied back to RocksDB.
//   reconcile_<n>          Reconciler::run as of a date past every window: decided, published
//                          (synced) and applied (synced): the results durable. Baseline: the
//                          same keys sort-merge joined in memory (by reference, then by
//                          amount within the window) plus raw RocksDB writing one record per
//                          result (16-byte key; a value the size Tally stores for that match
//                          or discrepancy, measured from the dry run) in synced WriteBatches
//                          of 10,000 (the reconciler's publish chunk). ratio = value/baseline
//                          (bench_util.h): here lower is better.
//   reconcile_<n>_rate     deposits per second of reconcile_<n>, beside the baseline's: the
//                          budget's ratio (>= 0.5), higher is better.
// 100k: median of 3 runs; 1M: median of `runs_1m` runs (default 1: a run is long). Details
// (the run's matches by rule and discrepancies by kind, the baseline's join alone, the stored
// sizes) go to stderr.
//
// Usage: reconcile_bench [runs_1m] [--1m-only | --100k-only]   (each 1M run writes ~2 GB to
// $TMPDIR)
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "core/accounts.h"
#include "core/bank_calendar.h"
#include "core/events/codec.h"
#include "core/events/event_ids.h"
#include "core/log/embedded_log.h"
#include "reconcile/item.h"
#include "reconcile/keys.h"
#include "reconcile/reconciler.h"
#include "reconcile/store.h"

namespace {

using namespace tally;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kSeed = 20'260'105;
constexpr std::uint32_t kPartitions = 8;
constexpr std::int32_t kBankingDays = 60;        // the deposits' dates
constexpr std::int32_t kMaxBankLagDays = 2;      // banking days from deposit to bank line
constexpr std::size_t kAppendBatch = 10'000;     // events per synced log append (setup)
constexpr std::size_t kBaselineBatch = 10'000;   // records per synced raw WriteBatch
constexpr std::int32_t kWindowCalendarDays = 5;  // the baseline's window: 3 banking days
constexpr int kRuns100k = 3;
constexpr std::string_view kBankAccount = "8765";
constexpr std::int64_t kRecordedAtUs = 1'767'600'000'000'000;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "reconcile_bench: %s\n", what.c_str());
  std::exit(1);
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

enum class Kind : std::uint8_t { reference, no_reference, amount_difference, missing };

// What the baseline joins: the same keys the events carry.
struct Side {
  std::string reference;  // deposit reference / bank customer reference; "" when none
  std::int64_t amount_minor = 0;
  std::int32_t date = 0;  // days since 1970
  EventId id;
};

struct Data {
  std::size_t deposits = 0;
  std::vector<std::pair<std::string, std::string>> events;  // (partition key, encoded), log order
  std::vector<Side> expected, bank;
  std::size_t want_reference = 0, want_amount_window = 0, want_difference = 0, want_missing = 0,
              want_unexpected = 0;
  BusinessDate run_date;
};

std::string sha_hex(std::uint64_t n) {  // a file's SHA-256 as ingest records it
  return fmt::format("{:016x}{:016x}{:016x}{:016x}", n, n * 3, n * 5, n * 7);
}

// Unique 10-digit numbers in a scrambled order: i * a unit mod 10^10 is a bijection.
std::uint64_t scrambled(std::uint64_t i) {
  return (i * 6'364'136'223ull) % 10'000'000'000ull;
}

events::Envelope envelope(const EventId& id, events::EventType type, std::string key,
                          BusinessDate date, std::uint64_t file, std::int64_t ordinal,
                          std::string_view file_prefix) {
  events::Envelope e;
  e.set_id(std::string(id.as_string_view()));
  e.set_type(type);
  e.set_schema_version(events::kSchemaVersion);
  e.set_business_date(date.days());
  e.set_recorded_at_us(kRecordedAtUs);
  e.set_partition_key(std::move(key));
  auto* source = e.mutable_source();
  source->set_file_sha256(sha_hex(file));
  source->set_file_name(std::string(file_prefix) + date.to_iso() + ".txt");
  source->set_record_ordinal(ordinal);
  source->set_user("ingest");
  return e;
}

void set_amount(events::Amount* a, std::int64_t minor) {
  a->set_minor(minor);
  a->set_currency("USD");
}

Data generate(std::size_t n) {
  Data d;
  d.deposits = n;
  std::mt19937_64 rng(kSeed + n);
  // Exact shares, shuffled.
  std::vector<Kind> kinds;
  kinds.reserve(n);
  const auto share = [&](double pct) {
    return static_cast<std::size_t>(static_cast<double>(n) * pct / 100.0);
  };
  d.want_difference = share(3);
  d.want_missing = share(2);
  d.want_amount_window = share(25);
  d.want_reference = n - d.want_difference - d.want_missing - d.want_amount_window;  // 70%
  d.want_unexpected = share(2);
  kinds.insert(kinds.end(), d.want_reference, Kind::reference);
  kinds.insert(kinds.end(), d.want_amount_window, Kind::no_reference);
  kinds.insert(kinds.end(), d.want_difference, Kind::amount_difference);
  kinds.insert(kinds.end(), d.want_missing, Kind::missing);
  std::shuffle(kinds.begin(), kinds.end(), rng);

  std::vector<BusinessDate> days;
  for (BusinessDate day = *BusinessDate::from_ymd(2026, 1, 5); days.size() < kBankingDays;
       day = day.plus_days(1))
    if (bank_calendar::is_banking_day(day)) days.push_back(day);
  BusinessDate last_bank = days.back();

  struct Pending {
    BusinessDate date;
    int side;  // 0 deposit, 1 bank line: a day's deposits are declared before its statement
    std::size_t ordinal;
    events::Envelope event;
  };
  std::vector<Pending> pending;
  pending.reserve(2 * n + d.want_unexpected);
  std::size_t no_reference = 0, missing = 0, bank_lines = 0;

  const auto add_bank_line = [&](BusinessDate date, std::int64_t amount,
                                 const std::string& customer_reference) {
    const std::string bank_reference = fmt::format("BK{:010}", scrambled(bank_lines + 7));
    const EventId id = events::bank_line_id(kBankAccount, bank_reference);
    events::Envelope e = envelope(id, events::BANK_TRANSACTION, accounts::bank(kBankAccount), date,
                                  2, static_cast<std::int64_t>(bank_lines + 1), "bai2-");
    auto* t = e.mutable_bank_transaction();
    t->set_bank_account(std::string(kBankAccount));
    t->set_account_hash(sha_hex(42));
    t->set_bank_reference(bank_reference);
    if (!customer_reference.empty()) t->set_customer_reference(customer_reference);
    t->set_direction(events::BankTransaction::CREDIT);
    set_amount(t->mutable_amount(), amount);
    t->set_type_code("301");
    t->set_booking_date(date.days());
    t->set_value_date(date.days());
    t->set_description("LOCKBOX DEPOSIT");
    t->set_source_format("bai2");
    d.bank.push_back({customer_reference, amount, date.days(), id});
    last_bank = std::max(last_bank, date);
    pending.push_back({date, 1, bank_lines++, std::move(e)});
  };

  for (std::size_t i = 0; i < n; ++i) {
    const Kind kind = kinds[i];
    const BusinessDate date = days[rng() % days.size()];
    std::string reference;
    std::int64_t amount = 0;
    switch (kind) {
      case Kind::reference:
      case Kind::amount_difference:
        reference = fmt::format("LBX{:010}", scrambled(i + 1));
        amount = static_cast<std::int64_t>(10'000 + rng() % 5'000'000);
        break;
      case Kind::no_reference: {
        // Distinct dollars; cents never 00 (missing) nor 37 (unexpected).
        std::int64_t cents = 1 + static_cast<std::int64_t>(no_reference % 98);
        if (cents >= 37) ++cents;
        amount = 100 * (1'000 + static_cast<std::int64_t>(no_reference++)) + cents;
        break;
      }
      case Kind::missing:
        reference = fmt::format("LBX{:010}", scrambled(i + 1));
        amount = 100 * (1'000 + static_cast<std::int64_t>(missing++));
        break;
    }
    const std::string id_key = reference.empty() ? fmt::format("bench-deposit:{}", i) : reference;
    const EventId id = events::deposit_id("lockbox-deposit", id_key, {});
    events::Envelope e = envelope(id, events::DEPOSIT_DECLARED, "deposit:" + id_key, date, 1,
                                  static_cast<std::int64_t>(i + 1), "lockbox-");
    auto* dd = e.mutable_deposit_declared();
    dd->set_kind(events::DepositDeclared::LOCKBOX_TOTAL);
    if (!reference.empty()) dd->set_deposit_reference(reference);
    dd->set_channel(events::LOCKBOX);
    set_amount(dd->mutable_gross(), amount);
    set_amount(dd->mutable_fees(), 0);
    set_amount(dd->mutable_net(), amount);
    dd->set_deposit_date(date.days());
    dd->set_item_count(static_cast<std::int64_t>(1 + i % 40));
    d.expected.push_back({reference, amount, date.days(), id});
    pending.push_back({date, 0, i, std::move(e)});
    if (kind == Kind::missing) continue;
    const BusinessDate booked = bank_calendar::plus_banking_days(
        date, static_cast<std::int32_t>(rng() % (kMaxBankLagDays + 1)));
    std::int64_t bank_amount = amount;
    if (kind == Kind::amount_difference)
      bank_amount += (rng() % 2 ? 1 : -1) * static_cast<std::int64_t>(1 + rng() % 500);
    add_bank_line(booked, bank_amount, kind == Kind::no_reference ? std::string() : reference);
  }
  for (std::size_t u = 0; u < d.want_unexpected; ++u)
    add_bank_line(days[rng() % days.size()], 100 * (1'000 + static_cast<std::int64_t>(u)) + 37,
                  fmt::format("MISC{:08}", u));
  // Past every window: the missing and the unexpected are raised.
  d.run_date = bank_calendar::plus_banking_days(last_bank, 6);

  std::stable_sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) {
    return std::tie(a.date, a.side) < std::tie(b.date, b.side);
  });
  d.events.reserve(pending.size());
  for (Pending& p : pending) {
    std::string key = p.event.partition_key();
    d.events.emplace_back(std::move(key), events::encode(p.event));
  }
  return d;
}

// A fresh embedded log holding the events (synced appends of 10,000; not timed).
std::unique_ptr<log::EmbeddedLog> log_with(const Data& d, const std::string& path) {
  auto log = log::EmbeddedLog::open({path, kPartitions, true});
  if (!log) die(log.error().describe());
  std::vector<log::AppendEntry> batch;
  for (std::size_t at = 0; at < d.events.size(); at += kAppendBatch) {
    batch.clear();
    for (std::size_t k = at; k < std::min(d.events.size(), at + kAppendBatch); ++k)
      batch.push_back({d.events[k].first, d.events[k].second});
    if (auto appended = (*log)->append(batch); !appended) die(appended.error().describe());
  }
  return std::move(*log);
}

struct Sizes {
  double match_value_bytes = 0, discrepancy_value_bytes = 0;  // as the store keeps them
  double match_event_bytes = 0;                               // the event on the log
};

Sizes observed_sizes(const reconcile::RunReport& report) {
  Sizes s;
  double matches = 0, discrepancies = 0;
  for (const events::Envelope& e : report.decided) {
    if (e.has_reconcile_matched()) {
      s.match_value_bytes += 4 + static_cast<double>(e.reconcile_matched().ByteSizeLong());
      s.match_event_bytes += static_cast<double>(e.ByteSizeLong());
      ++matches;
    } else if (e.has_discrepancy_raised()) {
      s.discrepancy_value_bytes += 4 + static_cast<double>(e.discrepancy_raised().ByteSizeLong());
      ++discrepancies;
    }
  }
  if (matches > 0) s.match_value_bytes /= matches, s.match_event_bytes /= matches;
  if (discrepancies > 0) s.discrepancy_value_bytes /= discrepancies;
  return s;
}

std::size_t count_of(const std::map<std::string, std::size_t>& counts, const std::string& key) {
  const auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

// The outcome is the one the data was built for (within 0.5% of N: an honest figure).
void check_report(const Data& d, const reconcile::RunReport& r, bool published) {
  const double n = static_cast<double>(d.deposits);
  const auto near = [&](std::size_t got, std::size_t want, const char* what) {
    if (std::abs(static_cast<double>(got) - static_cast<double>(want)) > 0.005 * n)
      die(fmt::format("{}: {} where {} were expected", what, got, want));
  };
  near(r.open_expected, d.deposits, "open deposits");
  near(r.open_bank, d.bank.size(), "open bank lines");
  near(r.confirmed, d.want_reference + d.want_difference + d.want_amount_window,
       "confirmed matches");
  near(count_of(r.by_rule, "REFERENCE"), d.want_reference + d.want_difference, "REFERENCE matches");
  near(count_of(r.by_rule, "AMOUNT_WINDOW"), d.want_amount_window, "AMOUNT_WINDOW matches");
  near(r.proposed, 0, "proposed matches");
  near(count_of(r.raised, "AMOUNT_DIFFERENCE"), d.want_difference, "AMOUNT_DIFFERENCE");
  near(count_of(r.raised, "MISSING_IN_BANK"), d.want_missing, "MISSING_IN_BANK");
  near(count_of(r.raised, "UNEXPECTED_BANK_ITEM"), d.want_unexpected, "UNEXPECTED_BANK_ITEM");
  if (r.published != published)
    die(published ? "the run published nothing" : "a dry run published");
}

std::string describe(const reconcile::RunReport& r) {
  std::string by_rule, raised;
  for (const auto& [k, v] : r.by_rule) by_rule += fmt::format(" {}={}", k, v);
  for (const auto& [k, v] : r.raised) raised += fmt::format(" {}={}", k, v);
  return fmt::format(
      "open {} expected / {} bank; confirmed {} ({:.2f}% of deposits), proposed {}; by rule:{}; "
      "raised:{}",
      r.open_expected, r.open_bank, r.confirmed,
      100.0 * static_cast<double>(r.confirmed) / static_cast<double>(r.open_expected), r.proposed,
      by_rule, raised);
}

struct TallyRun {
  double load = 0, decide = 0, run = 0;
  Sizes sizes;
};

TallyRun tally_run(const Data& d, const fs::path& dir, bool verbose) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  TallyRun out;
  auto log = log_with(d, (dir / "log").string());
  {
    auto opened = reconcile::Reconciler::open((dir / "reconcile").string(), *log);
    if (!opened) die(opened.error().describe());
    reconcile::Reconciler& reconciler = **opened;

    auto start = Clock::now();
    if (auto s = reconciler.catch_up(); !s.ok()) die(s.error().describe());
    out.load = seconds_since(start);

    reconcile::RunOptions options;
    options.date = d.run_date;
    options.dry_run = true;
    start = Clock::now();
    auto dry = reconciler.run(options);
    out.decide = seconds_since(start);
    if (!dry) die(dry.error().describe());
    check_report(d, *dry, false);
    out.sizes = observed_sizes(*dry);

    options.dry_run = false;
    start = Clock::now();
    auto report = reconciler.run(options);
    out.run = seconds_since(start);
    if (!report) die(report.error().describe());
    check_report(d, *report, true);
    if (verbose) std::fprintf(stderr, "  %s\n", describe(*report).c_str());

    // The results are in the state: only the missing and the unexpected are still open.
    auto open = reconciler.store().open_items();
    if (!open) die(open.error().describe());
    if (open->size() != d.want_missing + d.want_unexpected)
      die(fmt::format("{} items open after the run, {} expected", open->size(),
                      d.want_missing + d.want_unexpected));
  }
  log.reset();
  fs::remove_all(dir);
  return out;
}

// Baseline of the load: the same item and open-item records, raw, 10,000 items per synced batch.
double load_baseline(const Data& d, const fs::path& dir) {
  std::vector<std::pair<std::string, std::string>> records;  // prepared outside the clock
  records.reserve(2 * d.events.size());
  for (const auto& [key, bytes] : d.events) {
    auto e = events::decode(bytes);
    if (!e) die("a generated event does not decode");
    auto item = reconcile::item_of(*e);
    if (!item) die("a generated event is not an item");
    std::string value;
    reconcile::encode_item(*item, value);
    records.emplace_back(reconcile::keys::item(item->id), value);
    records.emplace_back(reconcile::keys::open_item(*item), std::move(value));
  }
  fs::remove_all(dir);
  double seconds = 0;
  {
    auto store = reconcile::Store::open(dir.string());
    if (!store) die(store.error().describe());
    rocksdb::WriteOptions sync;
    sync.sync = true;
    const auto start = Clock::now();
    for (std::size_t at = 0; at < records.size(); at += 2 * kBaselineBatch) {
      rocksdb::WriteBatch batch;
      for (std::size_t k = at; k < std::min(records.size(), at + 2 * kBaselineBatch); ++k)
        batch.Put(records[k].first, records[k].second);
      if (!(*store)->db().Write(sync, &batch).ok()) die("baseline write failed");
    }
    seconds = seconds_since(start);
  }
  fs::remove_all(dir);
  return seconds;
}

struct Joined {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> matches;  // (expected, bank)
  std::size_t differences = 0, missing = 0, unexpected = 0;
};

// Sort-merge join: by reference, then what is left by amount within the window.
Joined sort_merge(const Data& d) {
  Joined out;
  std::vector<bool> e_claimed(d.expected.size()), b_claimed(d.bank.size());
  {
    std::vector<std::uint32_t> es, bs;
    for (std::uint32_t i = 0; i < d.expected.size(); ++i)
      if (!d.expected[i].reference.empty()) es.push_back(i);
    for (std::uint32_t j = 0; j < d.bank.size(); ++j)
      if (!d.bank[j].reference.empty()) bs.push_back(j);
    std::sort(es.begin(), es.end(),
              [&](auto x, auto y) { return d.expected[x].reference < d.expected[y].reference; });
    std::sort(bs.begin(), bs.end(),
              [&](auto x, auto y) { return d.bank[x].reference < d.bank[y].reference; });
    for (std::size_t a = 0, b = 0; a < es.size() && b < bs.size();) {
      const int c = d.expected[es[a]].reference.compare(d.bank[bs[b]].reference);
      if (c < 0) {
        ++a;
      } else if (c > 0) {
        ++b;
      } else {
        out.matches.emplace_back(es[a], bs[b]);
        e_claimed[es[a]] = b_claimed[bs[b]] = true;
        if (d.expected[es[a]].amount_minor != d.bank[bs[b]].amount_minor) ++out.differences;
        ++a, ++b;
      }
    }
  }
  {
    std::vector<std::uint32_t> es, bs;
    for (std::uint32_t i = 0; i < d.expected.size(); ++i)
      if (!e_claimed[i]) es.push_back(i);
    for (std::uint32_t j = 0; j < d.bank.size(); ++j)
      if (!b_claimed[j]) bs.push_back(j);
    const auto by_amount = [](const std::vector<Side>& side) {
      return [&side](std::uint32_t x, std::uint32_t y) {
        return std::tie(side[x].amount_minor, side[x].date) <
               std::tie(side[y].amount_minor, side[y].date);
      };
    };
    std::sort(es.begin(), es.end(), by_amount(d.expected));
    std::sort(bs.begin(), bs.end(), by_amount(d.bank));
    for (std::size_t a = 0, b = 0; a < es.size() && b < bs.size();) {
      const Side &x = d.expected[es[a]], &y = d.bank[bs[b]];
      if (x.amount_minor < y.amount_minor ||
          (x.amount_minor == y.amount_minor && y.date - x.date > kWindowCalendarDays)) {
        ++a;
      } else if (x.amount_minor > y.amount_minor || x.date - y.date > kWindowCalendarDays) {
        ++b;
      } else {
        out.matches.emplace_back(es[a], bs[b]);
        e_claimed[es[a]] = b_claimed[bs[b]] = true;
        ++a, ++b;
      }
    }
  }
  for (bool c : e_claimed) out.missing += c ? 0 : 1;
  for (bool c : b_claimed) out.unexpected += c ? 0 : 1;
  return out;
}

struct BaselineRun {
  double seconds = 0, join = 0;  // the whole baseline; the join alone
};

// The baseline of a run: the join, then one record per result written raw and synced.
BaselineRun run_baseline(const Data& d, const Sizes& sizes, const fs::path& dir, bool verbose) {
  fs::remove_all(dir);
  BaselineRun out;
  {
    auto store = reconcile::Store::open(dir.string());
    if (!store) die(store.error().describe());
    rocksdb::DB& db = (*store)->db();
    rocksdb::WriteOptions sync;
    sync.sync = true;
    const auto match_bytes = static_cast<std::size_t>(sizes.match_value_bytes + 0.5);
    const auto discrepancy_bytes = static_cast<std::size_t>(sizes.discrepancy_value_bytes + 0.5);
    const auto start = Clock::now();
    const Joined joined = sort_merge(d);
    out.join = seconds_since(start);
    rocksdb::WriteBatch batch;
    std::size_t in_batch = 0;
    std::string value;
    const auto put = [&](const EventId& key, const EventId& a, const EventId* b,
                         std::size_t bytes) {
      value.assign(a.as_string_view());
      if (b) value.append(b->as_string_view());
      value.resize(std::max(bytes, value.size()), 'x');
      batch.Put(key.as_string_view(), value);
      if (++in_batch == kBaselineBatch) {
        if (!db.Write(sync, &batch).ok()) die("baseline write failed");
        batch.Clear();
        in_batch = 0;
      }
    };
    for (const auto& [i, j] : joined.matches) {
      put(d.bank[j].id, d.expected[i].id, &d.bank[j].id, match_bytes);
      if (d.expected[i].amount_minor != d.bank[j].amount_minor)
        put(d.expected[i].id, d.bank[j].id, nullptr, discrepancy_bytes);
    }
    // Missing and unexpected: keyed by the item (their flags were computed in the join).
    std::vector<bool> claimed_e(d.expected.size()), claimed_b(d.bank.size());
    for (const auto& [i, j] : joined.matches) claimed_e[i] = claimed_b[j] = true;
    for (std::size_t i = 0; i < d.expected.size(); ++i)
      if (!claimed_e[i]) put(d.expected[i].id, d.expected[i].id, nullptr, discrepancy_bytes);
    for (std::size_t j = 0; j < d.bank.size(); ++j)
      if (!claimed_b[j]) put(d.bank[j].id, d.bank[j].id, nullptr, discrepancy_bytes);
    if (in_batch > 0 && !db.Write(sync, &batch).ok()) die("baseline write failed");
    out.seconds = seconds_since(start);
    if (joined.matches.size() != d.want_reference + d.want_difference + d.want_amount_window ||
        joined.missing != d.want_missing || joined.unexpected != d.want_unexpected ||
        joined.differences != d.want_difference)
      die(fmt::format("the baseline join found {} matches, {} missing, {} unexpected",
                      joined.matches.size(), joined.missing, joined.unexpected));
    if (verbose)
      std::fprintf(
          stderr,
          "  baseline: %zu matches (%zu with another amount), %zu missing, %zu unexpected\n",
          joined.matches.size(), joined.differences, joined.missing, joined.unexpected);
  }
  fs::remove_all(dir);
  return out;
}

void bench_size(std::size_t n, const char* name, int runs, const fs::path& work) {
  const auto generate_start = Clock::now();
  const Data d = generate(n);
  std::fprintf(stderr,
               "%s: %zu deposits, %zu bank lines, %zu events (generated in %.1f s), run as of %s, "
               "%d run(s)\n",
               name, d.expected.size(), d.bank.size(), d.events.size(),
               seconds_since(generate_start), d.run_date.to_iso().c_str(), runs);
  std::vector<double> loads, decides, totals, baselines, load_baselines;
  for (int r = 0; r < runs; ++r) {
    const TallyRun t = tally_run(d, work / "tally", r == 0);
    const BaselineRun base = run_baseline(d, t.sizes, work / "baseline", r == 0);
    const double load_base = load_baseline(d, work / "load-baseline");
    std::fprintf(stderr,
                 "  run %d: load %.2f s (raw %.2f s), decide (dry run) %.2f s, run %.2f s; "
                 "baseline %.2f s (join %.2f s); "
                 "stored match %.0f B (event %.0f B), discrepancy %.0f B\n",
                 r + 1, t.load, load_base, t.decide, t.run, base.seconds, base.join,
                 t.sizes.match_value_bytes, t.sizes.match_event_bytes,
                 t.sizes.discrepancy_value_bytes);
    loads.push_back(t.load);
    decides.push_back(t.decide);
    totals.push_back(t.run);
    baselines.push_back(base.seconds);
    load_baselines.push_back(load_base);
  }
  const std::string prefix(name);
  const double total = median(totals), base = median(baselines), decide = median(decides);
  const double deposits = static_cast<double>(n);
  bench::print_line(prefix, total, "s", base);
  bench::print_line(prefix + "_rate", deposits / total, "deposits/s", deposits / base);
  bench::print_line(prefix + "_load", median(loads), "s", median(load_baselines));
  bench::print_line(prefix + "_decide", decide, "s", total);
  bench::print_line(prefix + "_publish_apply", std::max(0.0, total - decide), "s", total);
}

}  // namespace

int main(int argc, char** argv) {
  int runs_1m = 1;
  bool small = true, large = true;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--1m-only") {
      small = false;
    } else if (arg == "--100k-only") {
      large = false;
    } else {
      runs_1m = std::max(1, std::atoi(arg.c_str()));
    }
  }
  const fs::path work = fs::temp_directory_path() / "tally-reconcile-bench";
  fs::remove_all(work);
  fs::create_directories(work);
  if (small) bench_size(100'000, "reconcile_100k", kRuns100k, work);
  if (large) bench_size(1'000'000, "reconcile_1m", runs_1m, work);
  fs::remove_all(work);
  return 0;
}
