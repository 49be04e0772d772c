#include "core/log/event_log.h"

#include "core/errors.h"

namespace tally::log {

Result<std::vector<std::optional<LogRecord>>> EventLog::read_at(std::span<const LogAddress>) const {
  return core_error(CoreErrc::unsupported, describe() + " does not read records by address");
}

}  // namespace tally::log
