// The ledger's stored values use the shared value codec (core/value_codec.h).
#pragma once

#include "core/value_codec.h"

namespace tally::ledger {
using tally::ValueReader;
using tally::ValueWriter;
}  // namespace tally::ledger
