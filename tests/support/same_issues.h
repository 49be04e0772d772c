// Two readings of one file report the same issues: for the tests that hold a reader's fast
// paths to its general path. Same number of errors and of warnings, and each the same in code,
// field, line, record and message, so a failure names what differs.
#pragma once

#include <catch2/catch.hpp>

#include <cstddef>
#include <vector>

#include "formats/common/report.h"

namespace tally::testing {

// The same comparison without assertions, for loops over many inputs that report only the
// first difference (then check_same_issues() names it).
inline bool same_issues(const std::vector<formats::Issue>& a,
                        const std::vector<formats::Issue>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].code != b[i].code || a[i].field != b[i].field || a[i].line != b[i].line ||
        a[i].record != b[i].record || a[i].message != b[i].message)
      return false;
  return true;
}

inline void check_same_issues(const std::vector<formats::Issue>& a,
                              const std::vector<formats::Issue>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("issue " << i << ": " << a[i].code << " at line " << a[i].line);
    CHECK(a[i].code == b[i].code);
    CHECK(a[i].field == b[i].field);
    CHECK(a[i].line == b[i].line);
    CHECK(a[i].record == b[i].record);
    CHECK(a[i].message == b[i].message);
  }
}

inline void check_same_issues(const formats::ParseReport& a, const formats::ParseReport& b) {
  check_same_issues(a.errors, b.errors);
  check_same_issues(a.warnings, b.warnings);
}

}  // namespace tally::testing
