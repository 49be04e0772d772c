#include "node/report_tallies.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/accounts.h"
#include "core/errors.h"
#include "core/money.h"

namespace tally::node {
namespace {

Error overflow(std::string_view what) {
  return core_error(CoreErrc::amount_overflow, fmt::format("the report's {} overflow", what));
}

Status add_to(std::int64_t& sum, std::int64_t minor, std::string_view what) {
  const auto next = checked_add(sum, minor);
  if (!next) return overflow(what);
  sum = *next;
  return ok_status();
}

std::string range_text(const ReportPeriod& p) {
  return p.from == p.to ? p.from.to_iso() : fmt::format("{} to {}", p.from.to_iso(), p.to.to_iso());
}

void period_summary(reconcile::Report& r, const ReportPeriod& p) {
  r.summary.push_back({"from", p.from.to_iso()});
  r.summary.push_back({"to", p.to.to_iso()});
}

std::string count_cell(std::int64_t n) {
  return std::to_string(n);
}

}  // namespace

std::string amount_cell(std::int64_t minor, Currency currency) {
  return Money(minor, currency).to_string();
}

Status CountAmount::add(std::int64_t minor) {
  const auto next = checked_add(amount_minor, minor);
  if (!next) return overflow("amounts");
  amount_minor = *next;
  ++count;
  return ok_status();
}

// ---- payments

Status PaymentsTally::add(BusinessDate date, std::string_view channel, std::string_view account,
                          std::int64_t amount_minor) {
  // Checked on the total first: if it fits, every partial sum of the same amounts fits too.
  CountAmount total = total_;
  TALLY_TRY_STATUS(total.add(amount_minor));
  total_ = total;
  const auto key = std::make_tuple(date, std::string(channel), std::string(account));
  TALLY_TRY_STATUS(by_day_[key].add(amount_minor));
  TALLY_TRY_STATUS(by_channel_[std::string(channel)].add(amount_minor));
  return by_account_[std::string(account)].add(amount_minor);
}

reconcile::Report PaymentsTally::report(const ReportPeriod& period) const {
  reconcile::Report r;
  r.title = "Payments by channel and day, " + range_text(period);
  period_summary(r, period);
  r.summary.push_back({"currency", std::string(currency_.code())});
  r.summary.push_back({"payments", count_cell(total_.count)});
  r.summary.push_back({"amount", amount_cell(total_.amount_minor, currency_)});
  reconcile::ReportTable days{
      "By business day and channel", {"date", "channel", "account", "count", "amount"}, {}};
  for (const auto& [key, c] : by_day_)
    days.rows.push_back({std::get<0>(key).to_iso(), std::get<1>(key), std::get<2>(key),
                         count_cell(c.count), amount_cell(c.amount_minor, currency_)});
  reconcile::ReportTable channels{"Totals by channel", {"channel", "count", "amount"}, {}};
  for (const auto& [channel, c] : by_channel_)
    channels.rows.push_back({channel, count_cell(c.count), amount_cell(c.amount_minor, currency_)});
  channels.rows.push_back(
      {"total", count_cell(total_.count), amount_cell(total_.amount_minor, currency_)});
  reconcile::ReportTable accounts{"Totals by account debited", {"account", "count", "amount"}, {}};
  for (const auto& [account, c] : by_account_)
    accounts.rows.push_back({account, count_cell(c.count), amount_cell(c.amount_minor, currency_)});
  r.tables = {std::move(days), std::move(channels), std::move(accounts)};
  return r;
}

// ---- returns

Status ReturnsTally::add(std::string_view kind, std::string_view code, std::string_view description,
                         std::int64_t amount_minor, std::int64_t fee_minor) {
  CountAmount total = total_;
  TALLY_TRY_STATUS(total.add(amount_minor));
  std::int64_t fees = fees_minor_;
  TALLY_TRY_STATUS(add_to(fees, fee_minor, "fees"));
  total_ = total;
  fees_minor_ = fees;
  Line& line = lines_[{std::string(kind), std::string(code)}];
  if (line.description.empty()) line.description = std::string(description);
  TALLY_TRY_STATUS(line.returned.add(amount_minor));
  return add_to(line.fee_minor, fee_minor, "fees");
}

Status ReturnsTally::add_reversal(std::int64_t amount_minor) {
  return reversed_.add(amount_minor);
}

reconcile::Report ReturnsTally::report(const ReportPeriod& period) const {
  reconcile::Report r;
  r.title = "Returns and chargebacks by reason, " + range_text(period);
  period_summary(r, period);
  r.summary.push_back({"currency", std::string(currency_.code())});
  r.summary.push_back({"returns and chargebacks", count_cell(total_.count)});
  r.summary.push_back({"amount", amount_cell(total_.amount_minor, currency_)});
  r.summary.push_back({"fees charged", amount_cell(fees_minor_, currency_)});
  r.summary.push_back({"chargebacks reversed", count_cell(reversed_.count)});
  r.summary.push_back({"amount reversed", amount_cell(reversed_.amount_minor, currency_)});
  reconcile::ReportTable t{
      "By reason code", {"kind", "code", "description", "count", "amount", "fees"}, {}};
  for (const auto& [key, line] : lines_)
    t.rows.push_back({key.first, key.second, line.description, count_cell(line.returned.count),
                      amount_cell(line.returned.amount_minor, currency_),
                      amount_cell(line.fee_minor, currency_)});
  t.rows.push_back({"total", "", "", count_cell(total_.count),
                    amount_cell(total_.amount_minor, currency_),
                    amount_cell(fees_minor_, currency_)});
  r.tables = {std::move(t)};
  return r;
}

// ---- NSF fees

Status NsfFeesTally::add(BusinessDate date, std::int64_t amount_minor, std::string_view customer,
                         std::string_view code) {
  if (amount_minor == 0) return ok_status();
  const bool charge = amount_minor < 0;  // a credit to revenue
  const std::int64_t fee = charge ? -amount_minor : amount_minor;
  if (amount_minor == INT64_MIN) return overflow("fees");
  CountAmount& whole = charge ? charged_ : reversed_;
  CountAmount next = whole;
  TALLY_TRY_STATUS(next.add(fee));
  whole = next;
  Day& day = days_[date];
  TALLY_TRY_STATUS((charge ? day.charged : day.reversed).add(fee));
  fees_.push_back({date, std::string(customer), std::string(code), charge ? fee : -fee});
  return ok_status();
}

reconcile::Report NsfFeesTally::report(const ReportPeriod& period) const {
  reconcile::Report r;
  r.title = "NSF and return fees, " + range_text(period);
  period_summary(r, period);
  r.summary.push_back({"currency", std::string(currency_.code())});
  r.summary.push_back({"fees charged", count_cell(charged_.count)});
  r.summary.push_back({"amount charged", amount_cell(charged_.amount_minor, currency_)});
  r.summary.push_back({"fees reversed", count_cell(reversed_.count)});
  r.summary.push_back({"amount reversed", amount_cell(reversed_.amount_minor, currency_)});
  // Cannot overflow: both sums are of non-negative amounts below INT64_MAX.
  r.summary.push_back(
      {"net", amount_cell(charged_.amount_minor - reversed_.amount_minor, currency_)});
  reconcile::ReportTable days{
      "By business day",
      {"date", "charged", "amount charged", "reversed", "amount reversed", "net"},
      {}};
  for (const auto& [date, d] : days_)
    days.rows.push_back(
        {date.to_iso(), count_cell(d.charged.count), amount_cell(d.charged.amount_minor, currency_),
         count_cell(d.reversed.count), amount_cell(d.reversed.amount_minor, currency_),
         amount_cell(d.charged.amount_minor - d.reversed.amount_minor, currency_)});
  reconcile::ReportTable fees{
      "Each fee (negative: reversed)", {"date", "customer", "return code", "amount"}, {}};
  for (const Fee& f : fees_)
    fees.rows.push_back(
        {f.date.to_iso(), f.customer, f.code, amount_cell(f.amount_minor, currency_)});
  r.tables = {std::move(days), std::move(fees)};
  return r;
}

// ---- suspense aging

Status SuspenseAging::release(Item& item, std::int64_t& minor) {
  const std::int64_t take = std::min(item.held_minor, minor);
  item.held_minor -= take;
  minor -= take;
  held_minor_ -= take;
  return ok_status();
}

Status SuspenseAging::post(BusinessDate date, const std::optional<EventId>& payment,
                           const EventId& event, std::string_view channel,
                           std::int64_t amount_minor) {
  if (amount_minor == 0) return ok_status();
  if (amount_minor < 0) {  // a credit: money held
    if (amount_minor == INT64_MIN) return overflow("suspense amounts");
    std::int64_t held = held_minor_;
    TALLY_TRY_STATUS(add_to(held, -amount_minor, "suspense amounts"));
    held_minor_ = held;
    const EventId key = payment && items_.count(*payment) ? *payment : event;
    auto [it, fresh] = items_.try_emplace(key, Item{date, std::string(channel), 0, next_order_++});
    it->second.held_minor += -amount_minor;  // <= held_minor_, which did not overflow
    return ok_status();
  }
  std::int64_t left = amount_minor;
  if (payment) {
    auto it = items_.find(*payment);
    if (it != items_.end()) TALLY_TRY_STATUS(release(it->second, left));
  }
  if (left > 0) {  // names no item held: the oldest first
    std::vector<Item*> oldest;
    for (auto& [id, item] : items_)
      if (item.held_minor > 0) oldest.push_back(&item);
    std::sort(oldest.begin(), oldest.end(), [](const Item* a, const Item* b) {
      return std::tie(a->date, a->order) < std::tie(b->date, b->order);
    });
    for (Item* item : oldest) {
      if (left == 0) break;
      TALLY_TRY_STATUS(release(*item, left));
    }
  }
  if (left > 0) held_minor_ -= left;  // more released than held: the total stays minus the balance
  std::erase_if(items_, [](const auto& kv) { return kv.second.held_minor == 0; });
  return ok_status();
}

std::vector<CountAmount> SuspenseAging::buckets(BusinessDate as_of) const {
  std::vector<CountAmount> out(kBuckets);
  for (const auto& [id, item] : items_) {
    const std::int32_t age = as_of.days() - item.date.days();
    std::size_t b = age <= kBucketDays ? 0 : static_cast<std::size_t>((age - 1) / kBucketDays);
    b = std::min(b, kBuckets - 1);
    ++out[b].count;
    out[b].amount_minor += item.held_minor;  // each <= held_minor_, as is their sum
  }
  return out;
}

reconcile::Report SuspenseAging::report(BusinessDate as_of) const {
  reconcile::Report r;
  r.title = "Suspense aging as of " + as_of.to_iso();
  r.summary.push_back({"as of", as_of.to_iso()});
  r.summary.push_back({"currency", std::string(currency_.code())});
  std::int64_t items = 0;
  for (const auto& [id, item] : items_) items += item.held_minor > 0 ? 1 : 0;
  r.summary.push_back({"items", count_cell(items)});
  r.summary.push_back({"held", amount_cell(held_minor_, currency_)});
  // The books keep suspense as a credit: its balance is minus what is held.
  r.summary.push_back({"suspense balance", amount_cell(-held_minor_, currency_)});
  static constexpr const char* kNames[kBuckets] = {"0-30", "31-60", "61-90", "90+"};
  const auto by_age = buckets(as_of);
  reconcile::ReportTable aging{"By age in days", {"age", "items", "amount"}, {}};
  for (std::size_t i = 0; i < kBuckets; ++i)
    aging.rows.push_back(
        {kNames[i], count_cell(by_age[i].count), amount_cell(by_age[i].amount_minor, currency_)});
  aging.rows.push_back({"total", count_cell(items), amount_cell(held_minor_, currency_)});
  std::vector<std::pair<EventId, const Item*>> held;
  for (const auto& [id, item] : items_) held.push_back({id, &item});
  std::sort(held.begin(), held.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second->date, a.second->order) < std::tie(b.second->date, b.second->order);
  });
  reconcile::ReportTable list{
      "Items held", {"received", "age days", "payment", "channel", "amount"}, {}};
  for (const auto& [id, item] : held)
    list.rows.push_back({item->date.to_iso(), count_cell(as_of.days() - item->date.days()),
                         id.to_hex(), item->channel, amount_cell(item->held_minor, currency_)});
  r.tables = {std::move(aging), std::move(list)};
  return r;
}

