// The person asking: GET /api/v1/me (who they are, their roles, what those allow, their
// language) for the pages to show only what the person may do, and POST /api/v1/me/language
// to remember the language they read in (user_languages.h). Both for any signed-in person.
#pragma once

#include "api/idempotency.h"
#include "api/router.h"
#include "api/user_languages.h"

namespace tally::api {

void add_me_routes(Router& router, UserLanguages& languages, Idempotency& idempotency);

}  // namespace tally::api
