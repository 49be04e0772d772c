// A small X9 file builder for the tests: describe cash letters, bundles and items, get the
// records (ASCII text, control totals computed), tamper with them if the test wants, and
// encode them as ASCII or EBCDIC, length-prefixed or line-framed. Our own fixtures.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "formats/x9/reader.h"

namespace x9_test {

using namespace tally::formats::x9;

// Left-justified, blank-filled to `width` (cut if longer).
inline std::string alpha(const std::string& s, std::size_t width) {
  std::string out = s.substr(0, width);
  out.resize(width, ' ');
  return out;
}

// Right-justified, zero-filled.
inline std::string num(std::int64_t value, std::size_t width) {
  std::string digits = std::to_string(value);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

struct Rec {
  std::string text;   // ASCII: the record's text fields
  std::string image;  // 52 only: binary image bytes appended after the text
};

// Replaces positions first..last (1-based, inclusive) of a record's text.
inline void set_field(Rec& r, int first, int last, const std::string& value) {
  const auto begin = static_cast<std::size_t>(first - 1);
  const auto width = static_cast<std::size_t>(last - first + 1);
  if (r.text.size() < begin + width) r.text.resize(begin + width, ' ');
  r.text.replace(begin, width, alpha(value, width));
}

struct ItemSpec {
  int type = 25;  // 25 check, 31 return
  std::int64_t amount = 10000;
  char reason = 'A';    // 31 only
  std::string payor_routing = "031300012";  // 31 only: 8 digits and the check digit
  std::string on_us = "5558881";            // 31 only: account, '/', serial on a personal check
  int images = 1;       // 50 + 52 pairs
  bool addenda = true;  // 26 + 28 for checks, 32 + 33 + 35 for returns
  std::string image = std::string(
      "II*\0\n\r\x25\x15\xff"
      "01"
      "52",
      13);  // binary, with line ends
};

struct BundleSpec {
  std::vector<ItemSpec> items;
  std::vector<std::int64_t> credits;  // 61 records at the start of the bundle
};

struct CashLetterSpec {
  std::vector<BundleSpec> bundles;
};

struct FileSpec {
  std::vector<CashLetterSpec> letters;
  bool credits_in_totals = false;  // the credit total indicator in 70/90/99
};

// Check/return addenda and images for one item.
inline void add_item(std::vector<Rec>& out, const ItemSpec& item, int sequence) {
  const std::string seq = num(sequence, 15);
  if (item.type == 25) {
    out.push_back({"25" + alpha("", 15) + " " + "12200066" + "1" + alpha("1211-1234-56789/", 20) +
                       num(item.amount, 10) + seq + "G" + "D" + "1" + "Y" +
                       num(item.addenda ? 2 : 0, 2) + "0" + "B",
                   ""});
    if (item.addenda) {
      out.push_back({"26" + std::string("1") + "026073150" + "20261120" + seq +
                         alpha("987654321", 18) + alpha("", 5) + alpha("CITY WATER", 15) + "Y10" +
                         alpha("", 4),
                     ""});
      out.push_back({"28" + std::string("01") + "026073150" + "20261120" + seq + "Y10 " +
                         alpha("", 19) + " " + alpha("", 20),
                     ""});
    }
  } else {
    out.push_back({"31" + item.payor_routing + alpha(item.on_us, 20) +
                       num(item.amount, 10) + std::string(1, item.reason) +
                       num(item.addenda ? 3 : 0, 2) + "G" + "20261118" + seq + " " + "2" + "B" +
                       "0" + alpha("", 8),
                   ""});
    if (item.addenda) {
      out.push_back({"32" + std::string("1") + "121042882" + "20261118" + seq +
                         alpha("938383", 18) + alpha("", 5) + alpha("TEST PAYEE", 15) + "Y10" +
                         alpha("", 4),
                     ""});
      out.push_back({"33" + alpha("PAYOR BANK NAME", 18) + alpha("1234567891", 15) + seq +
                         "20261118" + alpha("PAYOR ACCOUNT NAME", 22),
                     ""});
      out.push_back({"35" + std::string("01") + "121042882" + "20261118" + seq + "Y10" +
                         std::string(1, item.reason) + alpha("", 19) + " " + alpha("", 20),
                     ""});
    }
  }
  for (int i = 0; i < item.images; ++i) {
    out.push_back({"50" + std::string("1") + "026073150" + "20261120" + "00" + "00" +
                       num(static_cast<std::int64_t>(item.image.size()), 7) +
                       std::to_string(i % 2) + "00" + "0" + "00" + alpha("", 5) + alpha("", 7) +
                       alpha("", 7) + "0" + alpha("", 8) + " " + "0" + alpha("", 13),
                   ""});
    out.push_back({"52" + std::string("026073150") + "20261120" + "01" + seq +
                       alpha("SEC ORIG", 16) + alpha("SEC AUTH", 16) + alpha("KEY", 16) + "0" +
                       alpha("", 16) + "0000" + "0    " +
                       num(static_cast<std::int64_t>(item.image.size()), 7),
                   item.image});
  }
}

// The whole file, control records computed from the spec.
inline std::vector<Rec> records(const FileSpec& file) {
  std::vector<Rec> out;
  const std::string cti = file.credits_in_totals ? "1" : "0";
  out.push_back({"01" + std::string("35") + "T" + "061000146" + "026073150" + "20261120" + "0911" +
                     "N" + alpha("FIRST BANK", 18) + alpha("CITY WATER", 18) + "1" + "US" +
                     alpha("", 4) + " ",
                 ""});
  std::int64_t file_items = 0, file_total = 0;
  int sequence = 0;
  for (const CashLetterSpec& letter : file.letters) {
    out.push_back({"10" + std::string("01") + "061000146" + "026073150" + "20261120" + "20261120" +
                       "0911" + "I" + "G" + alpha("CL1", 8) + alpha("CONTACT", 14) + "5551234567" +
                       "C" + "  " + " ",
                   ""});
    std::int64_t cl_items = 0, cl_total = 0, cl_images = 0;
    for (const BundleSpec& bundle : letter.bundles) {
      out.push_back({"20" + std::string("01") + "061000146" + "026073150" + "20261120" +
                         "20261120" + alpha("B1", 10) + "0001" + "01" + "026073150" + alpha("", 5) +
                         alpha("", 12),
                     ""});
      std::int64_t items = 0, total = 0, micr = 0, images = 0;
      for (std::int64_t credit : bundle.credits) {
        out.push_back({"61" + alpha("", 15) + " " + "026073150" + alpha("123456789", 20) +
                           num(credit, 10) + num(0, 15) + "G" + "1" + "3" + " " + "2" +
                           alpha("", 3),
                       ""});
        if (file.credits_in_totals) {
          ++items;
          total += credit;
        }
      }
      for (const ItemSpec& item : bundle.items) {
        add_item(out, item, ++sequence);
        ++items;
        total += item.amount;
        if (item.type == 25) micr += item.amount;
        images += item.images;
      }
      out.push_back({"70" + num(items, 4) + num(total, 12) + num(micr, 12) + num(images, 5) +
                         alpha("", 20) + cti + alpha("", 24),
                     ""});
      cl_items += items;
      cl_total += total;
      cl_images += images;
    }
    out.push_back({"90" + num(static_cast<std::int64_t>(letter.bundles.size()), 6) +
                       num(cl_items, 8) + num(cl_total, 14) + num(cl_images, 9) +
                       alpha("FIRST BANK", 18) + "20261121" + cti + alpha("", 14),
                   ""});
    file_items += cl_items;
    file_total += cl_total;
  }
  const auto count = static_cast<std::int64_t>(out.size()) + 1;
  out.push_back({"99" + num(static_cast<std::int64_t>(file.letters.size()), 6) + num(count, 8) +
                     num(file_items, 8) + num(file_total, 16) + alpha("CONTACT", 14) +
                     "5551234567" + cti + alpha("", 15),
                 ""});
  return out;
}

// One cash letter, one bundle, the given items.
inline FileSpec simple(std::vector<ItemSpec> items) {
  FileSpec f;
  f.letters.push_back(CashLetterSpec{{BundleSpec{std::move(items), {}}}});
  return f;
}

inline std::string to_ebcdic(const std::string& ascii) {
  // Code page 037 for the characters the builder writes.
  static const std::map<char, unsigned char> kTable = [] {
    std::map<char, unsigned char> t;
    for (char c = '0'; c <= '9'; ++c) t[c] = static_cast<unsigned char>(0xF0 + (c - '0'));
    const char* upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const unsigned char upper_codes[] = {0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9,
                                         0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9,
                                         0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9};
    for (int i = 0; i < 26; ++i) {
      t[upper[i]] = upper_codes[i];
      t[static_cast<char>(upper[i] + 32)] = static_cast<unsigned char>(upper_codes[i] - 0x40);
    }
    t[' '] = 0x40;
    t['-'] = 0x60;
    t['/'] = 0x61;
    t['.'] = 0x4B;
    return t;
  }();
  std::string out;
  for (char c : ascii) {
    auto it = kTable.find(c);
    out.push_back(static_cast<char>(it == kTable.end() ? 0x6F /* ? */ : it->second));
  }
  return out;
}

struct Encode {
  Encoding encoding = Encoding::kAscii;
  Framing framing = Framing::kLengthPrefixed;
  std::string line_end = "\n";  // for kLines; EBCDIC files may use "\x25"
};

inline std::string encode(const std::vector<Rec>& recs, const Encode& how = {}) {
  std::string out;
  for (const Rec& r : recs) {
    std::string bytes = how.encoding == Encoding::kEbcdic ? to_ebcdic(r.text) : r.text;
    bytes += r.image;
    if (how.framing == Framing::kLengthPrefixed) {
      const auto n = static_cast<std::uint32_t>(bytes.size());
      out.push_back(static_cast<char>((n >> 24) & 0xFF));
      out.push_back(static_cast<char>((n >> 16) & 0xFF));
      out.push_back(static_cast<char>((n >> 8) & 0xFF));
      out.push_back(static_cast<char>(n & 0xFF));
      out += bytes;
    } else {
      out += bytes;
      out += how.line_end;
    }
  }
  return out;
}

inline std::string build(const FileSpec& spec, const Encode& how = {}) {
  return encode(records(spec), how);
}

// Index of the first record of `type` (after `from`).
inline std::size_t find(const std::vector<Rec>& recs, const std::string& type,
                        std::size_t from = 0) {
  for (std::size_t i = from; i < recs.size(); ++i)
    if (recs[i].text.substr(0, 2) == type) return i;
  return recs.size();
}

inline bool has_error(const tally::formats::ParseReport& r, const std::string& code) {
  for (const auto& e : r.errors)
    if (e.code == code) return true;
  return false;
}

inline bool has_warning(const tally::formats::ParseReport& r, const std::string& code) {
  for (const auto& e : r.warnings)
    if (e.code == code) return true;
  return false;
}

inline std::int64_t field_int(const tally::formats::Fields& f, const std::string& name) {
  const auto* v = f.find(name);
  if (!v || !std::holds_alternative<std::int64_t>(*v)) return -999999;
  return std::get<std::int64_t>(*v);
}

inline std::string field_str(const tally::formats::Fields& f, const std::string& name) {
  const auto* v = f.find(name);
  if (!v || !std::holds_alternative<std::string>(*v)) return "?";
  return std::get<std::string>(*v);
}

inline std::string describe(const tally::formats::ParseReport& r) {
  std::string out;
  for (const auto& e : r.errors) out += "[" + e.code + "] " + e.field + ": " + e.message + "\n";
  for (const auto& e : r.warnings) out += "(warning " + e.code + ") " + e.message + "\n";
  return out;
}

}  // namespace x9_test
