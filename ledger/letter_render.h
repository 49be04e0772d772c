// The return letter a customer is sent when their payment comes back (an NSF return, a
// returned check, a card chargeback): what was returned, why in plain words, the fee charged,
// what to do now, and, when autopay was removed because of it, that it was. English or
// Spanish ("es": Spanish; anything else: English). A small HTML page for printing (inline CSS,
// no scripts, nothing external, every text escaped).
//
// Money is printed from integer minor units, never through floating point. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ledger/records.h"

namespace tally::ledger {

struct LetterContext {
  std::string office_name;      // who writes: "CITY UTILITY"
  std::string customer_name;    // empty: "Dear customer"
  std::string customer_id;      // the customer's account number, without "customer:"
  bool autopay_removed = false;  // this return ended the customer's autopay
  std::string language;          // "en" or "es"
};

std::string return_letter_html(const ReturnLetter& letter, const LetterContext& context);

// Many letters in one page to print, each starting on a sheet of its own (a day's letters for
// the mail). The page's language is `language`; each letter is in its context's.
struct AddressedLetter {
  ReturnLetter letter;
  LetterContext context;
};
std::string return_letters_html(const std::vector<AddressedLetter>& letters, std::string_view language);

// Why a payment came back, in plain words of the language: a NACHA return code ("R01"), a
// check return reason ("A"), or the processor's reason for a chargeback; the sender's own
// words when the code is not one Tally knows.
std::string return_reason_words(std::string_view code, std::string_view sender_reason, std::string_view language);

}  // namespace tally::ledger