// ---- trial balance

Status TrialBalance::post(std::string_view account, std::int64_t amount_minor) {
  auto it = balances_.find(account);
  if (it == balances_.end()) it = balances_.emplace(std::string(account), 0).first;
  return add_to(it->second, amount_minor, "balances");
}

Result<std::vector<TrialBalance::Line>> TrialBalance::lines() const {
  Line customers{std::string(kReceivablesLine), 0, 0, 0};
  std::vector<Line> out;
  out.push_back({});
  for (const auto& [account, balance] : balances_) {
    const auto name = accounts::parse(account);
    if (name && name->kind == accounts::AccountKind::kCustomer) {
      ++customers.accounts;
      TALLY_TRY_STATUS(balance >= 0 ? add_to(customers.debit_minor, balance, "balances")
                                    : add_to(customers.credit_minor, -balance, "balances"));
      continue;
    }
    if (balance == INT64_MIN) return overflow("balances");
    out.push_back({account, 1, balance > 0 ? balance : 0, balance < 0 ? -balance : 0});
  }
  out.front() = customers;
  return out;
}

Result<reconcile::Report> TrialBalance::report(BusinessDate as_of) const {
  TALLY_TRY(std::vector<Line> lines, this->lines());
  std::int64_t debits = 0, credits = 0;
  reconcile::ReportTable t{"Balances", {"account", "accounts", "debit", "credit"}, {}};
  for (const Line& l : lines) {
    TALLY_TRY_STATUS(add_to(debits, l.debit_minor, "debits"));
    TALLY_TRY_STATUS(add_to(credits, l.credit_minor, "credits"));
    t.rows.push_back({l.account, count_cell(l.accounts), amount_cell(l.debit_minor, currency_),
                      amount_cell(l.credit_minor, currency_)});
  }
  t.rows.push_back({"total", "", amount_cell(debits, currency_), amount_cell(credits, currency_)});
  reconcile::Report r;
  r.title = "Trial balance as of " + as_of.to_iso();
  r.summary.push_back({"as of", as_of.to_iso()});
  r.summary.push_back({"currency", std::string(currency_.code())});
  r.summary.push_back({"debits", amount_cell(debits, currency_)});
  r.summary.push_back({"credits", amount_cell(credits, currency_)});
  r.summary.push_back({"difference", amount_cell(debits - credits, currency_)});  // both fit, >= 0
  r.tables = {std::move(t)};
  return r;
}

std::optional<EventId> payment_named_in_memo(std::string_view memo) {
  static constexpr std::string_view kWord = "payment ";
  for (auto at = memo.find(kWord); at != std::string_view::npos; at = memo.find(kWord, at + 1)) {
    const std::string_view rest = memo.substr(at + kWord.size());
    if (rest.size() < EventId::kBytes * 2) continue;
    if (auto id = EventId::from_hex(rest.substr(0, EventId::kBytes * 2))) return id;
  }
  return std::nullopt;
}

}  // namespace tally::node
