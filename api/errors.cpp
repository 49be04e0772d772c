#include "api/errors.h"

namespace tally::api {
namespace {
class ApiCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "api"; }
  std::string message(int value) const override {
    switch (static_cast<ApiErrc>(value)) {
      case ApiErrc::ok: return "ok";
      case ApiErrc::storage: return "API storage error";
      case ApiErrc::corrupt: return "API data is corrupt";
      case ApiErrc::not_found: return "not found";
      case ApiErrc::invalid_argument: return "invalid argument";
      case ApiErrc::exists: return "exists already";
      case ApiErrc::in_use: return "API store in use by another process";
      case ApiErrc::not_owner: return "no node serves the partition now";
      case ApiErrc::owner_unreachable: return "the node serving the partition did not answer";
    }
    return "api error " + std::to_string(value);
  }
  std::error_condition default_error_condition(int value) const noexcept override {
    if (static_cast<ApiErrc>(value) == ApiErrc::in_use) return std::errc::device_or_resource_busy;
    return {value, *this};
  }
};
}  // namespace

const std::error_category& api_category() noexcept {
  static const ApiCategory category;
  return category;
}

}  // namespace tally::api
