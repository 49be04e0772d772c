#include "ingest/errors.h"

namespace tally::ingest {
namespace {
class IngestCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "ingest"; }
  std::string message(int value) const override {
    switch (static_cast<IngestErrc>(value)) {
      case IngestErrc::ok: return "ok";
      case IngestErrc::io: return "file i/o error";
      case IngestErrc::registry: return "file registry error";
      case IngestErrc::unknown_format: return "unknown file format";
      case IngestErrc::refused: return "file refused";
      case IngestErrc::publish: return "publishing to the event log failed";
      case IngestErrc::too_large: return "file too large";
      case IngestErrc::bad_input: return "bad input";
      case IngestErrc::in_use: return "data folder in use";
      case IngestErrc::not_found: return "not found";
      case IngestErrc::already_originated: return "already originated";
    }
    return "ingest error " + std::to_string(value);
  }
  std::error_condition default_error_condition(int value) const noexcept override {
    if (static_cast<IngestErrc>(value) == IngestErrc::in_use)
      return std::errc::device_or_resource_busy;  // is_in_use (core/errors.h)
    return {value, *this};
  }
};
}  // namespace

const std::error_category& ingest_category() noexcept {
  static const IngestCategory category;
  return category;
}
}  // namespace tally::ingest
