// Autopay origination: the NACHA PPD debit file that takes what enrolled customers owe, and
// the events it makes. `tally autopay generate` (through node/autopay.h) and, when it comes,
// the HTTP API call it.
//
// Why ingest/: the events origination creates are the ones the NACHA mapper makes of the
// debit file (a PaymentReceived per debit, the batch's DepositDeclared), so the books hold
// exactly what the bank is sent; the file is written by the formats/ writer (ingest depends on
// core and formats); and the traces are recorded in ingest's file registry, where a return or
// a notification of change of one of these entries finds its account. Who owes what is the
// ledger's to say (ledger::mandates_due); ingest does not depend on the ledger, so the caller
// passes the debits due (node/autopay.h joins the two).
//
// One run per effective date: a second is refused (already_originated) and writes nothing,
// so the bank never gets a debit twice. The caller posts what was published (its apply loop
// or post_pending).
//
// Threads: one origination at a time per Intake (intake.h); not to run beside the intake's
// other work on the same Intake.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/config.h"
#include "core/result.h"
#include "ingest/file_registry.h"
#include "ingest/intake.h"

namespace tally::ingest {

// One customer's debit: an enrolled account with a balance due.
struct DueDebit {
  std::string account_id;         // the customer ("100117"): the entry's individual id
  std::string routing;            // the customer's bank: 9 digits with the check digit
  bool savings = false;           // else checking
  std::string holder_name;        // cut to the entry's 22 characters by the writer
  std::string account_sealed;     // the bank account number, sealed under IngestKeys::sealing
  std::int64_t amount_minor = 0;  // USD cents, > 0
};

struct OriginationRequest {
  BusinessDate effective_date;   // the batch's effective entry date: one run per date
  std::string path;              // where the file goes (for the bank); its folder is created
  std::string user = "autopay";  // who runs it: recorded with the ingested file
  BusinessDate created_date = BusinessDate::today_utc();  // the file header's creation date
};

struct OriginationOutcome {
  std::string path;  // empty: nothing was due, no file written, nothing recorded
  std::string sha256;
  std::size_t entries = 0;
  std::int64_t total_minor = 0;
  IngestOutcome ingested;  // the file's events as the intake published them
};

class AutopayOriginator {
 public:
  // `settings` (the utility as originator) and `sealing_key` are copied; the registry and the
  // intake must outlive the originator.
  AutopayOriginator(AutopaySettings settings, FileRegistry& registry, Intake& intake,
                    std::string sealing_key)
      : settings_(std::move(settings)),
        registry_(registry),
        intake_(intake),
        sealing_key_(std::move(sealing_key)) {}

  // Writes the file of `due` (in that order), records its entries and run, and publishes
  // its events through the intake. Errors (IngestErrc): already_originated for a second run
  // of an effective date; bad_input for an empty path, an amount not above zero, a sealed
  // account number that does not open with this data folder's key, or a value the NACHA
  // writer refuses (each naming the account) — then nothing is written or recorded; io,
  // registry and publish failures as they come; refused if the written file fails its own
  // check.
  Result<OriginationOutcome> originate(const std::vector<DueDebit>& due,
                                       const OriginationRequest& request);

 private:
  AutopaySettings settings_;
  FileRegistry& registry_;
  Intake& intake_;
  std::string sealing_key_;
};

}  // namespace tally::ingest
