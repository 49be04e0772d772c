// /api/v1/users (admin): list, add (answers the token, once), rotate, disable, and
// POST /api/v1/users/{name}/password {"password"}: sets the web pages' password (users_manage
// like the others). The password is never answered, logged or kept in the kept answer's
// fingerprint (see add_user_routes).
#pragma once

#include "api/idempotency.h"
#include "api/router.h"
#include "api/users.h"

namespace tally::api {

boost::json::object user_json(const UserView& user);

void add_user_routes(Router& router, Users& users, Idempotency& idempotency);

}  // namespace tally::api
