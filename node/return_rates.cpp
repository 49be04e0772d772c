#include "node/return_rates.h"

#include <map>

#include <fmt/format.h>

#include "core/accounts.h"
#include "ledger/ach_returns.h"
#include "ledger/customer_notes.h"
#include "ledger/search.h"

namespace tally::node {
namespace {

constexpr std::size_t kPaymentsPerTrace = 16;  // other files may use the same trace number
constexpr std::int64_t kWarnAtPercentOfThreshold = 80;

std::int64_t basis_points(std::int64_t part, std::int64_t whole) { return whole == 0 ? 0 : part * 10'000 / whole; }

void warn(MonthReturnRates& m, const char* what, std::int64_t bp, std::int64_t threshold) {
  if (bp >= threshold)
    m.warnings.push_back(fmt::format("{} returns {} are over the {} threshold", what, percent_text(bp), percent_text(threshold)));
  else if (bp * 100 >= threshold * kWarnAtPercentOfThreshold)
    m.warnings.push_back(fmt::format("{} returns {} are near the {} threshold", what, percent_text(bp), percent_text(threshold)));
}

// The return code of the debit originated with `entry`, or "" when it was not returned.
Result<std::string> return_code_of(const ledger::Ledger& ledger, const ingest::OriginatedEntry& entry,
                                   std::map<std::string, ledger::CustomerNotes>& notes_cache) {
  const std::string account = accounts::customer(entry.account);
  TALLY_TRY(auto payments, ledger::payments_by_reference(ledger, entry.trace, kPaymentsPerTrace));
  for (const ledger::FoundPayment& p : payments) {
    if (p.account != account) continue;
    auto cached = notes_cache.find(account);
    if (cached == notes_cache.end()) {
      TALLY_TRY(ledger::CustomerNotes notes, ledger::customer_notes(ledger, account));
      cached = notes_cache.emplace(account, std::move(notes)).first;
    }
    for (const ledger::NumberedLetter& l : cached->second.letters)
      if (l.letter.payment_id == p.event_id) return l.letter.return_code;
  }
  return std::string();
}

}  // namespace

std::string percent_text(std::int64_t bp) { return fmt::format("{}.{:02}%", bp / 100, bp % 100); }

Result<std::vector<MonthReturnRates>> ach_return_rates(Node& node) {
  TALLY_TRY(auto entries, node.registry().originated_entries());
  std::map<std::string, MonthReturnRates> months;
  std::map<std::string, ledger::CustomerNotes> notes_cache;
  for (const ingest::OriginatedEntry& e : entries) {
    if (e.amount_minor == 0) continue;  // a prenote is no debit
    const BusinessDate date = BusinessDate::from_days(e.effective_date);
    const std::string month = fmt::format("{:04}-{:02}", date.year(), date.month());
    MonthReturnRates& m = months[month];
    m.month = month;
    ++m.debits;
    TALLY_TRY(std::string code, return_code_of(node.ledger(), e, notes_cache));
    if (code.empty()) continue;
    ++m.returns;
    if (ledger::is_unauthorized_return(code)) ++m.unauthorized;
    if (ledger::is_administrative_return(code)) ++m.administrative;
  }
  std::vector<MonthReturnRates> out;
  for (auto& [month, m] : months) {
    m.overall_bp = basis_points(m.returns, m.debits);
    m.unauthorized_bp = basis_points(m.unauthorized, m.debits);
    m.administrative_bp = basis_points(m.administrative, m.debits);
    warn(m, "unauthorized", m.unauthorized_bp, kUnauthorizedThresholdBp);
    warn(m, "administrative", m.administrative_bp, kAdministrativeThresholdBp);
    warn(m, "all", m.overall_bp, kOverallThresholdBp);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace tally::node
