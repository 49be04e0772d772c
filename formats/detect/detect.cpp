#include "formats/detect/detect.h"

#include <array>
#include <string>
#include <vector>

#include "formats/card/profile.h"
#include "formats/common/text.h"

namespace tally::formats {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::size_t kNachaRecordChars = 94;
// NACHA file header positions 35-40 (1-based): record size "094", blocking factor "10",
// format code "1". Searched near there too, so a header with a stray byte still detects
// (the reader then says exactly what is wrong).
constexpr std::string_view kNachaHeaderMarker = "094101";
constexpr std::size_t kNachaMarkerAt = 34;
constexpr std::size_t kNachaMarkerSlack = 4;
constexpr std::size_t kX9PrefixBytes = 4;
constexpr std::uint32_t kX9MaxRecordBytes = 64 * 1024;
constexpr std::size_t kLockboxLinesChecked = 8;
constexpr unsigned char kEbcdicZero = 0xF0;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
unsigned char byte_at(std::string_view s, std::size_t i) {
  return static_cast<unsigned char>(s[i]);
}

std::string_view first_line(std::string_view text) {
  return text.substr(0, text.find_first_of("\r\n"));
}

// Up to `max` physical lines. A line the head cut short still has its first byte, which is
// all the checks below look at.
std::vector<std::string_view> head_lines(std::string_view text, std::size_t max) {
  std::vector<std::string_view> lines;
  LineSplitter splitter(text);
  std::string_view line;
  while (lines.size() < max && splitter.next(line)) lines.push_back(line);
  return lines;
}

// "01" + two-digit standard level + 'T'/'P', in ASCII or in EBCDIC (digits 0xF0-0xF9,
// 'T' 0xE3, 'P' 0xD7).
bool x9_file_header(std::string_view r) {
  if (r.size() < 5) return false;
  if (starts_with(r, "01") && is_digit(r[2]) && is_digit(r[3]) && (r[4] == 'T' || r[4] == 'P'))
    return true;
  const auto ebcdic_digit = [&](std::size_t i) {
    return byte_at(r, i) >= kEbcdicZero && byte_at(r, i) <= 0xF9;
  };
  return byte_at(r, 0) == kEbcdicZero && byte_at(r, 1) == 0xF1 && ebcdic_digit(2) &&
         ebcdic_digit(3) && (byte_at(r, 4) == 0xE3 || byte_at(r, 4) == 0xD7);
}

bool looks_x9(std::string_view head) {
  if (head.size() > kX9PrefixBytes) {
    std::uint32_t length = 0;
    for (std::size_t i = 0; i < kX9PrefixBytes; ++i) length = (length << 8) | byte_at(head, i);
    if (length >= 5 && length <= kX9MaxRecordBytes && x9_file_header(head.substr(kX9PrefixBytes)))
      return true;
  }
  return x9_file_header(head);
}

bool looks_camt(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() &&
         (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
    ++i;
  if (i == text.size() || text[i] != '<') return false;
  // The namespace is the format: urn:iso:std:iso:20022:tech:xsd:camt.053.001.02, ...
  return text.find("urn:iso:std:iso:20022:tech:xsd:camt.05") != std::string_view::npos;
}

bool looks_bai2(std::string_view text, std::string_view line) {
  if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) || line[2] != ',') return false;
  return starts_with(line, "01,") || text.find('/') != std::string_view::npos;
}

bool looks_nacha(std::string_view text, std::string_view line) {
  if (line.empty() || line[0] != '1') return false;
  const std::size_t marker = line.find(kNachaHeaderMarker);
  if (marker != std::string_view::npos && marker + kNachaMarkerSlack >= kNachaMarkerAt &&
      marker <= kNachaMarkerAt + kNachaMarkerSlack)
    return true;
  if (!starts_with(line, "101")) return false;
  if (line.size() == kNachaRecordChars) return true;
  // The whole file on one line: a multiple of 94 (when the head holds all of it).
  return line.size() == text.size() && line.size() % kNachaRecordChars == 0;
}

bool looks_lockbox(std::string_view text) {
  const auto lines = head_lines(text, kLockboxLinesChecked);
  if (lines.empty() || lines[0].size() < 2 || lines[0][0] != '1' || !is_digit(lines[0][1]))
    return false;
  // The record after the header is the service record (2) or a batch header (5); every
  // line is led by its record type digit.
  char second = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    if (!is_digit(lines[i][0])) return false;
    if (second == 0) second = lines[i][0];
  }
  return second == '2' || second == '5';
}

// The header row's names, lower-cased, trimmed and unquoted (simple split: headers of the
// CSV exports detected here hold no commas).
std::vector<std::string> csv_header_names(std::string_view line) {
  std::vector<std::string> names;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    std::string_view cell = trim(line.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"')
      cell = trim(cell.substr(1, cell.size() - 2));
    std::string name(cell);
    for (char& c : name)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    names.push_back(std::move(name));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return names;
}

bool has_all(const std::vector<std::string>& names, std::initializer_list<std::string_view> want) {
  for (std::string_view w : want) {
    bool found = false;
    for (const auto& n : names) found = found || n == w;
    if (!found) return false;
  }
  return true;
}

Format detect_csv(std::string_view text) {
  if (card::detect_profile(text) != nullptr) return Format::card;
  const auto names = csv_header_names(first_line(text));
  // Header names, not their order: the billing readers map columns by name.
  if (has_all(names, {"account", "routing", "account_number"})) return Format::autopay_csv;
  if (has_all(names, {"account", "bill_date", "amount_due", "due_date"}))
    return Format::billing_csv;
  return Format::unknown;
}

constexpr std::array<std::pair<std::string_view, Format>, 17> kNames = {{
    {"nacha", Format::nacha},
    {"ach", Format::nacha},
    {"bai2", Format::bai2},
    {"bai", Format::bai2},
    {"lockbox", Format::lockbox},
    {"camt", Format::camt},
    {"camt.053", Format::camt},
    {"camt.054", Format::camt},
    {"x9", Format::x9},
    {"x937", Format::x9},
    {"x9.37", Format::x9},
    {"icl", Format::x9},
    {"card", Format::card},
    {"billing_csv", Format::billing_csv},
    {"billing", Format::billing_csv},
    {"autopay_csv", Format::autopay_csv},
    {"autopay", Format::autopay_csv},
}};

}  // namespace

Format detect(std::string_view head) {
  head = head.substr(0, kDetectBytes);
  if (head.empty()) return Format::unknown;
  if (looks_x9(head)) return Format::x9;  // binary first: its prefix is not text
  std::string_view text = head;
  if (starts_with(text, kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  if (looks_camt(text)) return Format::camt;
  const std::string_view line = first_line(text);
  if (looks_bai2(text, line)) return Format::bai2;
  if (looks_nacha(text, line)) return Format::nacha;
  if (looks_lockbox(text)) return Format::lockbox;
  return detect_csv(text);
}

std::string_view format_name(Format format) {
  switch (format) {
    case Format::unknown:
      return "unknown";
    case Format::nacha:
      return "nacha";
    case Format::bai2:
      return "bai2";
    case Format::lockbox:
      return "lockbox";
    case Format::camt:
      return "camt";
    case Format::x9:
      return "x9";
    case Format::card:
      return "card";
    case Format::billing_csv:
      return "billing_csv";
    case Format::autopay_csv:
      return "autopay_csv";
  }
  return "unknown";
}

std::optional<Format> format_from_name(std::string_view name) {
  std::string lower(trim(name));
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  for (const auto& [n, f] : kNames)
    if (n == lower) return f;
  return std::nullopt;
}

}  // namespace tally::formats
