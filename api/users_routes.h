// /api/v1/users (admin): list, add (answers the token, once), rotate, disable.
#pragma once

#include "api/idempotency.h"
#include "api/router.h"
#include "api/users.h"

namespace tally::api {

boost::json::object user_json(const UserView& user);

void add_user_routes(Router& router, Users& users, Idempotency& idempotency);

}  // namespace tally::api
