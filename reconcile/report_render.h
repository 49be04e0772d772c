// A Report (reports.h) as CSV, HTML or JSON.
//   CSV   RFC 4180: the summary as "label,value" lines, then each table with a title line
//         and its header; a cell a spreadsheet would run as a formula (= + - @ at its start,
//         unless it is a number) is prefixed with ', so opening a report runs nothing.
//   HTML  one printable page, no scripts, no external resources, every text escaped.
//   JSON  {"title", "summary": {...}, "tables": [{"title", "columns", "rows"}]}.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "reconcile/reports.h"

namespace tally::reconcile {

enum class ReportFormat { csv, html, json };
std::optional<ReportFormat> parse_report_format(std::string_view name);  // "csv", "html", "json"
std::string_view content_type(ReportFormat format);

std::string render(const Report& report, ReportFormat format);

}  // namespace tally::reconcile
