// Format detection from content, never from the file name: banks and processors name files
// whatever they like. detect() looks at the first bytes of a file (it reads at most
// kDetectBytes of what it is given) and names the reader that should parse it:
//
//   nacha        first record "101" (file header), 94-character records, or the whole file on
//                one line whose header carries the record size/blocking/format "094101"
//   bai2         "01," file header (or any "NN," record led file with '/' record ends)
//   lockbox      BAI lockbox: a "1" record then "2"/"5" records, digit-led lines, not NACHA
//   camt         XML whose namespace is ISO 20022 camt.05x (statements, notifications)
//   x9           X9.37 image cash letter: "01" file header after a 4-byte big-endian length
//                prefix (ASCII or EBCDIC), raw EBCDIC "01" (0xF0 0xF1), or line-delimited
//                ASCII records starting "01" + standard level + test/production indicator
//   card         CSV whose header row matches a card profile (formats/card/profile.h)
//   billing_csv  CSV header with account, bill_date, amount_due, due_date (bill_id optional)
//   autopay_csv  CSV header with account, routing, account_number (written in that order
//                by the billing system; any order is accepted, as its reader does)
//
// Detection is a heuristic over the head only: it picks a reader, and the reader decides
// whether the file is valid. Pure functions, thread-safe; never throws.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace tally::formats {

enum class Format { unknown, nacha, bai2, lockbox, camt, x9, card, billing_csv, autopay_csv };

inline constexpr std::size_t kDetectBytes = 8 * 1024;

Format detect(std::string_view head);

// "unknown", "nacha", "bai2", "lockbox", "camt", "x9", "card", "billing_csv", "autopay_csv".
std::string_view format_name(Format format);

// For `tally parse --format NAME`: the names above (not "unknown"), case-insensitive, plus
// common aliases: ach, bai, camt.053, camt.054, x937, x9.37, icl, billing, autopay.
std::optional<Format> format_from_name(std::string_view name);

}  // namespace tally::formats
