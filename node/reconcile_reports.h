// The reconciliation reports with the ledger's book balance joined in (reconcile/reports.h):
// the one place that reads both, for `tally reconcile report` and the API.
#pragma once

#include <optional>
#include <string>

#include "core/business_date.h"
#include "core/result.h"
#include "ledger/ledger.h"
#include "reconcile/reports.h"

namespace tally::node {

enum class ReportKind { statement, deposits, outstanding };
std::optional<ReportKind> parse_report_kind(std::string_view name);  // "statement", "deposits", "outstanding"

// `bank_account`: the statement's account (last four); empty: the only one the statements
// name (an invalid_argument error lists them when there are several).
Result<reconcile::Report> reconcile_report(const ledger::Ledger& ledger, const reconcile::Store& store,
                                           ReportKind kind, BusinessDate date, const std::string& bank_account);

}  // namespace tally::node
