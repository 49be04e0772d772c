#include "reconcile/errors.h"

namespace tally::reconcile {
namespace {
class ReconcileCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "reconcile"; }
  std::string message(int value) const override {
    switch (static_cast<ReconcileErrc>(value)) {
      case ReconcileErrc::ok:
        return "ok";
      case ReconcileErrc::storage:
        return "reconciler storage error";
      case ReconcileErrc::corrupt:
        return "reconciler data is corrupt";
      case ReconcileErrc::not_found:
        return "not found";
      case ReconcileErrc::invalid_argument:
        return "invalid argument";
      case ReconcileErrc::invalid_state:
        return "not allowed in its current state";
      case ReconcileErrc::log:
        return "event log error";
      case ReconcileErrc::in_use:
        return "reconciler in use by another process";
      case ReconcileErrc::limit_exceeded:
        return "limit exceeded";
    }
    return "reconcile error " + std::to_string(value);
  }
  std::error_condition default_error_condition(int value) const noexcept override {
    if (static_cast<ReconcileErrc>(value) == ReconcileErrc::in_use)
      return std::errc::device_or_resource_busy;  // is_in_use (core/errors.h)
    return {value, *this};
  }
};
}  // namespace

const std::error_category& reconcile_category() noexcept {
  static const ReconcileCategory category;
  return category;
}
}  // namespace tally::reconcile
