// The language each person reads the pages, receipts and letters in, remembered per user in
// the AccessStore (access_store.h):
//   "lang/" user -> {"language", "changed_us", "changed_by", "request_id"}
// A preference, not a fact of the books: it is not in the log. Unset is kDefaultLanguage.
//
// Threads: any (the store serialises writes; a reader sees the old or the new value).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "api/access_store.h"
#include "core/events/actor.h"
#include "core/result.h"

namespace tally::api {

inline constexpr std::string_view kDefaultLanguage = "en";
inline constexpr std::array<std::string_view, 2> kLanguages = {"en", "es"};

bool is_supported_language(std::string_view language);

class UserLanguages {
 public:
  explicit UserLanguages(AccessStore& store) : store_(store) {}

  // kDefaultLanguage for a user who never chose (or whose choice is no longer supported).
  Result<std::string> language_of(std::string_view user) const;
  // Errors: invalid_argument for a language not in kLanguages; storage.
  Status set(std::string_view user, std::string_view language, const events::Actor& by);

 private:
  AccessStore& store_;
};

}  // namespace tally::api
