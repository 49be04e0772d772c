// StrongInt<Tag, Rep>: an integer that cannot be mixed up with another kind of integer
// (a partition is not a log position). Comparison and explicit access only.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace tally {

template <class Tag, class Rep>
class StrongInt {
 public:
  using rep = Rep;
  constexpr StrongInt() = default;
  constexpr explicit StrongInt(Rep value) : value_(value) {}
  constexpr Rep value() const { return value_; }
  constexpr auto operator<=>(const StrongInt&) const = default;

 private:
  Rep value_{};
};

}  // namespace tally

template <class Tag, class Rep>
struct std::hash<tally::StrongInt<Tag, Rep>> {
  std::size_t operator()(const tally::StrongInt<Tag, Rep>& v) const noexcept {
    return std::hash<Rep>{}(v.value());
  }
};
