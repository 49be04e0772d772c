#include "formats/nacha/errors.h"

namespace tally::formats::nacha {
namespace {

class NachaCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "nacha"; }
  std::string message(int value) const override {
    switch (static_cast<NachaErrc>(value)) {
      case NachaErrc::ok:
        return "ok";
      case NachaErrc::invalid_field:
        return "invalid NACHA field value";
      case NachaErrc::limit_exceeded:
        return "NACHA count or total limit exceeded";
      case NachaErrc::invalid_state:
        return "NACHA writer used out of order";
    }
    return "nacha error " + std::to_string(value);
  }
};

}  // namespace

const std::error_category& nacha_category() noexcept {
  static const NachaCategory category;
  return category;
}

}  // namespace tally::formats::nacha
