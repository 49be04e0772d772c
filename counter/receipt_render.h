// The counter's printed papers: a customer's receipt, the receipt of a void, the drawer's
// deposit slip. Each as a small HTML page (the browser prints it; inline CSS, no scripts, no
// external resources, every text escaped) and as text for a 40-column receipt printer (every
// line at most kPaperColumns code points; long names wrap, amounts are right-aligned).
//
// Receipts speak the receipt's language (Receipt::language "es": Spanish, anything else:
// English). The deposit slip goes to the bank and is in English; its labels sit in the same
// per-language table, so a Spanish slip is one argument away.
//
// Money is printed from integer minor units (Money::to_display), never through floating point.
// Times are UTC ("2026-12-07 14:03 UTC"), from the step's recorded_at_us.
//
// Pure functions of their arguments; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "counter/session.h"

namespace tally::counter {

inline constexpr std::size_t kPaperColumns = 40;

struct ReceiptHeader {
  std::string office_name;  // "CITY UTILITY"
};

// The receipt as the customer takes it away; a voided receipt carries a VOID / ANULADO mark
// with who asked for the void and who approved it.
std::string receipt_html(const Session& session, const Receipt& receipt,
                         const ReceiptHeader& header);
std::string receipt_text(const Session& session, const Receipt& receipt,
                         const ReceiptHeader& header);

// The paper printed when a void is approved: what was given back, who asked, who approved,
// and why. A void still waiting for its supervisor prints as awaiting approval.
std::string void_receipt_html(const Session& session, const Receipt& receipt,
                              const ReceiptHeader& header);
std::string void_receipt_text(const Session& session, const Receipt& receipt,
                              const ReceiptHeader& header);

// The deposit slip of a closed session (Session::close->slip): cash by denomination, each
// check and money order, the totals. An open session has no slip: the page says so.
std::string deposit_slip_html(const Session& session, const ReceiptHeader& header);
std::string deposit_slip_text(const Session& session, const ReceiptHeader& header);

// "2026-12-07 14:03 UTC" from microseconds since the epoch.
std::string utc_minute_text(std::int64_t at_us);

}  // namespace tally::counter
