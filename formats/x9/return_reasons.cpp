#include "formats/x9/return_reasons.h"

namespace tally::formats::x9 {
namespace {

// Customer codes first: where a code is in both lists (I, Q, T, U, Y, 3-6) the customer
// meaning is the one a billing office acts on.
constexpr ReturnReason kReasons[] = {
    {'A', "NSF", "Not sufficient funds", false},
    {'B', "UCF", "Uncollected funds hold", false},
    {'C', "STOP PAYMENT", "Stop payment", false},
    {'D', "CLOSED ACCOUNT", "Closed account", false},
    {'E', "UTLA", "Unable to locate account", false},
    {'F', "FROZEN/BLOCKED", "Frozen or blocked account", false},
    {'G', "STALE DATED", "Stale dated", false},
    {'H', "POST DATED", "Post dated", false},
    {'I', "ENDORSE MISSING", "Endorsement missing", false},
    {'J', "ENDORSE IRREG", "Endorsement irregular", false},
    {'K', "SIG MISSING", "Signature(s) missing", false},
    {'L', "SIG IRREG", "Signature(s) irregular, suspected forgery", false},
    {'M', "NON-CASH ITEM", "Non-cash item (non-negotiable)", false},
    {'N', "ALTERED/FICT", "Altered or fictitious item, suspected counterfeit", false},
    {'O', "UNPROCESSABLE", "Unable to process", false},
    {'P', "OUTSIDE LIMIT", "Item outside of stated dollar amount limit", false},
    {'Q', "NOT AUTHORIZED", "Not authorized (includes drafts)", false},
    {'R', "BRANCH SOLD", "Branch or account sold (wrong bank)", false},
    {'S', "REFER TO MAKER", "Refer to maker", false},
    {'T', "NOT RE-PRESENT", "Item cannot be re-presented", false},
    {'U', "UNUSABLE IMAGE", "Unusable image", false},
    {'V', "FAIL SEC CHECK", "Image fails security check", true},
    {'W', "CANT DET AMT", "Cannot determine amount", false},
    {'X', "REFER TO IMAGE", "Refer to image: the reason is in the image of the item", false},
    {'Y', "DUPLICATE", "Duplicate presentment", false},
    {'Z', "FORGERY", "Forgery: an affidavit is available on request", false},
    {'0', "RESERVED", "Reserved for future use by X9", false},
    {'1', "NONCONF TIFF", "Does not conform with the X9.100-181 TIFF image format", true},
    {'2', "NONCONF UCD", "Does not conform to the Universal Companion Document (TR 47)", true},
    {'3', "WARRANTY BREACH", "Warranty breach (includes Rule 8 and 9 claims)", false},
    {'4', "RCC BREACH", "RCC warranty breach (Rule 8)", false},
    {'5', "FORGED BREACH", "Forged and counterfeit warranty breach (Rule 9)", false},
    {'6', "RETIRED RT", "Retired, ineligible or failed institution routing number", false},
    {'7', "RESERVED", "Reserved for future use by X9", false},
    {'8', "RESERVED", "Reserved for future use by X9", false},
    {'9', "RESERVED", "Reserved for future use by X9", false},
};

}  // namespace

std::optional<ReturnReason> find_return_reason(char code) {
  for (const ReturnReason& r : kReasons)
    if (r.code == code) return r;
  return std::nullopt;
}

}  // namespace tally::formats::x9
