#include "reconcile/decide.h"

#include <fmt/format.h>

#include <cstdlib>
#include <map>
#include <unordered_map>

#include "core/accounts.h"
#include "core/currency.h"
#include "core/money.h"

namespace tally::reconcile {
namespace {

using Rule = events::ReconcileMatched;

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

events::Envelope envelope(const EventId& id, events::EventType type, std::string key, BusinessDate date) {
  events::Envelope e;
  e.set_id(std::string(id.as_string_view()));
  e.set_type(type);
  e.set_schema_version(events::kSchemaVersion);
  e.set_business_date(date.days());
  e.set_recorded_at_us(static_cast<std::int64_t>(date.days()) * kMicrosPerDay);
  e.set_partition_key(std::move(key));
  e.mutable_source()->set_user(std::string(kReconcilerActor));
  return e;
}

void set_amount(events::Amount* a, std::int64_t minor, std::string_view currency) {
  a->set_minor(minor);
  a->set_currency(std::string(currency));
}

class Decider {
 public:
  explicit Decider(const DecideInput& in) : in_(in) {}

  std::vector<events::Envelope> run() {
    for (const Found& f : in_.result.matches) add_match(f);
    for (std::uint32_t i = 0; i < in_.expected.size(); ++i)
      if (!in_.result.expected_claimed[i] && past_window(in_.expected[i].date)) missing(in_.expected[i]);
    for (std::uint32_t j = 0; j < in_.bank.size(); ++j)
      if (!in_.result.bank_claimed[j] && past_window(in_.bank[j].date)) unexpected(j);
    for (const StoredDrawerClose& close : in_.drawer_closes) over_short(close);
    opening_balances();
    return std::move(out_);
  }

 private:
  bool past_window(BusinessDate date) const {
    return date <= in_.date && in_.days.between(date, in_.date) > in_.options.window_days;
  }

  void raise(events::DiscrepancyKind kind, std::string_view subject, std::int64_t amount_minor,
             std::string_view currency, std::vector<EventId> related, std::string description,
             std::string_view bank_account, std::string_view channel, BusinessDate item_date) {
    const std::string id = discrepancy_id(kind, subject);
    if (in_.raised.contains(id)) return;
    const EventId event = EventId::from_business_key("reconcile-discrepancy", {id});
    events::Envelope e = envelope(event, events::DISCREPANCY_RAISED, partition_key_for(bank_account), in_.date);
    auto* d = e.mutable_discrepancy_raised();
    d->set_discrepancy_id(id);
    d->set_kind(kind);
    set_amount(d->mutable_amount(), amount_minor, currency);
    for (const EventId& r : related) d->add_related_event_ids(std::string(r.as_string_view()));
    d->set_description(std::move(description));
    d->set_bank_account(std::string(bank_account));
    d->set_channel(std::string(channel));
    d->set_item_date(item_date.days());
    out_.push_back(std::move(e));
  }

  // The open discrepancy about an item that its match answers: resolved by the reconciler.
  void answer(const Item& item, const EventId& match) {
    const auto about = in_.open_about.find(item.id);
    if (about == in_.open_about.end()) return;
    const std::string& id = about->second.id;
    const EventId event = EventId::from_business_key("reconcile-answered", {id, match.as_string_view()});
    events::Envelope e = envelope(event, events::DISCREPANCY_RESOLVED, partition_key_for(item.bank_account), in_.date);
    e.set_recorded_at_us(std::max(e.recorded_at_us(), about->second.last_step_us + 1));
    auto* r = e.mutable_discrepancy_resolved();
    r->set_discrepancy_id(id);
    r->set_state(events::DiscrepancyResolved::RESOLVED);
    r->set_by(std::string(kReconcilerActor));
    r->set_reason_code("matched");
    r->set_note("matched by " + match.to_hex());
    out_.push_back(std::move(e));
  }

  EventId match_id(const Found& f) const {
    std::string expected, bank;
    for (auto i : f.expected) expected.append(in_.expected[i].id.as_string_view());
    for (auto j : f.bank) bank.append(in_.bank[j].id.as_string_view());
    return EventId::from_business_key(
        "reconcile-match", {Rule::Rule_Name(f.rule), f.proposed ? "proposed" : "confirmed",
                            std::to_string(f.expected.size()), expected, bank});
  }

