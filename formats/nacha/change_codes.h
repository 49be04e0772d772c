// NACHA change codes for notifications of change (Operating Rules, Appendix Five): C01-C09,
// C13, C14, and the codes an ODFI uses to refuse an NOC (C61-C69), with the decoding of the
// 29-character Corrected Data field into the values the originator must update.
// Static tables; thread-safe. Decoded views point into the caller's `data`.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace tally::formats::nacha {

struct ChangeCodeInfo {
  std::string_view code;   // "C01"
  std::string_view title;  // "Incorrect DFI Account Number"
  bool refused;            // C61-C69: a refused NOC (the addenda uses the refused layout)
};

// nullptr when `code` is not a defined change code.
const ChangeCodeInfo* find_change_code(std::string_view code);
std::span<const ChangeCodeInfo> all_change_codes();

// What a notification of change corrects. Only the fields the change code names are set.
struct CorrectedData {
  std::string_view routing_number;        // C02, C03, C07: 9 digits with a valid check digit
  std::string_view dfi_account_number;    // C01, C03, C06, C07
  int transaction_code = 0;               // C05, C06, C07 (0: not corrected)
  std::string_view individual_name;       // C04 (individual or receiving company name)
  std::string_view individual_id_number;  // C09
  std::string_view rdfi_identification;   // C08 (IAT: foreign receiving DFI identification)
  std::string_view standard_entry_class;  // C14
};

// Decodes the Corrected Data field (`data`, 29 characters) laid out as `change_code`
// (C01-C14) requires. nullopt if the data does not have that layout: a required part blank,
// a routing number failing its check digit, a transaction code the Rules do not define.
std::optional<CorrectedData> decode_corrected_data(std::string_view change_code,
                                                   std::string_view data);

}  // namespace tally::formats::nacha
