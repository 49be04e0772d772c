#include "api/letter_routes.h"

#include <fmt/format.h>

#include "api/accounts.h"
#include "ledger/customer_notes.h"
#include "ledger/letter_render.h"

namespace tally::api {
namespace {

constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::size_t kMaxRemovalsRead = 100'000;

// Whether this return is the one that ended the customer's autopay (ledger policy: the Nth
// NSF return in M months). Removals are few; they are read whole.
Result<bool> removed_autopay(const ledger::Ledger& ledger, const EventId& return_id) {
  TALLY_TRY(auto removals, ledger.autopay_removals(kMaxRemovalsRead));
  for (const auto& r : removals)
    if (r.trigger_id == return_id) return true;
  return false;
}

// GET /api/v1/accounts/{id}/letters/{return_id}?lang=en|es: the return letter, HTML to print.
Response letter(const LetterServices& s, const Request& req, const RouteParams& p) {
  const std::string& id = p.path.at("id");
  const std::string account = journal_account(id);
  const auto return_id = EventId::from_hex(p.path.at("return_id"));
  if (!return_id) return error_response(req, http::status::bad_request, "bad_id", "a return id is 32 hex digits");
  const std::string lang = query_or(p, "lang", "en");
  if (lang != "en" && lang != "es") return error_response(req, http::status::bad_request, "bad_language", "lang is en or es");
  auto found = ledger::letter_for_return(s.ledger, account, *return_id);
  if (!found) return error_response(req, found.error());
  if (!*found)
    return error_response(req, http::status::not_found, "no_such_letter",
                          fmt::format("{} has no letter for return {}", account, return_id->to_hex()));
  auto notes = ledger::customer_notes(s.ledger, account);
  if (!notes) return error_response(req, notes.error());
  auto removed = removed_autopay(s.ledger, *return_id);
  if (!removed) return error_response(req, removed.error());
  const ledger::LetterContext context{s.office_name, notes->name, id, *removed, lang};
  return text_response(req, kHtml, ledger::return_letter_html((*found)->letter, context));
}

}  // namespace

void add_letter_routes(Router& router, const LetterServices& services) {
  router.add(http::verb::get, "/api/v1/accounts/{id}/letters/{return_id}", Permission::read,
             [s = services](const Request& req, const RouteParams& p) { return letter(s, req, p); });
}

}  // namespace tally::api
