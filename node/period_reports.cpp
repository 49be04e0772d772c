#include "node/period_reports.h"

#include <algorithm>
#include <array>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "core/accounts.h"
#include "core/errors.h"
#include "core/events/channels.h"
#include "ledger/letter_render.h"
#include "node/journal_scan.h"

namespace tally::node {
namespace {

using reconcile::Report;
using reconcile::ReportTable;

constexpr std::string_view kRefundCode = "REFUND";  // ingest/mappers/card_mapper.cpp
constexpr std::size_t kMaxFiles = 100'000;
constexpr std::size_t kShaPrefix = 12;
constexpr std::size_t kQuarantineNamePrefix = 8;  // "<sha8>-<name>" (ingest/kept_files.h)
constexpr std::size_t kMaxErrorReportBytes = 1 << 20;

Status check_currency(const ReportSources& s, const ledger::Entry& entry) {
  for (const ledger::Posting& p : entry.postings)
    if (!(p.currency == s.currency))
      return core_error(CoreErrc::invalid_argument,
                        fmt::format("entry {} posts in {}: the reports sum one currency, {}",
                                    entry.event_id.to_hex(), p.currency.code(), s.currency.code()));
  return ok_status();
}

bool is(const ledger::Entry& e, events::EventType type) {
  return e.event_type == static_cast<std::uint32_t>(type);
}

// The channel of an account that takes a payment in: clearing:<channel>, or a drawer (counter).
std::string channel_of_account(std::string_view account) {
  const auto name = accounts::parse(account);
  if (!name) return {};
  if (name->kind == accounts::AccountKind::kClearing) return name->id;
  if (name->kind == accounts::AccountKind::kDrawer) return "counter";
  return {};
}

// ---- payments

Result<Report> payments(const ReportSources& s, const ReportPeriod& p) {
  PaymentsTally tally(s.currency);
  EntriesWithEvents batch(s.log, [&](const JournalItem& item, const events::Envelope* e) -> Status {
    std::string channel;
    if (e && e->has_payment_received())
      channel = std::string(events::channel_name(e->payment_received().channel()));
    for (const ledger::Posting& post : item.entry.postings) {
      if (post.amount_minor <= 0) continue;
      if (channel.empty()) channel = channel_of_account(post.account);
      return tally.add(item.entry.business_date, channel.empty() ? "unknown" : channel,
                       post.account, post.amount_minor);
    }
    return ok_status();
  });
  const Status scanned = for_each_entry(s.ledger, p.to, [&](const JournalItem& item) -> Status {
    if (!p.contains(item.entry.business_date) || !is(item.entry, events::PAYMENT_RECEIVED))
      return ok_status();
    TALLY_TRY_STATUS(check_currency(s, item.entry));
    return batch.add(item);
  });
  if (!scanned.ok()) return scanned.error();
  TALLY_TRY_STATUS(batch.finish());
  return tally.report(p);
}

// ---- returns

// Card networks' chargeback reason codes the office meets most (Visa, Mastercard).
std::string chargeback_words(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kCodes{{
      {"10.4", "Fraud: the card was not present and the cardholder did not authorize it."},
      {"10.5", "Fraud: flagged by the card network's monitoring program."},
      {"11.1", "The card was on the warning bulletin."},
      {"11.3", "The payment was not authorized."},
      {"12.5", "The amount charged was not the amount authorized."},
      {"12.6", "The payment was processed more than once."},
      {"13.1", "The cardholder says the service was not received."},
      {"13.6", "The cardholder says a credit was not processed."},
      {"4837", "The cardholder did not authorize the payment."},
      {"4834", "The payment was processed more than once."},
      {"4853", "The cardholder disputes the payment."},
      {"4863", "The cardholder does not recognize the payment."},
  }};
  for (const auto& [c, words] : kCodes)
    if (c == code) return std::string(words);
  return "Card chargeback.";
}

// What a return entry moved: the amount taken back (credited to the clearing account) and the
// fee charged (credited to revenue:nsf-fees).
std::pair<std::int64_t, std::int64_t> return_amounts(const ledger::Entry& entry) {
  std::int64_t amount = 0, fee = 0;
  for (const ledger::Posting& post : entry.postings) {
    if (post.amount_minor >= 0) continue;
    if (post.account == accounts::kRevenueNsfFees)
      fee -= post.amount_minor;
    else
      amount -= post.amount_minor;
  }
  return {amount, fee};
}

// "return R01 of payment ...": the code, when the log cannot say it.
std::string code_in_memo(std::string_view memo) {
  static constexpr std::string_view kReturn = "return ";
  if (!memo.starts_with(kReturn)) return {};
  const std::string_view rest = memo.substr(kReturn.size());
  return std::string(rest.substr(0, rest.find(' ')));
}

Status add_return(ReturnsTally& tally, const JournalItem& item, const events::Envelope* e) {
  const ledger::Entry& entry = item.entry;
  if (is(entry, events::CHARGEBACK_REVERSED)) {
    std::int64_t amount = 0;
    for (const ledger::Posting& post : entry.postings)
      amount += post.amount_minor > 0 ? post.amount_minor : 0;
    return tally.add_reversal(amount);
  }
  if (is(entry, events::CHARGEBACK_RECEIVED)) {
    std::int64_t amount = 0;
    for (const ledger::Posting& post : entry.postings)
      amount += post.amount_minor > 0 ? post.amount_minor : 0;
    const std::string code =
        e && e->has_chargeback_received() ? e->chargeback_received().reason_code() : "";
    return tally.add("chargeback", code, chargeback_words(code), amount, 0);
  }
  const auto [amount, fee] = return_amounts(entry);
  std::string code = code_in_memo(entry.memo), reason, kind = "return";
  if (e && e->has_payment_returned()) {
    const auto& r = e->payment_returned();
    code = r.return_code();
    reason = r.reason();
    if (r.kind() == events::ACH_RETURN) kind = "ACH return";
    if (r.kind() == events::CHECK_RETURN) kind = "check return";
  }
  if (code == kRefundCode)
    return tally.add("refund", code, "Money given back to the customer.", amount, fee);
  return tally.add(kind, code, ledger::return_reason_words(code, reason, "en"), amount, fee);
}

Result<Report> returns(const ReportSources& s, const ReportPeriod& p) {
  ReturnsTally tally(s.currency);
  EntriesWithEvents batch(s.log, [&](const JournalItem& item, const events::Envelope* e) {
    return add_return(tally, item, e);
  });
  const Status scanned = for_each_entry(s.ledger, p.to, [&](const JournalItem& item) -> Status {
    const ledger::Entry& e = item.entry;
    if (!p.contains(e.business_date)) return ok_status();
    if (!is(e, events::PAYMENT_RETURNED) && !is(e, events::CHARGEBACK_RECEIVED) &&
        !is(e, events::CHARGEBACK_REVERSED))
      return ok_status();
    TALLY_TRY_STATUS(check_currency(s, e));
    return batch.add(item);
  });
  if (!scanned.ok()) return scanned.error();
  TALLY_TRY_STATUS(batch.finish());
  return tally.report(p);
}

// ---- NSF fees

Result<Report> nsf_fees(const ReportSources& s, const ReportPeriod& p) {
  NsfFeesTally tally(s.currency);
  const Status scanned = for_each_entry(s.ledger, p.to, [&](const JournalItem& item) -> Status {
    const ledger::Entry& e = item.entry;
    if (!p.contains(e.business_date)) return ok_status();
    for (const ledger::Posting& fee : e.postings) {
      if (fee.account != accounts::kRevenueNsfFees) continue;
      TALLY_TRY_STATUS(check_currency(s, e));
      // Whom: the customer posted the other side of the same amount.
      std::string customer;
      for (const ledger::Posting& other : e.postings)
        if (other.amount_minor == -fee.amount_minor && other.account.starts_with("customer:"))
          customer = other.account.substr(9);
      const std::string code = is(e, events::PAYMENT_RETURNED) ? code_in_memo(e.memo) : e.memo;
      TALLY_TRY_STATUS(tally.add(e.business_date, fee.amount_minor, customer, code));
    }
    return ok_status();
  });
  if (!scanned.ok()) return scanned.error();
  return tally.report(p);
}

// ---- suspense

Result<Report> suspense(const ReportSources& s, const ReportPeriod& p) {
  struct Line {
    BusinessDate date;
    std::optional<EventId> payment;
    EventId event;
    std::string channel;
    std::int64_t amount_minor = 0;
  };
  std::vector<Line> lines;
  const Status scanned = for_each_entry(s.ledger, p.to, [&](const JournalItem& item) -> Status {
    const ledger::Entry& e = item.entry;
    for (const ledger::Posting& post : e.postings) {
      if (post.account != accounts::kSuspense) continue;
      TALLY_TRY_STATUS(check_currency(s, e));
      std::string channel;
      for (const ledger::Posting& other : e.postings)
        if (channel.empty() && other.account != accounts::kSuspense)
          channel = channel_of_account(other.account);
      lines.push_back(
          {e.business_date, payment_named_in_memo(e.memo), e.event_id, channel, post.amount_minor});
    }
    return ok_status();
  });
  if (!scanned.ok()) return scanned.error();
  // What is held does not depend on the order postings are met in, but which item a release
  // that names none comes out of does: money in first, then money out, each by date.
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
    return std::make_pair(a.amount_minor > 0, a.date) < std::make_pair(b.amount_minor > 0, b.date);
  });
  SuspenseAging aging(s.currency);
  for (const Line& l : lines)
    TALLY_TRY_STATUS(aging.post(l.date, l.payment, l.event, l.channel, l.amount_minor));
  return aging.report(p.to);
}

