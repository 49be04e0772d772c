// GET /api/v1/openapi.json: the OpenAPI 3 document of every route (api/openapi.json, built
// into the binary). A test checks it against the router's routes, methods and permissions,
// so the two cannot drift apart.
#pragma once

#include <string_view>

#include "api/router.h"

namespace tally::api {

std::string_view openapi_document();

void add_openapi_route(Router& router);

}  // namespace tally::api