  void add_match(const Found& f) {
    const Item& first_bank = in_.bank[f.bank.front()];
    const Item& first_expected = in_.expected[f.expected.front()];
    const bool credit = is_credit(first_bank.kind);
    std::int64_t expected_total = 0, bank_total = 0;
    std::map<std::string, std::int64_t> by_channel;
    for (auto i : f.expected) {
      expected_total += in_.expected[i].amount_minor;
      by_channel[in_.expected[i].channel] += in_.expected[i].amount_minor;
    }
    for (auto j : f.bank) bank_total += in_.bank[j].amount_minor;
    const std::int32_t lag = in_.days.between(first_expected.date, first_bank.date);
    const EventId id = match_id(f);
    events::Envelope e = envelope(id, events::RECONCILE_MATCHED, partition_key_for(first_bank.bank_account), in_.date);
    auto* m = e.mutable_reconcile_matched();
    m->set_rule(f.rule);
    m->set_status(f.proposed ? Rule::PROPOSED : Rule::CONFIRMED);
    for (auto i : f.expected) m->add_expected_ids(std::string(in_.expected[i].id.as_string_view()));
    for (auto j : f.bank) m->add_bank_line_ids(std::string(in_.bank[j].id.as_string_view()));
    m->set_bank_account(first_bank.bank_account);
    // What confirming it settles (a proposal's waits for a person; the ledger posts only a
    // confirmed match). One expected item: the bank's amount settles it (a difference stays
    // in transit, a listed discrepancy). Several: they sum exactly to the bank's amount.
    if (f.expected.size() == 1) by_channel = {{first_expected.channel, bank_total}};
    for (const auto& [channel, amount] : by_channel) {
      auto* s = m->add_settled();
      s->set_channel(channel);
      set_amount(s->mutable_amount(), credit ? amount : -amount, first_bank.currency);
    }
    m->set_expected_minor(expected_total);
    m->set_bank_minor(bank_total);
    m->set_currency(first_bank.currency);
    m->set_day_lag(lag);
    m->set_window_days(in_.options.window_days);
    m->set_reference(f.reference);
    if (f.proposed) m->set_note("proposed: " + f.why_proposed);
    m->set_decided_by(std::string(kReconcilerActor));
    out_.push_back(std::move(e));
    const std::string subject(id.as_string_view());
    if (bank_total != expected_total)
      raise(events::AMOUNT_DIFFERENCE, subject, bank_total - expected_total, first_bank.currency, {id},
            fmt::format("the bank shows {} for {} expected", money_text(bank_total, first_bank.currency),
                        money_text(expected_total, first_bank.currency)),
            first_bank.bank_account, first_expected.channel, first_expected.date);
    const bool answers_missing = !in_.open_about.empty() && std::any_of(f.expected.begin(), f.expected.end(), [&](auto i) {
      return in_.open_about.contains(in_.expected[i].id);
    });
    if (std::abs(lag) > in_.options.window_days || answers_missing)
      raise(events::LATE, subject, bank_total, first_bank.currency, {id},
            fmt::format("matched {} banking day(s) from the expected date", lag), first_bank.bank_account,
            first_expected.channel, first_expected.date);
    if (in_.open_about.empty()) return;
    for (auto i : f.expected) answer(in_.expected[i], id);
    for (auto j : f.bank) answer(in_.bank[j], id);
  }

  void missing(const Item& item) {
    raise(events::MISSING_IN_BANK, item.id.as_string_view(), item.amount_minor, item.currency, {item.id},
          fmt::format("{} {} of {} dated {} is not on the bank statement", item.channel, kind_name(item.kind),
                      money_text(item.amount_minor, item.currency), item.date.to_iso()),
          item.bank_account, item.channel, item.date);
  }

  // A repeat of a line the bank already reported: another open line of the same kind, amount,
  // date, account, customer reference and text, with a lower id (the original).
  bool repeats_another(const Item& item) {
    if (lines_by_amount_.empty())  // built once, on the first line nothing expected
      for (std::uint32_t k = 0; k < in_.bank.size(); ++k)
        lines_by_amount_[{in_.bank[k].amount_minor, in_.bank[k].date.days()}].push_back(k);
    for (std::uint32_t k : lines_by_amount_[{item.amount_minor, item.date.days()}]) {
      const Item& other = in_.bank[k];
      if (other.id < item.id && other.kind == item.kind && other.bank_account == item.bank_account &&
          other.reference2 == item.reference2 && other.description == item.description)
        return true;
    }
    return false;
  }

