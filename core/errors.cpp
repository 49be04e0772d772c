#include "core/errors.h"

namespace tally {
namespace {
class CoreCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "core"; }
  std::string message(int value) const override {
    switch (static_cast<CoreErrc>(value)) {
      case CoreErrc::ok: return "ok";
      case CoreErrc::bad_amount: return "bad amount";
      case CoreErrc::amount_overflow: return "amount overflow";
      case CoreErrc::excess_precision: return "more decimals than the currency has";
      case CoreErrc::unknown_currency: return "unknown currency";
      case CoreErrc::currency_mismatch: return "currency mismatch";
      case CoreErrc::bad_date: return "bad date";
      case CoreErrc::bad_id: return "bad id";
      case CoreErrc::bad_config: return "bad configuration";
      case CoreErrc::bad_event: return "event does not decode";
      case CoreErrc::unknown_schema: return "unknown event schema version";
      case CoreErrc::log_io: return "event log storage error";
      case CoreErrc::log_unavailable: return "event log unavailable";
      case CoreErrc::log_closed: return "event log closed";
      case CoreErrc::invalid_argument: return "invalid argument";
      case CoreErrc::log_in_use: return "event log in use by another process";
      case CoreErrc::unsupported: return "not supported by this event log";
    }
    return "core error " + std::to_string(value);
  }
  std::error_condition default_error_condition(int value) const noexcept override {
    if (static_cast<CoreErrc>(value) == CoreErrc::log_in_use)
      return std::errc::device_or_resource_busy;  // is_in_use (errors.h)
    return {value, *this};
  }
};
}  // namespace

const std::error_category& core_category() noexcept {
  static const CoreCategory category;
  return category;
}
}  // namespace tally
