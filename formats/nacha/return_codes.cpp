#include "formats/nacha/return_codes.h"

namespace tally::formats::nacha {
namespace {

constexpr ReturnKind R = ReturnKind::kReturn;
constexpr ReturnKind D = ReturnKind::kDishonored;
constexpr ReturnKind C = ReturnKind::kContested;

// Titles follow the Operating Rules' wording (shortened where the Rules run long).
constexpr ReturnCodeInfo kCodes[] = {
    {"R01", "Insufficient Funds", R},
    {"R02", "Account Closed", R},
    {"R03", "No Account/Unable to Locate Account", R},
    {"R04", "Invalid Account Number Structure", R},
    {"R05", "Unauthorized Debit to Consumer Account Using Corporate SEC Code", R},
    {"R06", "Returned per ODFI's Request", R},
    {"R07", "Authorization Revoked by Customer", R},
    {"R08", "Payment Stopped", R},
    {"R09", "Uncollected Funds", R},
    {"R10", "Customer Advises Not Authorized, Improper, Ineligible, or Incomplete", R},
    {"R11", "Customer Advises Entry Not in Accordance with the Terms of the Authorization", R},
    {"R12", "Account Sold to Another DFI", R},
    {"R13", "Invalid ACH Routing Number", R},
    {"R14", "Representative Payee Deceased or Unable to Continue in That Capacity", R},
    {"R15", "Beneficiary or Account Holder (Other Than a Representative Payee) Deceased", R},
    {"R16", "Account Frozen/Entry Returned per OFAC Instruction", R},
    {"R17",
     "File Record Edit Criteria/Entry with Invalid Account Number Initiated Under "
     "Questionable Circumstances",
     R},
    {"R18", "Improper Effective Entry Date", R},
    {"R19", "Amount Field Error", R},
    {"R20", "Non-Transaction Account", R},
    {"R21", "Invalid Company Identification", R},
    {"R22", "Invalid Individual ID Number", R},
    {"R23", "Credit Entry Refused by Receiver", R},
    {"R24", "Duplicate Entry", R},
    {"R25", "Addenda Error", R},
    {"R26", "Mandatory Field Error", R},
    {"R27", "Trace Number Error", R},
    {"R28", "Routing Number Check Digit Error", R},
    {"R29", "Corporate Customer Advises Not Authorized", R},
    {"R30", "RDFI Not Participant in Check Truncation Program", R},
    {"R31", "Permissible Return Entry (CCD and CTX only)", R},
    {"R32", "RDFI Non-Settlement", R},
    {"R33", "Return of XCK Entry", R},
    {"R34", "Limited Participation DFI", R},
    {"R35", "Return of Improper Debit Entry", R},
    {"R36", "Return of Improper Credit Entry", R},
    {"R37", "Source Document Presented for Payment", R},
    {"R38", "Stop Payment on Source Document", R},
    {"R39", "Improper Source Document/Source Document Presented for Payment", R},
    {"R40", "Return of ENR Entry by Federal Government Agency", R},
    {"R41", "Invalid Transaction Code (ENR only)", R},
    {"R42", "Routing Number/Check Digit Error (ENR only)", R},
    {"R43", "Invalid DFI Account Number (ENR only)", R},
    {"R44", "Invalid Individual ID Number/Identification Number (ENR only)", R},
    {"R45", "Invalid Individual Name/Company Name (ENR only)", R},
    {"R46", "Invalid Representative Payee Indicator (ENR only)", R},
    {"R47", "Duplicate Enrollment (ENR only)", R},
    {"R50", "State Law Affecting RCK Acceptance", R},
    {"R51", "Item Related to RCK Entry is Ineligible or RCK Entry is Improper", R},
    {"R52", "Stop Payment on Item Related to RCK Entry", R},
    {"R53", "Item and RCK Entry Presented for Payment", R},
    {"R61", "Misrouted Return", D},
    {"R62", "Return of Erroneous or Reversing Debit", D},
    {"R67", "Duplicate Return", D},
    {"R68", "Untimely Return", D},
    {"R69", "Field Error(s)", D},
    {"R70", "Permissible Return Entry Not Accepted/Return Not Requested by ODFI", D},
    {"R71", "Misrouted Dishonored Return", C},
    {"R72", "Untimely Dishonored Return", C},
    {"R73", "Timely Original Return", C},
    {"R74", "Corrected Return", C},
    {"R75", "Return Not a Duplicate", C},
    {"R76", "No Errors Found", C},
    {"R77", "Non-Acceptance of R62 Dishonored Return", C},
    {"R80", "IAT Entry Coding Error", R},
    {"R81", "Non-Participant in IAT Program", R},
    {"R82", "Invalid Foreign Receiving DFI Identification", R},
    {"R83", "Foreign Receiving DFI Unable to Settle", R},
    {"R84", "Entry Not Processed by Gateway", R},
    {"R85", "Incorrectly Coded Outbound International Payment", R},
};

}  // namespace

std::span<const ReturnCodeInfo> all_return_codes() {
  return kCodes;
}

const ReturnCodeInfo* find_return_code(std::string_view code) {
  if (code.size() != 3 || code[0] != 'R') return nullptr;
  for (const auto& info : all_return_codes())
    if (info.code == code) return &info;
  return nullptr;
}

}  // namespace tally::formats::nacha