// ---- trial balance

Result<Report> trial_balance(const ReportSources& s, const ReportPeriod& p) {
  TrialBalance tb(s.currency);
  const Status scanned = for_each_entry(s.ledger, p.to, [&](const JournalItem& item) -> Status {
    TALLY_TRY_STATUS(check_currency(s, item.entry));
    for (const ledger::Posting& post : item.entry.postings)
      TALLY_TRY_STATUS(tb.post(post.account, post.amount_minor));
    return ok_status();
  });
  if (!scanned.ok()) return scanned.error();
  return tb.report(p.to);
}

// ---- autopay

std::string masked_account(std::string_view last4) {
  return last4.empty() ? "" : "****" + std::string(last4);
}

// What a notice of change corrects (NACHA change codes), and the corrected value, masked.
std::pair<std::string, std::string> noc_correction(const events::NoticeOfChange& n) {
  const std::string& code = n.change_code();
  const std::string account = masked_account(n.corrected_account_last4());
  const std::string routing = n.corrected_routing_number();
  const auto tc = n.corrected_transaction_code();
  const std::string type = tc == 0 ? "" : (tc >= 30 && tc < 40 ? "savings" : "checking");
  auto join = [](std::initializer_list<std::string> parts) {
    std::string out;
    for (const auto& part : parts)
      if (!part.empty()) out += (out.empty() ? "" : " ") + part;
    return out;
  };
  if (code == "C01") return {"account number", account};
  if (code == "C02") return {"routing number", routing};
  if (code == "C03") return {"routing and account number", join({routing, account})};
  if (code == "C05") return {"account type", type};
  if (code == "C06") return {"account number and type", join({account, type})};
  if (code == "C07") return {"routing, account number and type", join({routing, account, type})};
  if (code == "C04") return {"account holder's name", ""};
  if (code == "C09") return {"individual id (customer number)", ""};
  if (code.size() == 3 && code[1] == '6') return {"the bank refused Tally's correction", ""};
  return {"other", ""};
}

