#include "formats/camt/tags.h"

#include <algorithm>
#include <array>
#include <iterator>

namespace tally::formats::camt {
namespace {

struct Row {
  std::string_view name;
  Tag tag;
};

#define TALLY_CAMT_TAG_ROW(name) Row{#name, Tag::k##name},
constexpr Row kRows[] = {TALLY_CAMT_TAGS(TALLY_CAMT_TAG_ROW)};
#undef TALLY_CAMT_TAG_ROW

constexpr bool sorted_by_name() {
  for (std::size_t i = 1; i < std::size(kRows); ++i)
    if (!(kRows[i - 1].name < kRows[i].name)) return false;
  return true;
}
static_assert(sorted_by_name(), "TALLY_CAMT_TAGS must stay sorted for the binary search");

}  // namespace

Tag tag_from_name(std::string_view local_name) {
  const auto* it = std::lower_bound(std::begin(kRows), std::end(kRows), local_name,
                                    [](const Row& r, std::string_view n) { return r.name < n; });
  if (it == std::end(kRows) || it->name != local_name) return Tag::kOther;
  return it->tag;
}

std::string_view tag_name(Tag tag) {
  for (const Row& r : kRows)
    if (r.tag == tag) return r.name;
  return "?";
}

}  // namespace tally::formats::camt
