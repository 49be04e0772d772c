// Error codes of the API's own stores (users, idempotency). Values are stable: they appear in
// logs and in the HTTP mapping (error_mapping.cpp). Never renumber; add at the end.
#pragma once

#include <string>
#include <system_error>

#include "core/result.h"

namespace tally::api {

enum class ApiErrc {
  ok = 0,
  storage = 1,           // RocksDB failed (open, read, write)
  corrupt = 2,           // a stored value does not decode
  not_found = 3,         // no such user
  invalid_argument = 4,  // a name or role that is not allowed
  exists = 5,            // a user of that name exists already
  in_use = 6,            // the store's folder is held by another process
  not_owner = 7,         // on Kafka: no node serves the partition the request needs now
  owner_unreachable = 8,  // on Kafka: the node serving that partition did not answer
};

const std::error_category& api_category() noexcept;
inline std::error_code make_error_code(ApiErrc e) noexcept { return {static_cast<int>(e), api_category()}; }
inline Error api_error(ApiErrc e, std::string message) { return Error{make_error_code(e), std::move(message)}; }

}  // namespace tally::api

template <>
struct std::is_error_code_enum<tally::api::ApiErrc> : std::true_type {};