Result<Report> autopay(const ReportSources& s, const ReportPeriod& p) {
  TALLY_TRY(auto policy_removals, s.ledger.autopay_removals(ledger::kMaxQueryLimit));
  std::set<EventId> removal_ids;
  ReportTable removals{"Removals", {"date", "customer", "why", "by"}, {}};
  for (const ledger::AutopayRemoval& r : policy_removals) {
    removal_ids.insert(r.removal_id);
    if (!p.contains(r.date)) continue;
    removals.rows.push_back(
        {r.date.to_iso(), r.account.substr(r.account.find(':') + 1), r.reason, "return policy"});
  }
  ReportTable enrolments{
      "Enrolments", {"date", "customer", "holder", "routing", "bank account", "type"}, {}};
  ReportTable notices{
      "Notices of change",
      {"date", "customer", "code", "field corrected", "corrected value", "original trace"},
      {}};
  EntriesWithEvents batch(s.log, [&](const JournalItem& item, const events::Envelope* e) -> Status {
    const std::string date = item.entry.business_date.to_iso();
    if (!e) {
      const std::string unread = "(event not readable from the log)";
      if (is(item.entry, events::AUTOPAY_ENROLLED))
        enrolments.rows.push_back({date, unread, "", "", "", ""});
      return ok_status();
    }
    if (e->has_autopay_enrolled()) {
      const auto& a = e->autopay_enrolled();
      enrolments.rows.push_back({date, a.account_id(), a.holder_name(), a.routing_number(),
                                 masked_account(a.account_last4()), a.account_type()});
    } else if (e->has_autopay_removed()) {
      removals.rows.push_back({date, e->autopay_removed().account_id(),
                               e->autopay_removed().reason(),
                               e->source().user().empty() ? "file" : e->source().user()});
    } else if (e->has_notice_of_change()) {
      const auto& n = e->notice_of_change();
      auto [field, value] = noc_correction(n);
      notices.rows.push_back(
          {date, n.account_id(), n.change_code(), field, value, n.original_trace()});
    }
    return ok_status();
  });
  const Status scanned = for_each_entry(s.ledger, p.to, [&](const JournalItem& item) -> Status {
    const ledger::Entry& e = item.entry;
    if (!p.contains(e.business_date)) return ok_status();
    if (is(e, events::AUTOPAY_REMOVED) && removal_ids.count(e.event_id))
      return ok_status();  // listed above
    if (is(e, events::AUTOPAY_ENROLLED) || is(e, events::AUTOPAY_REMOVED) ||
        is(e, events::NOTICE_OF_CHANGE))
      return batch.add(item);
    return ok_status();
  });
  if (!scanned.ok()) return scanned.error();
  TALLY_TRY_STATUS(batch.finish());
  std::sort(removals.rows.begin(), removals.rows.end());
  Report r;
  r.title = p.from == p.to ? "Autopay, " + p.from.to_iso()
                           : fmt::format("Autopay, {} to {}", p.from.to_iso(), p.to.to_iso());
  r.summary = {{"from", p.from.to_iso()},
               {"to", p.to.to_iso()},
               {"enrolments", std::to_string(enrolments.rows.size())},
               {"removals", std::to_string(removals.rows.size())},
               {"notices of change", std::to_string(notices.rows.size())}};
  r.tables = {std::move(enrolments), std::move(removals), std::move(notices)};
  return r;
}

