// GET /api/v1/accounts/{id}/letters/{return_id}?lang=en|es: the letter a customer is sent
// when their payment comes back (ledger/letter_render.h), as HTML to print.
#pragma once

#include <string>

#include "api/router.h"
#include "ledger/ledger.h"

namespace tally::api {

struct LetterServices {
  const ledger::Ledger& ledger;
  std::string office_name;  // who signs the letter: the office's name from the config
};

void add_letter_routes(Router& router, const LetterServices& services);

}  // namespace tally::api
