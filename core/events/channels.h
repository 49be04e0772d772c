// The channel names that clearing:<channel> and transit:<channel> carry (core/accounts.h),
// shared by the ledger's posting rules and the reconciler so both name an account the same.
// Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "core/events/codec.h"  // the schema's messages as tally::events names

namespace tally::events {

// "lockbox", "ach", "echeck", "card", "counter", "billpay"; "" when unspecified or unknown.
std::string_view channel_name(Channel channel);

// The channel a declared deposit settles: its own, or the one its kind implies (a drawer close
// is the counter's); "" when it has neither.
std::string_view deposit_channel(const DepositDeclared& deposit);

}  // namespace tally::events
