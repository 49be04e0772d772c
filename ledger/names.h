// Customers' names as their payments gave them, made findable: the text kept for display and
// the words a search matches. Names are free text from banks and people: control characters
// are dropped, spaces collapsed, and the length bounded; letters beyond ASCII are kept as
// they came (a search matches them byte for byte).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tally::ledger {

inline constexpr std::size_t kMaxNameBytes = 100;
inline constexpr std::size_t kMaxNameWords = 6;
inline constexpr std::size_t kMaxNameWordBytes = 40;

// The name as shown: no control characters, single spaces, trimmed, at most kMaxNameBytes
// (cut on a UTF-8 character boundary).
std::string payer_name_text(std::string_view raw);

// The words a name is found by: ASCII letters upper-cased, split at anything that is not a
// letter or digit (bytes above 0x7f count as letters), each cut to kMaxNameWordBytes, at most
// kMaxNameWords, none twice. Words of digits alone are left out: a number in a name is an
// account or a reference, found by those (and each would cost the index a key per customer).
// "O'Brien-Smith, ANA" -> O, BRIEN, SMITH, ANA; "PAYER 300001" -> PAYER.
std::vector<std::string> name_words(std::string_view name);

// True when every query word begins some word of the name ("ana smi" finds "Ana Smith").
bool name_matches(std::string_view name, const std::vector<std::string>& query_words);

}  // namespace tally::ledger