// ---- files

BusinessDate utc_date(std::int64_t us) {
  const std::int64_t seconds = us / 1'000'000 - (us % 1'000'000 < 0 ? 1 : 0);
  const std::int64_t days = seconds / 86'400 - (seconds % 86'400 < 0 ? 1 : 0);
  return BusinessDate::from_days(static_cast<std::int32_t>(days));
}

std::string utc_time(std::int64_t us) {
  const std::time_t seconds = static_cast<std::time_t>(us / 1'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

// The first error of the quarantine's report on each refused file whose sha256 prefix is in
// `wanted`, by that prefix.
std::map<std::string, std::string> refusal_reasons(const std::string& quarantine_dir,
                                                   const std::set<std::string>& wanted) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(quarantine_dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= kQuarantineNamePrefix || name[kQuarantineNamePrefix] != '-' ||
        !name.ends_with(".errors.json") || !wanted.count(name.substr(0, kQuarantineNamePrefix)))
      continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::string text(kMaxErrorReportBytes, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    boost::system::error_code jec;
    const boost::json::value v = boost::json::parse(text, jec);
    if (jec || !v.is_object()) continue;
    const auto* errors = v.as_object().if_contains("errors");
    if (!errors || !errors->is_array() || errors->as_array().empty()) continue;
    const auto& first = errors->as_array().front();
    if (!first.is_object()) continue;
    std::string reason;
    if (const auto* m = first.as_object().if_contains("message"); m && m->is_string())
      reason = m->as_string().c_str();
    if (const auto* c = first.as_object().if_contains("code"); c && c->is_string())
      reason = std::string(c->as_string().c_str()) + ": " + reason;
    if (errors->as_array().size() > 1)
      reason += fmt::format(" (and {} more)", errors->as_array().size() - 1);
    out[name.substr(0, kQuarantineNamePrefix)] = std::move(reason);
  }
  return out;
}

Result<Report> files(const ReportSources& s, const ReportPeriod& p) {
  TALLY_TRY(auto records, s.registry.list(kMaxFiles));
  std::sort(records.begin(), records.end(),
            [](const auto& a, const auto& b) { return a.first_at_us < b.first_at_us; });
  std::set<std::string> refused_here;
  for (const ingest::FileRecord& f : records)
    if (f.outcome != "accepted" && p.contains(utc_date(f.first_at_us)))
      refused_here.insert(f.sha256.substr(0, kQuarantineNamePrefix));
  const auto reasons = refusal_reasons(s.quarantine_dir, refused_here);
  ReportTable t{"Files",
                {"received (UTC)", "name", "kind", "sha256", "verdict", "events", "by", "reason"},
                {}};
  std::int64_t accepted = 0, refused = 0;
  for (const ingest::FileRecord& f : records) {
    if (!p.contains(utc_date(f.first_at_us))) continue;
    (f.outcome == "accepted" ? accepted : refused) += 1;
    std::string reason;
    if (f.outcome != "accepted") {
      const auto found = reasons.find(f.sha256.substr(0, kQuarantineNamePrefix));
      reason = found != reasons.end() ? found->second : "";
    } else if (f.override_used) {
      reason = "accepted with the layout override";
    }
    t.rows.push_back({utc_time(f.first_at_us), std::filesystem::path(f.name).filename().string(),
                      f.format, f.sha256.substr(0, kShaPrefix), f.outcome, std::to_string(f.events),
                      f.by, reason});
  }
  Report r;
  r.title = p.from == p.to
                ? "Files received, " + p.from.to_iso()
                : fmt::format("Files received, {} to {}", p.from.to_iso(), p.to.to_iso());
  r.summary = {{"from", p.from.to_iso()},
               {"to", p.to.to_iso()},
               {"received", std::to_string(accepted + refused)},
               {"accepted", std::to_string(accepted)},
               {"refused", std::to_string(refused)}};
  r.tables = {std::move(t)};
  return r;
}

}  // namespace

