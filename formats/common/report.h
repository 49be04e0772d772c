// What every reader says about a file: accepted or not, what it computed, what the file
// declared about itself, and located errors and warnings. `tally parse --json` prints it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace tally::formats {

// One error or warning, located as precisely as the format allows.
struct Issue {
  std::int64_t line = 0;    // 1-based physical line (0: the file as a whole)
  std::int64_t record = 0;  // 1-based logical record (0: the file as a whole)
  std::string field;        // the field as the format's spec names it ("entry_hash")
  std::string code;         // stable machine code ("total_mismatch", "bad_amount", ...)
  std::string message;      // for people: what is wrong, with the values involved
};

// Whether an error is about layout only (how records are laid out on lines and in blocks),
// never about money, counts of records or totals. Readers keep delivering records and checking
// totals after such errors, and `tally ingest --override-layout` may accept a file whose only
// errors are these. One list for every reader (report.cpp).
bool is_layout_issue(std::string_view code, std::string_view field);

using FieldValue = std::variant<std::int64_t, std::string, bool>;

// Ordered name/value pairs: the report's "summary" and "declared" objects.
class Fields {
 public:
  void set(std::string name, FieldValue value);
  const FieldValue* find(std::string_view name) const;
  const std::vector<std::pair<std::string, FieldValue>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, FieldValue>> items_;
};

struct ParseReport {
  std::string format;  // "nacha", "bai2", "lockbox", "camt.053", "camt.054", "x9", "card"
  bool accepted = false;
  Fields summary;      // as computed from the records
  Fields declared;     // as the file's control records state
  std::vector<Issue> errors;
  std::vector<Issue> warnings;

  // Readers stop collecting after this many errors: one broken file must not fill memory.
  static constexpr std::size_t kMaxIssues = 1000;
  void error(Issue issue);
  void warning(Issue issue);
};

}  // namespace tally::formats
