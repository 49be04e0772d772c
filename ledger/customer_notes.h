// What the books know of one customer besides their postings, for the account page: the name
// their payments came with, the notices of change the bank sent for their account, the
// return letters owed to them, and their autopay mandate.
//
// Threads: any, beside the apply loop.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "ledger/ledger.h"
#include "ledger/records.h"

namespace tally::ledger {

// A notice of change's journal entry; the notice itself is the event at `position` in the log.
struct NoticeEntry {
  EventId event_id;
  PartitionId partition;
  EntrySequence sequence;
  BusinessDate business_date;
  LogPosition position;
};

struct NumberedLetter {
  PartitionId partition;
  std::uint64_t number = 0;  // the letter's number in its partition
  ReturnLetter letter;
};

struct CustomerNotes {
  std::string name;  // empty when no payment gave one
  std::vector<NoticeEntry> notices;    // oldest first
  std::vector<NumberedLetter> letters;  // oldest first
  std::optional<AutopayState> autopay;  // none when the account never had a mandate
};

// account: "customer:<id>". At most kMaxQueryLimit notices and letters each.
Result<CustomerNotes> customer_notes(const Ledger& ledger, std::string_view account);

// The letter written for the return `return_id` of `account`; nullopt when there is none.
Result<std::optional<NumberedLetter>> letter_for_return(const Ledger& ledger, std::string_view account,
                                                        const EventId& return_id);

}  // namespace tally::ledger