std::optional<PeriodReportKind> parse_period_report(std::string_view name) {
  if (name == "payments") return PeriodReportKind::payments;
  if (name == "returns") return PeriodReportKind::returns;
  if (name == "nsf-fees") return PeriodReportKind::nsf_fees;
  if (name == "autopay") return PeriodReportKind::autopay;
  if (name == "suspense") return PeriodReportKind::suspense;
  if (name == "files") return PeriodReportKind::files;
  if (name == "trial-balance") return PeriodReportKind::trial_balance;
  return std::nullopt;
}

Result<Report> period_report(const ReportSources& sources, PeriodReportKind kind,
                             const ReportPeriod& period) {
  if (period.from > period.to)
    return core_error(CoreErrc::invalid_argument,
                      fmt::format("the range starts {} after it ends {}", period.from.to_iso(),
                                  period.to.to_iso()));
  if (period.to.days() - period.from.days() >= kMaxReportDays)
    return core_error(CoreErrc::invalid_argument,
                      fmt::format("a report covers at most {} days", kMaxReportDays));
  if (!sources.whole_books && kind != PeriodReportKind::files)
    return core_error(CoreErrc::unsupported,
                      "this process holds only some partitions' books (Kafka): run reports on the "
                      "embedded log, or "
                      "on a folder replayed from the log (tally replay --into)");
  switch (kind) {
    case PeriodReportKind::payments:
      return payments(sources, period);
    case PeriodReportKind::returns:
      return returns(sources, period);
    case PeriodReportKind::nsf_fees:
      return nsf_fees(sources, period);
    case PeriodReportKind::autopay:
      return autopay(sources, period);
    case PeriodReportKind::suspense:
      return suspense(sources, period);
    case PeriodReportKind::files:
      return files(sources, period);
    case PeriodReportKind::trial_balance:
      return trial_balance(sources, period);
  }
  return core_error(CoreErrc::invalid_argument, "unknown report");
}

}  // namespace tally::node
