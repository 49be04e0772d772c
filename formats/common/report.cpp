#include "formats/common/report.h"

namespace tally::formats {

void Fields::set(std::string name, FieldValue value) {
  for (auto& [n, v] : items_) {
    if (n == name) {
      v = std::move(value);
      return;
    }
  }
  items_.emplace_back(std::move(name), std::move(value));
}

const FieldValue* Fields::find(std::string_view name) const {
  for (const auto& [n, v] : items_)
    if (n == name) return &v;
  return nullptr;
}

void ParseReport::error(Issue issue) {
  accepted = false;
  if (errors.size() < kMaxIssues) errors.push_back(std::move(issue));
}

void ParseReport::warning(Issue issue) {
  if (warnings.size() < kMaxIssues) warnings.push_back(std::move(issue));
}

}  // namespace tally::formats
