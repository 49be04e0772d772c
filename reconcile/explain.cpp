#include "reconcile/explain.h"

#include <fmt/format.h>

#include <cstdlib>

#include "reconcile/decide.h"

namespace tally::reconcile {
namespace {

using Rule = events::ReconcileMatched;

std::string_view rule_words(Rule::Rule rule) {
  switch (rule) {
    case Rule::REFERENCE:
      return "the deposit's reference on the bank line";
    case Rule::KNOWN_KEY:
      return "a known key (lockbox, ACH company, deposit slip) on the bank line";
    case Rule::AMOUNT_WINDOW:
      return "the exact amount within the window";
    case Rule::GROUP:
      return "a group summing exactly";
    case Rule::CARD_NET:
      return "a card payout, net of fees and chargebacks, by its payout id";
    case Rule::RETURN_DEBITS:
      return "the day's returns against one bank debit";
    default:
      return "an unknown rule";
  }
}

}  // namespace

std::vector<Criterion> criteria_of(const events::ReconcileMatched& m) {
  std::vector<Criterion> out;
  out.push_back({"rule", std::string(rule_words(m.rule())), std::string(Rule::Status_Name(m.status())), true});
  if (!m.reference().empty()) out.push_back({"reference", m.reference(), m.reference(), true});
  out.push_back({"amount", money_text(m.expected_minor(), m.currency()), money_text(m.bank_minor(), m.currency()),
                 m.expected_minor() == m.bank_minor()});
  out.push_back({"day_lag", fmt::format("within {} banking days", m.window_days()), std::to_string(m.day_lag()),
                 std::abs(m.day_lag()) <= m.window_days()});
  out.push_back({"bank_account", "the line's", m.bank_account(), true});
  if (m.expected_ids_size() > 1 || m.bank_line_ids_size() > 1)
    out.push_back({"group", fmt::format("{} expected item(s)", m.expected_ids_size()),
                   fmt::format("{} bank line(s)", m.bank_line_ids_size()), m.expected_minor() == m.bank_minor()});
  return out;
}

std::string explanation_of(const events::ReconcileMatched& m) {
  const bool proposed = m.status() == Rule::PROPOSED;
  std::string text = fmt::format(
      "{} expected item(s) of {} {} {} bank line(s) of {} by {}, {} banking day(s) apart",
      m.expected_ids_size(), money_text(m.expected_minor(), m.currency()),
      proposed ? "may be" : m.status() == Rule::REJECTED ? "are not" : "are", m.bank_line_ids_size(),
      money_text(m.bank_minor(), m.currency()), rule_words(m.rule()), m.day_lag());
  if (!m.note().empty()) text += "; " + m.note();
  return text;
}

}  // namespace tally::reconcile