  void unexpected(std::uint32_t j) {
    const Item& item = in_.bank[j];
    const bool duplicate = repeats_another(item);
    raise(duplicate ? events::DUPLICATE : events::UNEXPECTED_BANK_ITEM, item.id.as_string_view(),
          is_credit(item.kind) ? item.amount_minor : -item.amount_minor, item.currency, {item.id},
          fmt::format("{} {} of {} on {} ({}) {}", kind_name(item.kind), item.reference,
                      money_text(item.amount_minor, item.currency), item.date.to_iso(), item.description,
                      duplicate ? "repeats another line" : "matches nothing Tally expected"),
          item.bank_account, "", item.date);
  }

  void over_short(const StoredDrawerClose& close) {
    const auto& c = close.close;
    raise(events::DRAWER_OVER_SHORT, close.id.as_string_view(), c.over_short().minor(), c.over_short().currency(),
          {close.id},
          fmt::format("drawer {} session {} closed {} {}", c.drawer_id(), c.session_id(),
                      c.over_short().minor() > 0 ? "over by" : "short by",
                      money_text(std::abs(c.over_short().minor()), c.over_short().currency())),
          "", "counter", close.date);
  }

  // The first statement of a bank account opens its books at the bank's opening balance.
  void opening_balances() {
    std::map<std::string, const events::BankBalanceReported*> first;  // by account, earliest date
    for (const auto& b : in_.balances)
      if (b.has_opening_ledger() && BusinessDate::from_days(b.balance_date()) <= in_.date) {
        auto& slot = first[b.bank_account()];
        if (!slot || b.balance_date() < slot->balance_date()) slot = &b;
      }
    for (const auto& [account, b] : first) {
      const std::int64_t amount = b->opening_ledger().minor();
      const EventId id = EventId::from_business_key("reconcile-opening-balance", {account});
      if (amount == 0 || in_.books_entries.contains(id)) continue;
      events::Envelope e = envelope(id, events::BOOKS_ENTRY_POSTED, partition_key_for(account), in_.date);
      auto* entry = e.mutable_books_entry_posted();
      const std::string bank = accounts::bank(account), equity(accounts::kEquityOpeningBalances);
      entry->set_debit_account(amount > 0 ? bank : equity);
      entry->set_credit_account(amount > 0 ? equity : bank);
      set_amount(entry->mutable_amount(), std::abs(amount), b->opening_ledger().currency());
      entry->set_reason(fmt::format("opening balance of bank account {} from its statement of {}", account,
                                    BusinessDate::from_days(b->balance_date()).to_iso()));
      entry->set_requested_by(std::string(kReconcilerActor));
      entry->set_approver("bank statement");
      out_.push_back(std::move(e));
    }
  }

  const DecideInput& in_;
  std::vector<events::Envelope> out_;
  struct AmountDateHash {
    std::size_t operator()(const std::pair<std::int64_t, std::int32_t>& k) const {
      return std::hash<std::uint64_t>()(static_cast<std::uint64_t>(k.first) * 1'000'003u +
                                        static_cast<std::uint32_t>(k.second));
    }
  };
  // Bank lines by (amount, date), for repeats_another.
  std::unordered_map<std::pair<std::int64_t, std::int32_t>, std::vector<std::uint32_t>, AmountDateHash> lines_by_amount_;
};

}  // namespace

std::string discrepancy_id(events::DiscrepancyKind kind, std::string_view subject) {
  const EventId id = EventId::from_business_key("discrepancy", {events::DiscrepancyKind_Name(kind), subject});
  return "D" + id.to_hex().substr(0, 16);
}

std::string partition_key_for(std::string_view bank_account) {
  return bank_account.empty() ? std::string("reconcile") : accounts::bank(bank_account);
}

std::string money_text(std::int64_t minor, std::string_view currency) {
  const auto c = Currency::from_code(currency);
  if (!c) return fmt::format("{} (minor units) {}", minor, currency);
  return Money(minor, *c).to_display() + " " + std::string(currency);
}

std::vector<events::Envelope> decide(const DecideInput& in) { return Decider(in).run(); }

}  // namespace tally::reconcile
