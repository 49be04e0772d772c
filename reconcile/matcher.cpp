#include "reconcile/matcher.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string_view>
#include <tuple>
#include <utility>

namespace tally::reconcile {
namespace {

using Rule = events::ReconcileMatched;
using Index = std::uint32_t;

// A number written with leading zeros is the same key without them: a lockbox "0004417" on
// the bank's line is lockbox 4417. Other text is compared as it is.
std::string_view key_form(std::string_view s) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos) return s;
  const std::size_t first = s.find_first_not_of('0');
  return first == std::string_view::npos ? s.substr(s.size() - 1) : s.substr(first);
}

// Calendar days that surely hold `window` banking days either side (weekends, a holiday).
std::int32_t calendar_span(std::int32_t window) { return window * 7 / 5 + 6; }

class Matcher {
 public:
  Matcher(const std::vector<Item>& expected, const std::vector<Item>& bank, const BankingDays& days,
          const MatchOptions& options)
      : e_(expected), b_(bank), days_(days), o_(options) {
    r_.expected_claimed.assign(e_.size(), false);
    r_.bank_claimed.assign(b_.size(), false);
  }

  MatchResult run() {
    by_reference(reference_index(false), false);
    by_reference(reference_index(true), true);
    by_amount();
    groups(true);
    groups(false);
    return_debits();
    return std::move(r_);
  }

 private:
  bool compatible(const Item& x, const Item& y) const {
    return is_credit(x.kind) == is_credit(y.kind) && x.currency == y.currency &&
           (x.bank_account.empty() || y.bank_account.empty() || x.bank_account == y.bank_account);
  }
  std::int32_t lag(Index i, Index j) const { return days_.between(e_[i].date, b_[j].date); }
  bool in_window(Index i, Index j) const { return std::abs(lag(i, j)) <= o_.window_days; }

  void claim(Found found) {
    for (Index i : found.expected) r_.expected_claimed[i] = true;
    for (Index j : found.bank) r_.bank_claimed[j] = true;
    r_.matches.push_back(std::move(found));
  }

  // Every open bank line under each of its references (in key form for the known-key rule),
  // sorted: lower_bound finds a reference's lines.
  std::vector<std::pair<std::string_view, Index>> reference_index(bool key_forms) const {
    std::vector<std::pair<std::string_view, Index>> index;
    index.reserve(b_.size() * 2);
    const auto form = [&](std::string_view s) { return key_forms ? key_form(s) : s; };
    for (Index j = 0; j < b_.size(); ++j) {
      if (r_.bank_claimed[j]) continue;
      const std::string_view a = form(b_[j].reference), b = form(b_[j].reference2);
      if (!a.empty()) index.emplace_back(a, j);
      if (!b.empty() && b != a) index.emplace_back(b, j);
    }
    std::sort(index.begin(), index.end());
    return index;
  }

  // Rules 1 and 2. The best line has the same amount, then the nearest date, then the lowest
  // id; a second line as good makes the match a proposal.
  void by_reference(const std::vector<std::pair<std::string_view, Index>>& index, bool known_key) {
    for (Index i = 0; i < e_.size(); ++i) {
      if (r_.expected_claimed[i]) continue;
      const std::string_view ref = known_key ? key_form(e_[i].key) : std::string_view(e_[i].reference);
      if (ref.empty()) continue;
      auto lo = std::lower_bound(index.begin(), index.end(), std::pair<std::string_view, Index>(ref, 0));
      using Rank = std::tuple<bool, std::int32_t, Index>;  // (amount differs, |lag|, line)
      Rank best{}, second{};
      int ranked = 0;  // candidates seen, up to 2
      for (auto it = lo; it != index.end() && it->first == ref; ++it) {
        const Index j = it->second;
        if (r_.bank_claimed[j] || !compatible(e_[i], b_[j])) continue;
        if (known_key && !in_window(i, j) &&
            (b_[j].amount_minor != e_[i].amount_minor || std::abs(lag(i, j)) > o_.late_days))
          continue;
        const Rank rank{b_[j].amount_minor != e_[i].amount_minor, std::abs(lag(i, j)), j};
        if (ranked == 0 || rank < best) {
          second = best;
          best = rank;
        } else if (ranked == 1 || rank < second) {
          second = rank;
        }
        ranked = std::min(ranked + 1, 2);
      }
      if (ranked == 0) continue;
      Found f;
      f.rule = known_key ? (e_[i].channel == "card" && is_credit(e_[i].kind) ? Rule::CARD_NET : Rule::KNOWN_KEY)
                         : Rule::REFERENCE;
      f.expected = {i};
      f.bank = {std::get<2>(best)};
      f.reference = std::string(ref);
      if (ranked == 2 && std::get<0>(second) == std::get<0>(best) && std::get<1>(second) == std::get<1>(best)) {
        f.proposed = true;
        f.why_proposed = "another bank line has the same reference, amount and distance";
      }
      claim(std::move(f));
    }
  }

