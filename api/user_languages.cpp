#include "api/user_languages.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <boost/json.hpp>

#include <algorithm>

#include "api/errors.h"
#include "core/clock.h"

namespace tally::api {
namespace {

constexpr std::string_view kLanguagePrefix = "lang/";

std::string key_of(std::string_view user) {
  return std::string(kLanguagePrefix) + std::string(user);
}

}  // namespace

bool is_supported_language(std::string_view language) {
  return std::find(kLanguages.begin(), kLanguages.end(), language) != kLanguages.end();
}

Result<std::string> UserLanguages::language_of(std::string_view user) const {
  TALLY_TRY(auto value, store_.get(key_of(user)));
  if (!value) return std::string(kDefaultLanguage);
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(*value, ec);
  const boost::json::value* language =
      !ec && parsed.is_object() ? parsed.as_object().if_contains("language") : nullptr;
  if (language == nullptr || !language->is_string() ||
      !is_supported_language(language->as_string()))
    return std::string(kDefaultLanguage);
  return std::string(language->as_string());
}

Status UserLanguages::set(std::string_view user, std::string_view language,
                          const events::Actor& by) {
  if (!is_supported_language(language))
    return api_error(ApiErrc::invalid_argument,
                     fmt::format("language: one of {}", fmt::join(kLanguages, ", ")));
  return store_.put(key_of(user),
                    boost::json::serialize(boost::json::object{{"language", language},
                                                               {"changed_us", now_us()},
                                                               {"changed_by", by.user},
                                                               {"request_id", by.request_id}}));
}

}  // namespace tally::api
