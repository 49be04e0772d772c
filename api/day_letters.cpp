#include "api/day_letters.h"

#include <set>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/customer_detail.h"
#include "core/csv_cell.h"
#include "core/money.h"
#include "ledger/customer_notes.h"
#include "ledger/letter_render.h"

namespace tally::api {
namespace {

struct Letter {
  ledger::ReturnLetter letter;
  std::string customer_id;
  std::string name;
  bool autopay_removed = false;
};

Result<std::vector<Letter>> letters_on(const ledger::Ledger& ledger, BusinessDate date) {
  TALLY_TRY(auto all, ledger.return_letters(ledger::kMaxQueryLimit));
  TALLY_TRY(auto removals, ledger.autopay_removals(ledger::kMaxQueryLimit));
  std::set<EventId> removed_by;
  for (const auto& r : removals) removed_by.insert(r.trigger_id);
  std::vector<Letter> out;
  for (auto& l : all) {
    if (l.date != date) continue;
    TALLY_TRY(ledger::CustomerNotes notes, ledger::customer_notes(ledger, l.account));
    const bool removed = removed_by.count(l.return_id) > 0;
    std::string id = customer_id_of(l.account);
    out.push_back({std::move(l), std::move(id), std::move(notes.name), removed});
  }
  return out;
}

std::string money(std::int64_t minor, const Currency& currency) { return Money(minor, currency).to_string(); }

std::string as_json(const std::vector<Letter>& letters, BusinessDate date) {
  boost::json::array out;
  for (const Letter& l : letters)
    out.push_back({{"return_id", l.letter.return_id.to_hex()},
                   {"customer", l.customer_id},
                   {"name", l.name},
                   {"return_code", l.letter.return_code},
                   {"reason", l.letter.reason},
                   {"amount_minor", l.letter.amount_minor},
                   {"fee_minor", l.letter.fee_minor},
                   {"autopay_removed", l.autopay_removed},
                   {"letter", letter_path(l.customer_id, l.letter.return_id)}});
  return boost::json::serialize(boost::json::object{{"date", date.to_iso()}, {"letters", std::move(out)}});
}

std::string as_csv(const std::vector<Letter>& letters, std::string_view language) {
  std::string out;
  csv_row(out, {"return_id", "date", "customer", "name", "language", "return_code", "reason", "amount", "fee",
                "total_due", "autopay_removed"});
  for (const Letter& l : letters) {
    const auto& r = l.letter;
    csv_row(out, {r.return_id.to_hex(), r.date.to_iso(), l.customer_id, l.name, std::string(language), r.return_code,
                  ledger::return_reason_words(r.return_code, r.reason, language), money(r.amount_minor, r.currency),
                  money(r.fee_minor, r.currency), money(r.amount_minor + r.fee_minor, r.currency),
                  l.autopay_removed ? "yes" : "no"});
  }
  return out;
}

std::string as_html(const std::vector<Letter>& letters, const std::string& office_name, std::string_view language) {
  std::vector<ledger::AddressedLetter> addressed;
  addressed.reserve(letters.size());
  for (const Letter& l : letters)
    addressed.push_back({l.letter, {office_name, l.name, l.customer_id, l.autopay_removed, std::string(language)}});
  return ledger::return_letters_html(addressed, language);
}

}  // namespace

Result<DayLetters> day_letters(const ledger::Ledger& ledger, const std::string& office_name, BusinessDate date,
                               std::string_view format, std::string_view language) {
  TALLY_TRY(std::vector<Letter> letters, letters_on(ledger, date));
  DayLetters out;
  out.letters = letters.size();
  if (format == "csv") {
    out.content_type = "text/csv; charset=utf-8";
    out.body = as_csv(letters, language);
  } else if (format == "html") {
    out.content_type = "text/html; charset=utf-8";
    out.body = as_html(letters, office_name, language);
  } else {
    out.content_type = "application/json";
    out.body = as_json(letters, date);
  }
  return out;
}

void add_day_letters_route(Router& router, const LetterServices& services) {
  router.add(http::verb::get, "/api/v1/letters", Permission::read,
             [s = services](const Request& req, const RouteParams& p) {
               const auto date = BusinessDate::parse_iso(query_or(p, "date", BusinessDate::today_utc().to_iso()));
               if (!date) return error_response(req, http::status::bad_request, "bad_date", "date must be YYYY-MM-DD");
               const std::string format = query_or(p, "format", "json");
               if (format != "json" && format != "csv" && format != "html")
                 return error_response(req, http::status::bad_request, "bad_format", "format is json, csv or html");
               const std::string lang = query_or(p, "lang", "en");
               if (lang != "en" && lang != "es")
                 return error_response(req, http::status::bad_request, "bad_language", "lang is en or es");
               auto letters = day_letters(s.ledger, s.office_name, *date, format, lang);
               if (!letters) return error_response(req, letters.error());
               return text_response(req, letters->content_type, std::move(letters->body));
             });
}

}  // namespace tally::api
