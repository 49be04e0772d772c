#include "reconcile/report_render.h"

#include "core/csv_cell.h"
#include "core/html.h"

#include <boost/json.hpp>

#include <cctype>

namespace tally::reconcile {
namespace {

std::string to_csv(const Report& r) {
  std::string out;
  csv_row(out, {r.title});
  for (const auto& [label, value] : r.summary) csv_row(out, {label, value});
  for (const ReportTable& t : r.tables) {
    out += "\r\n";
    csv_row(out, {t.title});
    csv_row(out, t.columns);
    for (const auto& row : t.rows) csv_row(out, row);
  }
  return out;
}

std::string to_html(const Report& r) {
  std::string out =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + html_escape(r.title) +
      "</title>\n<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
      "td,th{border:1px solid #999;padding:3px 8px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}"
      "@media print{body{margin:0}}</style></head><body>\n<h1>" +
      html_escape(r.title) + "</h1>\n<table>\n";
  for (const auto& [label, value] : r.summary)
    out += "<tr><th>" + html_escape(label) + "</th><td>" + html_escape(value) + "</td></tr>\n";
  out += "</table>\n";
  for (const ReportTable& t : r.tables) {
    out += "<h2>" + html_escape(t.title) + "</h2>\n<table>\n<tr>";
    for (const auto& c : t.columns) out += "<th>" + html_escape(c) + "</th>";
    out += "</tr>\n";
    for (const auto& row : t.rows) {
      out += "<tr>";
      for (const auto& cell : row) out += (looks_numeric(cell) ? "<td class=\"n\">" : "<td>") + html_escape(cell) + "</td>";
      out += "</tr>\n";
    }
    if (t.rows.empty()) out += "<tr><td colspan=\"" + std::to_string(t.columns.size()) + "\">none</td></tr>\n";
    out += "</table>\n";
  }
  out += "</body></html>\n";
  return out;
}

std::string to_json(const Report& r) {
  boost::json::object summary;
  for (const auto& [label, value] : r.summary) summary[label] = value;
  boost::json::array tables;
  for (const ReportTable& t : r.tables) {
    boost::json::array columns, rows;
    for (const auto& c : t.columns) columns.push_back(boost::json::string(c));
    for (const auto& row : t.rows) {
      boost::json::array cells;
      for (const auto& cell : row) cells.push_back(boost::json::string(cell));
      rows.push_back(std::move(cells));
    }
    tables.push_back({{"title", t.title}, {"columns", std::move(columns)}, {"rows", std::move(rows)}});
  }
  return boost::json::serialize(boost::json::object{{"title", r.title}, {"summary", summary}, {"tables", tables}});
}

}  // namespace

std::optional<ReportFormat> parse_report_format(std::string_view name) {
  if (name == "csv") return ReportFormat::csv;
  if (name == "html") return ReportFormat::html;
  if (name == "json") return ReportFormat::json;
  return std::nullopt;
}

std::string_view content_type(ReportFormat format) {
  switch (format) {
    case ReportFormat::csv: return "text/csv; charset=utf-8";
    case ReportFormat::html: return "text/html; charset=utf-8";
    case ReportFormat::json: return "application/json";
  }
  return "application/json";
}

std::string render(const Report& report, ReportFormat format) {
  switch (format) {
    case ReportFormat::csv: return to_csv(report);
    case ReportFormat::html: return to_html(report);
    case ReportFormat::json: return to_json(report);
  }
  return to_json(report);
}

}  // namespace tally::reconcile
