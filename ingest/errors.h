// Error codes of ingest.
#pragma once

#include <string>
#include <system_error>

#include "core/result.h"

namespace tally::ingest {

enum class IngestErrc {
  ok = 0,
  io = 1,              // reading, moving or writing a file failed
  registry = 2,        // the file registry's storage failed
  unknown_format = 3,
  refused = 4,         // the file did not pass its checks
  publish = 5,         // the event log refused or failed
  too_large = 6,
  bad_input = 7,
  in_use = 8,          // the data folder is held by another process (tally serve)
  not_found = 9,       // no such kept file
  already_originated = 10,  // an autopay file for that effective date was generated before
};

const std::error_category& ingest_category() noexcept;
inline std::error_code make_error_code(IngestErrc e) noexcept {
  return {static_cast<int>(e), ingest_category()};
}
inline Error ingest_error(IngestErrc e, std::string message) {
  return Error{make_error_code(e), std::move(message)};
}

}  // namespace tally::ingest

template <>
struct std::is_error_code_enum<tally::ingest::IngestErrc> : std::true_type {};