  // Rule 3: exact amount within the window, the nearest line first.
  void by_amount() {
    auto order = [](const std::vector<Item>& items, const std::vector<bool>& claimed) {
      std::vector<Index> idx;
      for (Index k = 0; k < items.size(); ++k)
        if (!claimed[k]) idx.push_back(k);
      auto key = [](const Item& a) {
        return std::make_tuple(!is_credit(a.kind), std::string_view(a.currency), a.amount_minor, a.date, a.id);
      };
      std::sort(idx.begin(), idx.end(), [&](Index x, Index y) { return key(items[x]) < key(items[y]); });
      return idx;
    };
    const std::vector<Index> es = order(e_, r_.expected_claimed), bs = order(b_, r_.bank_claimed);
    auto key = [](const Item& it) { return std::tie(it.currency, it.amount_minor); };
    std::size_t bj = 0;
    for (std::size_t ei = 0; ei < es.size();) {
      std::size_t ee = ei;
      const Item& first = e_[es[ei]];
      while (ee < es.size() && is_credit(e_[es[ee]].kind) == is_credit(first.kind) && key(e_[es[ee]]) == key(first)) ++ee;
      auto before = [&](const Item& bank_item) {
        return std::make_tuple(!is_credit(bank_item.kind), bank_item.currency, bank_item.amount_minor) <
               std::make_tuple(!is_credit(first.kind), first.currency, first.amount_minor);
      };
      while (bj < bs.size() && before(b_[bs[bj]])) ++bj;
      std::size_t be = bj;
      while (be < bs.size() && is_credit(b_[bs[be]].kind) == is_credit(first.kind) && key(b_[bs[be]]) == key(first)) ++be;
      if (be > bj) match_run({es.begin() + static_cast<std::ptrdiff_t>(ei), es.begin() + static_cast<std::ptrdiff_t>(ee)},
                             {bs.begin() + static_cast<std::ptrdiff_t>(bj), bs.begin() + static_cast<std::ptrdiff_t>(be)});
      ei = ee;
    }
  }

  // Items of one amount, both sides in date order.
  void match_run(const std::vector<Index>& es, const std::vector<Index>& bs) {
    const std::int32_t span = calendar_span(o_.window_days);
    auto first_near = [&](const std::vector<Index>& side, const std::vector<Item>& items, BusinessDate date) {
      return std::lower_bound(side.begin(), side.end(), date.plus_days(-span),
                              [&](Index k, BusinessDate d) { return items[k].date < d; });
    };
    for (Index i : es) {
      if (r_.expected_claimed[i]) continue;
      std::optional<std::pair<std::int32_t, Index>> best;
      bool tie = false;
      for (auto it = first_near(bs, b_, e_[i].date); it != bs.end() && b_[*it].date <= e_[i].date.plus_days(span); ++it) {
        const Index j = *it;
        if (r_.bank_claimed[j] || !compatible(e_[i], b_[j]) || !in_window(i, j)) continue;
        const std::pair<std::int32_t, Index> rank{std::abs(lag(i, j)), j};
        if (!best || rank.first < best->first) {
          best = rank;
          tie = false;
        } else if (rank.first == best->first) {
          tie = true;
        }
      }
      if (!best) continue;
      const Index j = best->second;
      // A later deposit as near to this line is a rival too.
      for (auto it = first_near(es, e_, b_[j].date); !tie && it != es.end() && e_[*it].date <= b_[j].date.plus_days(span); ++it)
        if (*it != i && !r_.expected_claimed[*it] && compatible(e_[*it], b_[j]) && std::abs(lag(*it, j)) == best->first)
          tie = true;
      Found f;
      f.rule = Rule::AMOUNT_WINDOW;
      f.expected = {i};
      f.bank = {j};
      if (tie) {
        f.proposed = true;
        f.why_proposed = "another item of the same amount is as near";
      }
      claim(std::move(f));
    }
  }

