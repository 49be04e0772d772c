#include "formats/common/pan.h"

namespace tally::formats {
namespace {

constexpr int kMinPanDigits = 13;
constexpr int kMaxPanDigits = 19;
constexpr int kVisibleDigits = 4;
constexpr std::size_t kRoutingDigits = 9;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_separator(char c, const PanOptions& options) {
  return c == ' ' || c == '-' || (c == '.' && options.dot_separators);
}
constexpr int kMinDotSeparators = 2;

// Luhn value of digit d when doubled: 2d, minus 9 if that has two digits.
constexpr int kDoubled[10] = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};

// Looks for the longest PAN that starts at `start` (the first digit of a group) and returns the
// end of it (one past its last digit), or 0 when there is none. Luhn doubles every second digit
// counted from the right, which is unknown while reading left to right, so two running sums are
// kept: one that doubles the odd positions counted from the left, one that doubles the even
// ones. A window of odd length doubles the odd positions, one of even length the even ones.
std::size_t longest_pan_at(std::string_view text, std::size_t start, const PanOptions& options) {
  if (options.require_card_prefix && (text[start] < '2' || text[start] > '6')) return 0;
  const std::size_t n = text.size();
  int digits = 0;
  int sum_double_odd = 0;
  int sum_double_even = 0;
  char separator = 0;
  int separators = 0;
  std::size_t first_group_end = 0;
  std::size_t best_end = 0;
  std::size_t i = start;
  for (;;) {
    std::size_t group_end = i;
    bool too_long = false;
    while (group_end < n && is_digit(text[group_end])) {
      if (digits + static_cast<int>(group_end - i) == kMaxPanDigits) {
        too_long = true;  // so is every window that extends further
        break;
      }
      ++group_end;
    }
    if (too_long || static_cast<int>(group_end - i) < options.min_group_digits) break;
    for (; i < group_end; ++i, ++digits) {
      const int d = text[i] - '0';
      const bool odd_position = (digits & 1) != 0;
      sum_double_odd += odd_position ? kDoubled[d] : d;
      sum_double_even += odd_position ? d : kDoubled[d];
    }
    if (first_group_end == 0) {
      first_group_end = group_end;
      // Routing number + account number is a bank account, not a card.
      if (first_group_end - start == kRoutingDigits &&
          aba_routing_valid(text.substr(start, kRoutingDigits)))
        return 0;
    }
    if (digits >= kMinPanDigits && (separator != '.' || separators >= kMinDotSeparators)) {
      const int sum = (digits & 1) != 0 ? sum_double_odd : sum_double_even;
      if (sum % 10 == 0) best_end = group_end;
    }
    // Extend over one separator of the window's kind when a digit group follows it.
    if (i + 1 < n && is_separator(text[i], options) && is_digit(text[i + 1]) &&
        (separator == 0 || separator == text[i])) {
      separator = text[i];
      ++separators;
      ++i;
      continue;
    }
    break;
  }
  return best_end;
}

// Position of the first of the last four digits in [start, end).
std::size_t visible_tail_start(std::string_view text, std::size_t start, std::size_t end) {
  int seen = 0;
  std::size_t p = end;
  while (p > start) {
    --p;
    if (is_digit(text[p]) && ++seen == kVisibleDigits) return p;
  }
  return start;
}

// Calls on_match(start, end, tail) for each PAN in text order. After a match the scan resumes
// at its last four digits, treated as a group of their own: masked text shows exactly that, so
// scanning the output again finds the same nothing (the fixed point promised in pan.h).
template <class OnMatch>
void scan(std::string_view text, const PanOptions& options, OnMatch&& on_match) {
  const std::size_t n = text.size();
  std::size_t pos = 0;
  bool forced_start = false;
  while (pos < n) {
    if (!forced_start) {
      while (pos < n && !is_digit(text[pos])) ++pos;
      if (pos == n) break;
    }
    forced_start = false;
    const std::size_t end = longest_pan_at(text, pos, options);
    if (end != 0) {
      const std::size_t tail = visible_tail_start(text, pos, end);
      on_match(pos, end, tail);
      pos = tail;
      forced_start = true;
      continue;
    }
    while (pos < n && is_digit(text[pos])) ++pos;
  }
}

}  // namespace

std::size_t mask_pans(std::string& text, std::vector<PanMatch>* where, const PanOptions& options) {
  std::size_t count = 0;
  scan(text, options, [&](std::size_t start, std::size_t end, std::size_t tail) {
    for (std::size_t p = start; p < tail; ++p)
      if (is_digit(text[p])) text[p] = '*';
    if (where) where->push_back(PanMatch{start, end - start});
    ++count;
  });
  return count;
}

std::vector<PanMatch> find_pans(std::string_view text, const PanOptions& options) {
  std::vector<PanMatch> out;
  scan(text, options, [&](std::size_t start, std::size_t end, std::size_t) {
    out.push_back(PanMatch{start, end - start});
  });
  return out;
}

bool luhn_valid(std::string_view digits) {
  if (digits.empty()) return false;
  int sum = 0;
  bool doubled = false;
  for (std::size_t i = digits.size(); i > 0; --i) {
    const char c = digits[i - 1];
    if (!is_digit(c)) return false;
    const int d = c - '0';
    sum += doubled ? kDoubled[d] : d;
    doubled = !doubled;
  }
  return sum % 10 == 0;
}

bool aba_routing_valid(std::string_view digits) {
  if (digits.size() != kRoutingDigits) return false;
  constexpr int kWeights[3] = {3, 7, 1};
  int sum = 0;
  for (std::size_t i = 0; i < kRoutingDigits; ++i) {
    if (!is_digit(digits[i])) return false;
    sum += (digits[i] - '0') * kWeights[i % 3];
  }
  return sum % 10 == 0;
}

}  // namespace tally::formats
