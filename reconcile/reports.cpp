#include "reconcile/reports.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/currency.h"
#include "core/money.h"
#include "reconcile/banking_days.h"
#include "reconcile/saturating.h"
#include "reconcile/standing.h"

namespace tally::reconcile {
namespace {

std::string amount(std::int64_t minor, std::string_view currency) {
  const auto c = Currency::from_code(currency);
  return c ? Money(minor, *c).to_string() : std::to_string(minor);
}

std::int64_t signed_amount(const Item& item) {
  return is_credit(item.kind) ? item.amount_minor : -item.amount_minor;
}

const std::vector<std::string> kChannelColumns = {"channel", "deposits", "declared", "matched", "proposed", "open"};

// One "By channel" row: the channel (or "total") and its figures as text.
std::vector<std::string> channel_row(std::string_view channel, const ChannelTotals& t) {
  return {std::string(channel), std::to_string(t.deposits), amount(t.declared_minor, t.currency),
          amount(t.matched_minor, t.currency), amount(t.proposed_minor, t.currency), amount(t.open_minor, t.currency)};
}

// The "By channel" table: a row per channel, then their total (also given back in `total`).
ReportTable channel_table(const std::map<std::string, ChannelTotals>& by_channel, ChannelTotals& total) {
  ReportTable channels{"By channel", kChannelColumns, {}};
  for (const auto& [channel, t] : by_channel) {
    channels.rows.push_back(channel_row(channel, t));
    total.add(t);
  }
  channels.rows.push_back(channel_row("total", total));
  return channels;
}

}  // namespace

Result<std::vector<std::string>> bank_accounts(const Store& store) {
  std::set<std::string> accounts;
  TALLY_TRY(auto balances, store.balances());
  for (const auto& b : balances) accounts.insert(b.bank_account());
  TALLY_TRY(auto items, store.items());
  for (const Item& item : items)
    if (is_bank(item.kind) && !item.bank_account.empty()) accounts.insert(item.bank_account);
  return std::vector<std::string>(accounts.begin(), accounts.end());
}

Result<std::pair<Report, StatementFigures>> statement_report(const Store& store, std::string_view bank_account,
                                                             BusinessDate date, std::int64_t book_balance_minor) {
  StatementFigures f;
  f.book_balance_minor = book_balance_minor;
  TALLY_TRY(auto balances, store.balances());
  for (const auto& b : balances) {
    if (b.bank_account() != bank_account || !b.has_closing_ledger() || b.balance_date() > date.days()) continue;
    if (!f.bank_balance_date || b.balance_date() >= f.bank_balance_date->days()) {
      f.bank_balance_date = BusinessDate::from_days(b.balance_date());
      f.bank_balance_minor = b.closing_ledger().minor();
      f.currency = b.closing_ledger().currency();
    }
  }
  TALLY_TRY(auto items, store.items());
  ReportTable reconciling{"Reconciling items: bank lines not yet matched",
                          {"date", "kind", "bank_reference", "customer_reference", "description", "amount", "status"},
                          {}};
  ReportTable transit{"Deposits in transit (transit:<channel>, not yet shown by the bank)",
                      {"date", "channel", "reference", "amount"}, {}};
  for (const Item& item : items) {
    // Only this account's bank lines and the deposits matter here: the rest are not looked up.
    const bool own_line = is_bank(item.kind) && item.bank_account == bank_account;
    if (item.date > date || (!own_line && item.kind != ItemKind::deposit)) continue;
    TALLY_TRY(Standing s, standing_of(store, item));
    // A match made after the date had not moved its money yet on that date.
    const bool settled = s.status == "matched" && s.match->date <= date;
    if (own_line && !settled) {
      add_to(f.reconciling_minor, signed_amount(item));
      reconciling.rows.push_back({item.date.to_iso(), std::string(kind_name(item.kind)), item.reference,
                                  item.reference2, item.description, amount(signed_amount(item), item.currency),
                                  s.status});
    } else if (item.kind == ItemKind::deposit && !settled) {
      transit.rows.push_back({item.date.to_iso(), item.channel, item.reference, amount(item.amount_minor, item.currency)});
    }
  }
  const std::int64_t bank = f.bank_balance_minor.value_or(0);
  f.difference_minor = bank;
  subtract_from(f.difference_minor, f.book_balance_minor);
  subtract_from(f.difference_minor, f.reconciling_minor);
  Report r;
  r.title = fmt::format("Bank reconciliation statement, account {}, {}", bank_account, date.to_iso());
  r.summary = {
      {"bank_account", std::string(bank_account)},
      {"date", date.to_iso()},
      {"bank_balance", f.bank_balance_minor ? amount(bank, f.currency) : "no statement"},
      {"bank_balance_date", f.bank_balance_date ? f.bank_balance_date->to_iso() : "-"},
      {"book_balance", amount(f.book_balance_minor, f.currency)},
      {"reconciling_items", amount(f.reconciling_minor, f.currency)},
      {"difference", amount(f.difference_minor, f.currency)},
      {"reconciled", f.bank_balance_minor && f.difference_minor == 0 ? "yes" : "no"},
  };
  r.tables = {std::move(reconciling), std::move(transit)};
  return std::pair{std::move(r), f};
}

Result<Report> deposit_report(const Store& store, BusinessDate date) {
  std::map<std::string, ChannelTotals> by_channel;
  ReportTable detail{"Deposits", {"channel", "reference", "amount", "status", "match", "bank_reference"}, {}};
  TALLY_TRY(auto items, store.items());
  for (const Item& item : items) {
    if (item.kind != ItemKind::deposit || item.date != date) continue;
    TALLY_TRY(Standing s, standing_of(store, item));
    by_channel[item.channel].add(item, s);
    std::string bank_reference;
    if (s.match)
      for (const std::string& bytes : s.match->match.bank_line_ids()) {
        TALLY_TRY(auto line, store.item(*EventId::from_bytes(bytes)));
        if (line) bank_reference += (bank_reference.empty() ? "" : " ") + line->reference;
      }
    detail.rows.push_back({item.channel, item.reference, amount(item.amount_minor, item.currency), s.status,
                           s.match ? s.match->id.to_hex() : "", bank_reference});
  }
  ChannelTotals total;
  ReportTable channels = channel_table(by_channel, total);
  Report r;
  r.title = fmt::format("Daily deposit report, {}", date.to_iso());
  r.summary = {{"date", date.to_iso()},
               {"deposits", std::to_string(total.deposits)},
               {"declared", amount(total.declared_minor, total.currency)},
               {"matched", amount(total.matched_minor, total.currency)},
               {"open", amount(total.open_minor, total.currency)}};
  r.tables = {std::move(channels), std::move(detail)};
  return r;
}

Report deposit_range_report(const std::vector<DayTotals>& days) {
  std::vector<std::string> columns = kChannelColumns;
  columns.insert(columns.begin(), "date");
  ReportTable by_day{"By day and channel", std::move(columns), {}};
  std::map<std::string, ChannelTotals> by_channel;
  for (const DayTotals& day : days)
    for (const auto& [channel, t] : day.channels) {
      std::vector<std::string> row = channel_row(channel, t);
      row.insert(row.begin(), day.date.to_iso());
      by_day.rows.push_back(std::move(row));
      by_channel[channel].add(t);
    }
  ChannelTotals total;
  ReportTable channels = channel_table(by_channel, total);
  const std::string from = days.empty() ? "-" : days.front().date.to_iso();
  const std::string to = days.empty() ? "-" : days.back().date.to_iso();
  Report r;
  r.title = fmt::format("Deposits by day, {} to {}", from, to);
  r.summary = {{"from", from},
               {"to", to},
               {"days", std::to_string(days.size())},
               {"deposits", std::to_string(total.deposits)},
               {"declared", amount(total.declared_minor, total.currency)},
               {"matched", amount(total.matched_minor, total.currency)},
               {"open", amount(total.open_minor, total.currency)}};
  r.tables = {std::move(channels), std::move(by_day)};
  return r;
}

Result<Report> outstanding_report(const Store& store, BusinessDate date) {
  struct Bucket {
    const char* name;
    std::int32_t up_to;  // banking days, inclusive
    std::int64_t count = 0, expected = 0, bank = 0;
  };
  std::vector<Bucket> buckets = {{"0-1", 1}, {"2-5", 5}, {"6-10", 10}, {"11-30", 30}, {"over 30", INT32_MAX}};
  TALLY_TRY(auto open, store.open_items());
  std::erase_if(open, [&](const Item& item) { return item.date > date; });
  BusinessDate first = date;
  for (const Item& item : open) first = std::min(first, item.date);
  const BankingDays days(first, date);
  std::vector<std::pair<std::int32_t, const Item*>> aged;
  for (const Item& item : open) aged.emplace_back(std::max(0, days.between(item.date, date)), &item);
  std::sort(aged.begin(), aged.end(), [](const auto& a, const auto& b) {
    return std::tie(b.first, a.second->id) < std::tie(a.first, b.second->id);  // oldest first
  });
  ReportTable detail{"Open items, oldest first", {"age_days", "date", "side", "kind", "channel", "reference", "amount"}, {}};
  std::string currency = "USD";
  for (const auto& aged_item : aged) {
    const std::int32_t age = aged_item.first;  // named, not bound: a lambda captures it
    const Item* item = aged_item.second;
    Bucket& b = *std::find_if(buckets.begin(), buckets.end(), [&](const Bucket& x) { return age <= x.up_to; });
    ++b.count;
    add_to(is_bank(item->kind) ? b.bank : b.expected, signed_amount(*item));
    currency = item->currency;
    detail.rows.push_back({std::to_string(age), item->date.to_iso(), is_bank(item->kind) ? "bank" : "tally",
                           std::string(kind_name(item->kind)), item->channel,
                           item->reference.empty() ? item->reference2 : item->reference,
                           amount(signed_amount(*item), item->currency)});
  }
  ReportTable by_age{"By age (banking days)", {"age", "items", "expected_by_tally", "shown_by_bank_only"}, {}};
  for (const Bucket& b : buckets)
    by_age.rows.push_back({b.name, std::to_string(b.count), amount(b.expected, currency), amount(b.bank, currency)});
  Report r;
  r.title = fmt::format("Outstanding items by age, {}", date.to_iso());
  r.summary = {{"date", date.to_iso()}, {"open_items", std::to_string(aged.size())}};
  r.tables = {std::move(by_age), std::move(detail)};
  return r;
}

}  // namespace tally::reconcile
