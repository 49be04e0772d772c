// Autopay origination: the NACHA PPD debit file that takes what enrolled customers owe.
// `tally autopay generate` and POST /api/v1/autopay/generate (through node/autopay.h).
//
// The file has up to three batches: the regular debits and prenotes (the configured entry
// description), re-presented R01/R09 debits (REDEPOSIT) and return fees (RETURN FEE), as the
// NACHA Rules want each re-presentment and fee as an entry of its own.
//
// Why ingest/: the events the debits make are the ones the NACHA mapper makes of the file (a
// PaymentReceived per debit, each batch's DepositDeclared), so the books hold exactly what the
// bank is sent; the file is written by the formats/ writer; and the traces are recorded in
// ingest's file registry, where a return or a notification of change of one of these entries
// finds its account. Who owes what is the ledger's to say; ingest does not depend on the
// ledger, so the caller passes the entries due (node/autopay_plan.h decides them).
//
// Nothing posts when the file is written: the run is scheduled, with a copy of the file sealed
// under the files key, and posts on its effective date (autopay_settlement.h).
//
// One run per effective date: a second is refused (already_originated) and writes nothing,
// so the bank never gets a debit twice.
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
#include "ingest/sealing.h"

namespace tally::ingest {

// One entry to originate for a customer's mandate.
struct DueDebit {
  std::string account_id;         // the customer ("100117"): the entry's individual id
  std::string routing;            // the customer's bank: 9 digits with the check digit
  bool savings = false;           // else checking
  std::string holder_name;        // cut to the entry's 22 characters by the writer
  std::string account_sealed;     // the bank account number, sealed under IngestKeys::sealing
  std::int64_t amount_minor = 0;  // USD cents, > 0; 0 for a prenote
  OriginatedKind kind = OriginatedKind::debit;
  std::string represents;         // a redeposit or return fee: the returned entry's trace
  int presentment = 0;            // a redeposit: 1 or 2
  BusinessDate first_effective;   // a redeposit: the first presentation's effective date
  std::string mandate;            // a prenote: the mandate it checks (routing:last4)
};

struct OriginationRequest {
  BusinessDate effective_date;   // the batches' effective entry date: one run per date
  std::string path;              // where the file goes (for the bank); its folder is created
  std::string scheduled_dir;     // where the run's sealed copy waits for its effective date
  std::string user = "autopay";  // who runs it
  BusinessDate created_date = BusinessDate::today_utc();  // the file header's creation date
};

struct OriginationOutcome {
  std::string path;  // empty: nothing was due, no file written, nothing recorded
  std::string sha256;
  std::size_t entries = 0;       // every entry, prenotes included
  std::int64_t total_minor = 0;
  std::size_t redeposits = 0;
  std::size_t return_fees = 0;
  std::size_t prenotes = 0;
};

class AutopayOriginator {
 public:
  // `settings` (the utility as originator) and `keys` are copied; the registry must outlive
  // the originator.
  AutopayOriginator(AutopaySettings settings, FileRegistry& registry, IngestKeys keys)
      : settings_(std::move(settings)), registry_(registry), keys_(std::move(keys)) {}

  // Writes the file of `due` (each kind in its batch, in `due`'s order), checks it with the
  // NACHA reader, seals a copy into request.scheduled_dir and records its entries and run.
  // Errors (IngestErrc): already_originated for a second run of an effective date; bad_input
  // for an empty path, an amount not above zero (but a prenote's), a sealed account number that
  // does not open with this data folder's key, or a value the NACHA writer refuses (each naming
  // the account) — then nothing is written or recorded; refused if the written file fails its
  // own check; io and registry failures as they come.
  Result<OriginationOutcome> originate(const std::vector<DueDebit>& due,
                                       const OriginationRequest& request);

 private:
  AutopaySettings settings_;
  FileRegistry& registry_;
  IngestKeys keys_;
};

}  // namespace tally::ingest
