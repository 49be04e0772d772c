#include "ledger/errors.h"

namespace tally::ledger {
namespace {
class LedgerCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "ledger"; }
  std::string message(int value) const override {
    switch (static_cast<LedgerErrc>(value)) {
      case LedgerErrc::ok:
        return "ok";
      case LedgerErrc::storage:
        return "ledger storage error";
      case LedgerErrc::corrupt:
        return "ledger data is corrupt";
      case LedgerErrc::invalid_event:
        return "event refused by the posting rules";
      case LedgerErrc::conflicting_event:
        return "event id seen before with a different payload";
      case LedgerErrc::not_found:
        return "not found";
      case LedgerErrc::verify_failed:
        return "ledger verification failed";
      case LedgerErrc::invalid_argument:
        return "invalid argument";
      case LedgerErrc::limit_exceeded:
        return "limit exceeded";
      case LedgerErrc::stopped:
        return "stopped";
      case LedgerErrc::log:
        return "event log error";
      case LedgerErrc::in_use:
        return "ledger in use by another process";
      case LedgerErrc::already_done:
        return "already done";
      case LedgerErrc::needs_confirmation:
        return "needs confirmation";
    }
    return "ledger error " + std::to_string(value);
  }
  std::error_condition default_error_condition(int value) const noexcept override {
    if (static_cast<LedgerErrc>(value) == LedgerErrc::in_use)
      return std::errc::device_or_resource_busy;  // is_in_use (core/errors.h)
    return {value, *this};
  }
};
}  // namespace

const std::error_category& ledger_category() noexcept {
  static const LedgerCategory category;
  return category;
}
}  // namespace tally::ledger
