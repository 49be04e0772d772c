#include "formats/nacha/change_codes.h"

#include "formats/nacha/fields.h"
#include "formats/nacha/transaction_codes.h"

namespace tally::formats::nacha {
namespace {

constexpr ChangeCodeInfo kCodes[] = {
    {"C01", "Incorrect DFI Account Number", false},
    {"C02", "Incorrect Routing Number", false},
    {"C03", "Incorrect Routing Number and Incorrect DFI Account Number", false},
    {"C04", "Incorrect Individual Name/Receiving Company Name", false},
    {"C05", "Incorrect Transaction Code", false},
    {"C06", "Incorrect DFI Account Number and Incorrect Transaction Code", false},
    {"C07",
     "Incorrect Routing Number, Incorrect DFI Account Number, and Incorrect "
     "Transaction Code",
     false},
    {"C08", "Incorrect Receiving DFI Identification (IAT only)", false},
    {"C09", "Incorrect Individual Identification Number", false},
    {"C13", "Addenda Format Error", false},
    {"C14", "Incorrect SEC Code for Outbound International Payment", false},
    {"C61", "Misrouted Notification of Change", true},
    {"C62", "Incorrect Trace Number", true},
    {"C63", "Incorrect Company Identification Number", true},
    {"C64", "Incorrect Individual Identification Number/Identification Number", true},
    {"C65", "Incorrectly Formatted Corrected Data", true},
    {"C66", "Incorrect Discretionary Data", true},
    {"C67", "Routing Number Not From Original Entry Detail Record", true},
    {"C68", "DFI Account Number Not From Original Entry Detail Record", true},
    {"C69", "Incorrect Transaction Code", true},
};

// Positions within the 29-character Corrected Data field (1-based, as Appendix Five gives).
std::string_view part(std::string_view data, std::size_t start, std::size_t length) {
  return data.substr(start - 1, length);
}

bool blank(std::string_view s) {
  return strip(s).empty();
}

bool routing_ok(std::string_view nine) {
  return routing_number_valid(nine);
}

bool transaction_code_ok(std::string_view two, int& out) {
  const auto v = digits_value(two);
  if (two.size() != 2 || !v) return false;
  out = static_cast<int>(*v);
  return classify_transaction_code(out).valid;
}

}  // namespace

std::span<const ChangeCodeInfo> all_change_codes() {
  return kCodes;
}

const ChangeCodeInfo* find_change_code(std::string_view code) {
  if (code.size() != 3 || code[0] != 'C') return nullptr;
  for (const auto& info : kCodes)
    if (info.code == code) return &info;
  return nullptr;
}

std::optional<CorrectedData> decode_corrected_data(std::string_view code, std::string_view data) {
  if (data.size() != 29) return std::nullopt;
  CorrectedData out;
  if (code == "C01") {  // account 1-17
    out.dfi_account_number = rtrim(part(data, 1, 17));
    if (out.dfi_account_number.empty() || !blank(part(data, 18, 12))) return std::nullopt;
  } else if (code == "C02") {  // routing 1-9
    out.routing_number = part(data, 1, 9);
    if (!routing_ok(out.routing_number) || !blank(part(data, 10, 20))) return std::nullopt;
  } else if (code == "C03") {  // routing 1-9, blanks 10-12, account 13-29
    out.routing_number = part(data, 1, 9);
    out.dfi_account_number = rtrim(part(data, 13, 17));
    if (!routing_ok(out.routing_number) || !blank(part(data, 10, 3)) ||
        out.dfi_account_number.empty())
      return std::nullopt;
  } else if (code == "C04") {  // name 1-22
    out.individual_name = rtrim(part(data, 1, 22));
    if (out.individual_name.empty() || !blank(part(data, 23, 7))) return std::nullopt;
  } else if (code == "C05") {  // transaction code 1-2
    if (!transaction_code_ok(part(data, 1, 2), out.transaction_code) || !blank(part(data, 3, 27)))
      return std::nullopt;
  } else if (code == "C06") {  // account 1-17, blanks 18-20, transaction code 21-22
    out.dfi_account_number = rtrim(part(data, 1, 17));
    if (out.dfi_account_number.empty() || !blank(part(data, 18, 3)) ||
        !transaction_code_ok(part(data, 21, 2), out.transaction_code) || !blank(part(data, 23, 7)))
      return std::nullopt;
  } else if (code == "C07") {  // routing 1-9, account 10-26, transaction code 27-28
    out.routing_number = part(data, 1, 9);
    out.dfi_account_number = rtrim(part(data, 10, 17));
    if (!routing_ok(out.routing_number) || out.dfi_account_number.empty() ||
        !transaction_code_ok(part(data, 27, 2), out.transaction_code))
      return std::nullopt;
  } else if (code == "C08") {  // foreign receiving DFI identification, left-justified
    out.rdfi_identification = rtrim(data);
    if (out.rdfi_identification.empty()) return std::nullopt;
  } else if (code == "C09") {  // individual identification number 1-22
    out.individual_id_number = rtrim(part(data, 1, 22));
    if (out.individual_id_number.empty() || !blank(part(data, 23, 7))) return std::nullopt;
  } else if (code == "C13") {  // addenda format error: nothing to correct in the entry
  } else if (code == "C14") {  // the SEC code the entry should have carried (IAT)
    out.standard_entry_class = part(data, 1, 3);
    if (blank(out.standard_entry_class) || !blank(part(data, 4, 26))) return std::nullopt;
  } else {
    return std::nullopt;
  }
  return out;
}

}  // namespace tally::formats::nacha
