// Text made safe for HTML element content and attribute values, for every page and paper Tally
// renders (receipts, slips, reports, the web's pages): & < > " ' become entities; a control
// character (but tab) becomes U+FFFD, so nothing typed or received can end an element or an
// attribute, or start one. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace tally {

std::string html_escape(std::string_view text);

}  // namespace tally
