// The shared conformance corpus (../shared/corpus, beside the repository): its expected.tsv
// rows and files, read in place and never copied into the repo. One reader for every corpus
// test. A test whose corpus is missing says so with WARN and returns.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace tally::testing {

struct CorpusRow {
  std::string path;    // relative to corpus_dir()
  std::string format;  // nacha, bai2, lockbox, camt, x9
  std::string expect;  // accept, reject, no-crash
  std::string claims;  // "name=value name=value": totals the file declares
  std::string note;
};

inline std::string corpus_dir() {
  const char* source = std::getenv("TALLY_SOURCE_DIR");
  return std::string(source ? source : ".") + "/../shared/corpus";
}

inline bool corpus_present() { return static_cast<bool>(std::ifstream(corpus_dir() + "/expected.tsv")); }

inline std::vector<std::string> split_on(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(text);
  while (std::getline(in, cell, separator)) out.push_back(cell);
  if (!text.empty() && text.back() == separator) out.emplace_back();
  return out;
}

// The rows of one format (every row when `format` is empty), in file order.
inline std::vector<CorpusRow> corpus_rows(const std::string& format = "") {
  std::vector<CorpusRow> rows;
  std::ifstream in(corpus_dir() + "/expected.tsv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto cols = split_on(line, '\t');
    if (cols.size() < 3 || (!format.empty() && cols[1] != format)) continue;
    rows.push_back({cols[0], cols[1], cols[2], cols.size() > 3 ? cols[3] : "", cols.size() > 4 ? cols[4] : ""});
  }
  return rows;
}

// "batches=5 debit_minor=100" -> {{"batches", 5}, {"debit_minor", 100}}
inline std::vector<std::pair<std::string, std::int64_t>> parse_claims(const std::string& claims) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const std::string& claim : split_on(claims, ' ')) {
    const auto eq = claim.find('=');
    if (eq != std::string::npos) out.emplace_back(claim.substr(0, eq), std::stoll(claim.substr(eq + 1)));
  }
  return out;
}

inline std::string read_corpus_file(const std::string& path) {
  std::ifstream in(corpus_dir() + "/" + path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace tally::testing
