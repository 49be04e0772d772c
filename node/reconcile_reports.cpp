#include "node/reconcile_reports.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/accounts.h"
#include "reconcile/errors.h"

namespace tally::node {

std::optional<ReportKind> parse_report_kind(std::string_view name) {
  if (name == "statement") return ReportKind::statement;
  if (name == "deposits") return ReportKind::deposits;
  if (name == "outstanding") return ReportKind::outstanding;
  return std::nullopt;
}

Result<reconcile::Report> reconcile_report(const ledger::Ledger& ledger, const reconcile::Store& store,
                                           ReportKind kind, BusinessDate date, const std::string& bank_account) {
  switch (kind) {
    case ReportKind::deposits:
      return reconcile::deposit_report(store, date);
    case ReportKind::outstanding:
      return reconcile::outstanding_report(store, date);
    case ReportKind::statement:
      break;
  }
  std::string account = bank_account;
  if (account.empty()) {
    TALLY_TRY(auto accounts, reconcile::bank_accounts(store));
    if (accounts.size() != 1)
      return reconcile::reconcile_error(
          reconcile::ReconcileErrc::invalid_argument,
          accounts.empty() ? "no bank statement has been read yet"
                           : fmt::format("name the bank account: one of {}", fmt::join(accounts, ", ")));
    account = accounts.front();
  }
  if (!accounts::parse(accounts::bank(account)))
    return reconcile::reconcile_error(reconcile::ReconcileErrc::invalid_argument, "not a bank account id");
  ledger::BalanceQuery query;
  query.as_of = date;
  TALLY_TRY(ledger::AccountBalance book, ledger.balance(accounts::bank(account), query));
  TALLY_TRY(auto statement, reconcile::statement_report(store, account, date, book.balance_minor));
  return std::move(statement.first);
}

}  // namespace tally::node