  // Up to `group_candidates` unclaimed items of `items` nearest to `date` that pass `accept`,
  // found by walking out from `date` in both directions of `by_date` (the nearer side first;
  // on a tie, the earlier), at most kMaxScanned items and `span` calendar days either way.
  // Returned by banking days from `date`, then index: the same items give the same group.
  template <class Accept>
  std::vector<Index> nearest(const std::vector<Index>& by_date, const std::vector<Item>& items,
                             const std::vector<bool>& claimed, BusinessDate date, Accept&& accept) const {
    constexpr std::size_t kMaxScanned = 1024;  // a bound on one search, however crowded the day
    const std::int32_t span = calendar_span(o_.window_days);
    const auto mid = std::lower_bound(by_date.begin(), by_date.end(), date,
                                      [&](Index k, BusinessDate d) { return items[k].date < d; });
    auto left = mid, right = mid;  // left: one past the next candidate below
    auto distance = [&](Index k) { return std::abs(items[k].date.days() - date.days()); };
    std::vector<std::pair<std::int32_t, Index>> found;
    for (std::size_t scanned = 0; found.size() < o_.group_candidates && scanned < kMaxScanned; ++scanned) {
      const bool has_left = left != by_date.begin() && distance(*(left - 1)) <= span;
      const bool has_right = right != by_date.end() && distance(*right) <= span;
      if (!has_left && !has_right) break;
      const bool take_left = has_left && (!has_right || distance(*(left - 1)) <= distance(*right));
      const Index k = take_left ? *--left : *right++;
      if (claimed[k] || !accept(k)) continue;
      found.emplace_back(std::abs(days_.between(items[k].date, date)), k);
    }
    std::sort(found.begin(), found.end());
    std::vector<Index> out;
    for (const auto& [banking_days, k] : found) out.push_back(k);
    return out;
  }

  // The first subset (in candidate order) of 2..max_group_size candidates summing to target.
  std::vector<Index> subset_summing(std::vector<Index> candidates, const std::vector<Item>& items,
                                    std::int64_t target) const {
    std::sort(candidates.begin(), candidates.end(), [&](Index x, Index y) {
      return std::tie(items[x].amount_minor, items[x].id) < std::tie(items[y].amount_minor, items[y].id);
    });
    std::vector<Index> chosen;
    auto search = [&](auto& self, std::size_t from, std::int64_t left) -> bool {
      if (left == 0) return chosen.size() >= 2;
      if (chosen.size() == o_.max_group_size) return false;
      for (std::size_t k = from; k < candidates.size(); ++k) {
        const std::int64_t amount = items[candidates[k]].amount_minor;
        if (amount > left) break;  // ascending: nothing further fits
        chosen.push_back(candidates[k]);
        if (self(self, k + 1, left - amount)) return true;
        chosen.pop_back();
      }
      return false;
    };
    if (!search(search, 0, target)) return {};
    return chosen;
  }

