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
    }
    return "ledger error " + std::to_string(value);
  }
};
}  // namespace

const std::error_category& ledger_category() noexcept {
  static const LedgerCategory category;
  return category;
}
}  // namespace tally::ledger
