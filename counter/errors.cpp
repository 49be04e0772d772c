#include "counter/errors.h"

namespace tally::counter {
namespace {
class CounterCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "counter"; }
  std::string message(int value) const override {
    switch (static_cast<CounterErrc>(value)) {
      case CounterErrc::ok: return "ok";
      case CounterErrc::storage: return "counter storage error";
      case CounterErrc::corrupt: return "counter data is corrupt";
      case CounterErrc::not_found: return "not found";
      case CounterErrc::invalid_argument: return "invalid argument";
      case CounterErrc::invalid_state: return "not allowed in the drawer's current state";
      case CounterErrc::log: return "event log error";
      case CounterErrc::in_use: return "counter in use by another process";
      case CounterErrc::forbidden: return "not allowed for this person";
      case CounterErrc::card_number: return "a whole card number was entered";
      case CounterErrc::needs_sign_off: return "needs a supervisor's sign-off";
    }
    return "counter error " + std::to_string(value);
  }
  std::error_condition default_error_condition(int value) const noexcept override {
    if (static_cast<CounterErrc>(value) == CounterErrc::in_use)
      return std::errc::device_or_resource_busy;  // is_in_use (core/errors.h)
    return {value, *this};
  }
};
}  // namespace

const std::error_category& counter_category() noexcept {
  static const CounterCategory category;
  return category;
}
}  // namespace tally::counter
