// Finds card numbers (PANs) in free text and masks them to their last four digits, so a full
// card number never leaves a reader, whatever column or memo line it was typed into.
//
// A PAN here is 13-19 ASCII digits that pass the Luhn check, written either as one run of
// digits or as groups of digits joined by single separators of one kind (all spaces or all
// dashes: "4111 1111 1111 1111", "3782-822463-10005"; dots too when asked). A candidate is made of whole digit
// groups: digits glued to more digits are a longer number, not a PAN, so "0041111111111111111"
// (19 digits, Luhn-invalid) is left alone and so is any run of 20+ digits. A candidate whose
// first group is a 9-digit ABA routing number (valid check digit) is not a PAN: routing number
// plus account number is how bank details are written. Masking replaces every digit but the
// last four with '*' and keeps separators and all other bytes, so the text keeps its length
// and offsets: "4111 1111 1111 1111" -> "**** **** **** 1111".
//
// Cost is linear: each digit group starts at most one bounded (19-digit) look-ahead.
// The result is a fixed point: scanning masked text again finds nothing more.
// Pure functions; no allocation except the optional list of matches. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tally::formats {

struct PanOptions {
  // Also require the first digit to be a payment-card major industry identifier (ISO/IEC 7812:
  // 2 to 6; Visa 4, Mastercard 2/5, Amex/JCB/Diners 3, Discover/UnionPay 6). Readers of
  // processor files set this: processor references are often 16-digit numbers starting with
  // 8 or 9 (Adyen's PSP references), and one in ten of those passes Luhn by chance; masking
  // them would destroy the key that makes a settlement row unique.
  bool require_card_prefix = false;
  // Also take dots as separators ("4111.1111.1111.1111"), with at least two of them so that a
  // decimal amount ("12345678901.23") is never a card number. Off in the readers, whose fast
  // paths look for digits, blanks and dashes only; on in ingest's scrubber of every event.
  bool dot_separators = false;
  // Each group of digits has at least this many: 3 keeps dates ("2026-11-02-100008") and
  // other short-grouped numbers out; 13 takes only an unbroken run of digits.
  int min_group_digits = 1;
};

// Where a masked PAN sat: byte offset and length (separators included) in the text.
struct PanMatch {
  std::size_t offset = 0;
  std::size_t length = 0;
};

// Masks every PAN in `text` in place and returns how many were masked. When `where` is given,
// each match is appended to it, in text order.
std::size_t mask_pans(std::string& text, std::vector<PanMatch>* where = nullptr,
                      const PanOptions& options = {});

// Same scan without changing anything: the matches mask_pans would mask.
std::vector<PanMatch> find_pans(std::string_view text, const PanOptions& options = {});

// The Luhn (mod 10) check over a string of ASCII digits; false for anything else or empty.
bool luhn_valid(std::string_view digits);

// ABA routing number check digit (weights 3, 7, 1); false unless exactly 9 ASCII digits.
bool aba_routing_valid(std::string_view digits);

}  // namespace tally::formats