  std::vector<Index> by_date(const std::vector<Item>& items, const std::vector<bool>& claimed, bool credits) const {
    std::vector<Index> idx;
    for (Index k = 0; k < items.size(); ++k)
      if (!claimed[k] && is_credit(items[k].kind) == credits) idx.push_back(k);
    std::sort(idx.begin(), idx.end(), [&](Index x, Index y) {
      return std::tie(items[x].date, items[x].id) < std::tie(items[y].date, items[y].id);
    });
    return idx;
  }

  // Rule 4: several items of one side summing exactly to one item of the other: deposits to
  // one bank credit (many_deposits), or one deposit split over several bank credits.
  void groups(bool many_deposits) {
    const std::vector<Item>& many = many_deposits ? e_ : b_;
    const std::vector<Item>& one = many_deposits ? b_ : e_;
    const std::vector<bool>& many_claimed = many_deposits ? r_.expected_claimed : r_.bank_claimed;
    const std::vector<bool>& one_claimed = many_deposits ? r_.bank_claimed : r_.expected_claimed;
    const std::vector<Index> pool = by_date(many, many_claimed, true);
    for (Index k : by_date(one, one_claimed, true)) {
      const auto cands = nearest(pool, many, many_claimed, one[k].date, [&](Index m) {
        const Index i = many_deposits ? m : k, j = many_deposits ? k : m;
        return compatible(e_[i], b_[j]) && many[m].amount_minor < one[k].amount_minor && in_window(i, j);
      });
      std::vector<Index> group = subset_summing(cands, many, one[k].amount_minor);
      if (group.empty()) continue;
      std::sort(group.begin(), group.end());
      Found f;
      f.rule = Rule::GROUP;
      f.proposed = true;
      f.why_proposed = many_deposits ? "found only by summing deposits" : "found only by summing bank lines";
      (many_deposits ? f.expected : f.bank) = std::move(group);
      (many_deposits ? f.bank : f.expected) = {k};
      claim(std::move(f));
    }
  }

  // Rule 5: a bank debit for one day's returns of one channel.
  void return_debits() {
    struct Day {
      std::vector<Index> members;
      std::int64_t sum = 0;
    };
    std::map<std::tuple<std::string, BusinessDate, std::string>, Day> days;  // currency, date, channel
    for (Index i = 0; i < e_.size(); ++i) {
      if (r_.expected_claimed[i] || e_[i].kind != ItemKind::returned) continue;
      Day& d = days[{e_[i].currency, e_[i].date, e_[i].channel}];
      if (d.sum < 0) continue;  // overflowed: a day no bank line can equal
      d.members.push_back(i);
      if (__builtin_add_overflow(d.sum, e_[i].amount_minor, &d.sum)) d.sum = -1;
    }
    for (Index j : by_date(b_, r_.bank_claimed, false)) {
      const Day* best = nullptr;
      std::int32_t best_lag = 0;
      bool tie = false;
      for (auto& [key, day] : days) {
        if (day.members.empty() || day.sum != b_[j].amount_minor || !compatible(e_[day.members[0]], b_[j]) ||
            r_.expected_claimed[day.members[0]] || !in_window(day.members[0], j))
          continue;
        const std::int32_t distance = std::abs(lag(day.members[0], j));
        if (!best || distance < best_lag) {
          best = &day;
          best_lag = distance;
          tie = false;
        } else if (distance == best_lag) {
          tie = true;
        }
      }
      if (!best) continue;
      Found f;
      f.rule = Rule::RETURN_DEBITS;
      f.expected = best->members;
      f.bank = {j};
      f.reference = "the day's returns";
      if (tie) {
        f.proposed = true;
        f.why_proposed = "another day's returns add up to the same amount";
      }
      claim(std::move(f));
    }
  }

  const std::vector<Item>& e_;
  const std::vector<Item>& b_;
  const BankingDays& days_;
  const MatchOptions& o_;
  MatchResult r_;
};

}  // namespace

MatchResult match_items(const std::vector<Item>& expected, const std::vector<Item>& bank,
                        const BankingDays& days, const MatchOptions& options) {
  return Matcher(expected, bank, days, options).run();
}

}  // namespace tally::reconcile
