// The counter's read routes: a drawer, the day's sessions, a session, its receipts and deposit
// slip as the customer and the bank get them, and the daily cash report (api/counter_routes.h).
#include <vector>

#include "api/counter_json.h"
#include "api/counter_routes.h"
#include "counter/cash_report.h"
#include "node/counter_bank_status.h"

namespace tally::api {
namespace {

constexpr std::int32_t kMaxReportDays = 366;

enum class Paper { json, html, text };

std::optional<Paper> paper_format(const RouteParams& p) {
  const std::string f = query_or(p, "format", "json");
  if (f == "json") return Paper::json;
  if (f == "html") return Paper::html;
  if (f == "text") return Paper::text;
  return std::nullopt;
}

constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kText = "text/plain; charset=utf-8";

// A date of the query, or the counter's today when absent.
std::optional<BusinessDate> date_or_today(const RouteParams& p, const std::string& name,
                                          counter::Counter& desk) {
  const auto it = p.query.find(name);
  if (it == p.query.end() || it->second.empty()) return desk.settings().today();
  return BusinessDate::parse_iso(it->second);
}

void add_session_reads(Router& router, node::Node& node) {
  router.add(http::verb::get, "/api/v1/counter/drawers/{drawer}", Permission::read,
             [&node](const Request& req, const RouteParams& p) {
               const std::string& drawer = p.path.at("drawer");
               auto open = node.counter().open_session(drawer);
               if (!open) return counter_error_response(req, open.error());
               return json_response(req, http::status::ok, drawer_json(drawer, *open));
             });
  router.add(
      http::verb::get, "/api/v1/counter/sessions", Permission::read,
      [&node](const Request& req, const RouteParams& p) {
        counter::Counter& desk = node.counter();
        const auto date = date_or_today(p, "date", desk);
        if (!date) return bad_field(req, "date", "date is YYYY-MM-DD");
        auto sessions = desk.sessions_between(*date, *date);
        if (!sessions) return counter_error_response(req, sessions.error());
        boost::json::array out;
        for (const counter::Session& s : *sessions)
          out.push_back(session_summary_json(
              s, expected_cash_visible(s, desk.settings().blind_close, caller_supervises(p))));
        return json_response(
            req, http::status::ok,
            boost::json::object{{"date", date->to_iso()}, {"sessions", std::move(out)}});
      });
  router.add(http::verb::get, "/api/v1/counter/sessions/{session}", Permission::read,
             [&node](const Request& req, const RouteParams& p) {
               counter::Counter& desk = node.counter();
               auto s = desk.session(p.path.at("session"));
               if (!s) return counter_error_response(req, s.error());
               const bool show =
                   expected_cash_visible(*s, desk.settings().blind_close, caller_supervises(p));
               return json_response(req, http::status::ok, session_json(*s, show));
             });
}

void add_paper_reads(Router& router, node::Node& node, const counter::ReceiptHeader& header) {
  router.add(http::verb::get, "/api/v1/counter/sessions/{session}/receipts/{n}", Permission::read,
             [&node, header](const Request& req, const RouteParams& p) {
               const auto n = receipt_number(p.path.at("n"));
               if (!n) return bad_field(req, "n", "a receipt number is a whole number from 1");
               const auto format = paper_format(p);
               if (!format) return bad_field(req, "format", "format is json, html or text");
               const bool void_paper = query_or(p, "void", "0") == "1";
               auto s = node.counter().session(p.path.at("session"));
               if (!s) return counter_error_response(req, s.error());
               const counter::Receipt* r = s->receipt(*n);
               if (r == nullptr)
                 return error_response(req, http::status::not_found, "counter.not_found",
                                       "no such receipt in the session");
               if (void_paper && !r->void_record)
                 return error_response(req, http::status::not_found, "counter.not_found",
                                       "this receipt has no void");
               switch (*format) {
                 case Paper::json:
                   return json_response(req, http::status::ok, receipt_json(*s, *r));
                 case Paper::html:
                   return text_response(req, kHtml,
                                void_paper ? counter::void_receipt_html(*s, *r, header)
                                           : counter::receipt_html(*s, *r, header));
                 case Paper::text:
                   return text_response(req, kText,
                                void_paper ? counter::void_receipt_text(*s, *r, header)
                                           : counter::receipt_text(*s, *r, header));
               }
               return bad_field(req, "format", "format is json, html or text");
             });
  router.add(http::verb::get, "/api/v1/counter/sessions/{session}/deposit-slip", Permission::read,
             [&node, header](const Request& req, const RouteParams& p) {
               const auto format = paper_format(p);
               if (!format) return bad_field(req, "format", "format is json, html or text");
               auto s = node.counter().session(p.path.at("session"));
               if (!s) return counter_error_response(req, s.error());
               switch (*format) {
                 case Paper::json: {
                   // The slip is made by the close; the HTML and text papers say so themselves.
                   if (!s->close)
                     return error_response(
                         req, http::status::conflict, "counter.invalid_state",
                         "the drawer is open: its deposit slip comes with the close");
                   (void)node.reconciler().catch_up();  // a stale status is still an answer
                   boost::json::object slip = slip_json(s->close->slip, s->currency);
                   slip["session"] = s->id;
                   slip["bank_status"] =
                       node::deposit_bank_status(node.reconciler(), s->close->slip.reference);
                   return json_response(req, http::status::ok, slip);
                 }
                 case Paper::html:
                   return text_response(req, kHtml, counter::deposit_slip_html(*s, header));
                 case Paper::text:
                   return text_response(req, kText, counter::deposit_slip_text(*s, header));
               }
               return bad_field(req, "format", "format is json, html or text");
             });
}

void add_report_read(Router& router, node::Node& node) {
  router.add(
      http::verb::get, "/api/v1/counter/report", Permission::read,
      [&node](const Request& req, const RouteParams& p) {
        counter::Counter& desk = node.counter();
        const auto from = date_or_today(p, "from", desk);
        if (!from) return bad_field(req, "from", "from is YYYY-MM-DD");
        const auto to = p.query.contains("to") ? date_or_today(p, "to", desk) : from;
        if (!to) return bad_field(req, "to", "to is YYYY-MM-DD");
        if (*to < *from || to->days() - from->days() >= kMaxReportDays)
          return bad_field(req, "to", "to is on or after from, at most 366 days on");
        const std::string format = query_or(p, "format", "json");
        if (format != "json" && format != "csv" && format != "html")
          return bad_field(req, "format", "format is json, csv or html");
        auto sessions = desk.sessions_between(*from, *to);
        if (!sessions) return counter_error_response(req, sessions.error());
        // Blind close: a drawer still open is reported only to those who may see its expected cash.
        if (desk.settings().blind_close && !caller_supervises(p))
          std::erase_if(*sessions, [](const counter::Session& s) { return s.open(); });
        // Every slip's bank status in one read of the reconciler, after what the log holds now.
        std::vector<std::string> slips;
        for (const counter::Session& s : *sessions)
          if (s.close) slips.push_back(s.close->slip.reference);
        (void)node.reconciler().catch_up();  // a stale status is still an answer
        const auto statuses = node::deposit_bank_statuses(node.reconciler(), slips);
        const auto rows = counter::cash_report(*sessions, [&statuses](const counter::Session& s) {
          if (!s.close) return std::string();
          const auto it = statuses.find(s.close->slip.reference);
          return it == statuses.end() ? std::string() : it->second;
        });
        const Currency& currency = desk.settings().currency;
        if (format == "csv")
          return text_response(req, "text/csv; charset=utf-8", counter::cash_report_csv(rows, currency));
        if (format == "html") {
          const std::string title = from == to
                                        ? "Daily cash report " + from->to_iso()
                                        : "Cash report " + from->to_iso() + " to " + to->to_iso();
          return text_response(req, kHtml, counter::cash_report_html(rows, currency, title));
        }
        return json_response(req, http::status::ok, counter::cash_report_json(rows, currency));
      });
}

}  // namespace

void add_counter_reads(Router& router, const CounterServices& s) {
  add_session_reads(router, s.node);
  add_paper_reads(router, s.node, s.header);
  add_report_read(router, s.node);
}

}  // namespace tally::api
