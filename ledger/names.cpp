#include "ledger/names.h"

#include <algorithm>

namespace tally::ledger {
namespace {

bool word_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
}

// Cuts s to at most max bytes without splitting a UTF-8 character.
void cut_utf8(std::string& s, std::size_t max) {
  if (s.size() <= max) return;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
}

}  // namespace

std::string payer_name_text(std::string_view raw) {
  std::string out;
  out.reserve(std::min(raw.size(), kMaxNameBytes + 4));
  bool space = false;
  for (const char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(ch);
    if (out.size() > kMaxNameBytes + 4) break;
  }
  cut_utf8(out, kMaxNameBytes);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string> name_words(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  auto finish = [&] {
    cut_utf8(word, kMaxNameWordBytes);
    const bool digits_only = std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!word.empty() && !digits_only && std::find(words.begin(), words.end(), word) == words.end() &&
        words.size() < kMaxNameWords)
      words.push_back(word);
    word.clear();
  };
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (!word_byte(c)) {
      finish();
      continue;
    }
    word.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : ch);
  }
  finish();
  return words;
}

bool name_matches(std::string_view name, const std::vector<std::string>& query_words) {
  const std::vector<std::string> words = name_words(name);
  return std::all_of(query_words.begin(), query_words.end(), [&](const std::string& q) {
    return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return w.starts_with(q); });
  });
}

}  // namespace tally::ledger
