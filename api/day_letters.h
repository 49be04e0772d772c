// The return letters of one business date, as the office mails them: GET
// /api/v1/letters?date=YYYY-MM-DD&format=json|csv|html&lang=en|es, and `tally letters` (the
// same text, printed). One letter per return (the ledger writes it once, as it posts the
// return), for NSF returns, returned checks and chargebacks alike.
//   json: {"date", "letters": [{return_id, customer, name, return_code, reason, amount_minor,
//          fee_minor, autopay_removed, letter}]}
//   csv:  a row per letter for a mail house: return_id, date, customer, name, language,
//         return_code, reason (in words), amount, fee, total_due, autopay_removed
//   html: every letter in one page to print, each on a sheet of its own
// The letters are in `lang` (Tally keeps no language per customer).
#pragma once

#include <string>
#include <string_view>

#include "api/letter_routes.h"
#include "api/router.h"
#include "core/business_date.h"
#include "core/result.h"
#include "ledger/ledger.h"

namespace tally::api {

struct DayLetters {
  std::string content_type;
  std::string body;
  std::size_t letters = 0;
};

// `format` is json, csv or html and `language` en or es: the caller checks them. Errors: the
// ledger's, as they come.
Result<DayLetters> day_letters(const ledger::Ledger& ledger, const std::string& office_name, BusinessDate date,
                               std::string_view format, std::string_view language);

// `services` is copied; its ledger must outlive the router.
void add_day_letters_route(Router& router, const LetterServices& services);

}  // namespace tally::api
