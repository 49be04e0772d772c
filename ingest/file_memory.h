// FileMemory: what accepting a file teaches the file registry, so that later files can be
// matched against it. Mappers add to it while they map; Intake writes it in the same synced
// registry write that records the file as ingested, so it is remembered exactly when the
// file's events are (a crash before that republishes the file and rebuilds the same memory).
//
// Two things are remembered:
// - Deposited checks (lockbox): a check's identity across files, check_key() (payer routing,
//   account and serial, keyed-hashed), with the account and payment it was posted to. An
//   X9.37 returned item carries the same three, so its return finds the payment and lands on
//   that payment's partition.
// - Declared deposits: per deposit reference (an ACH batch, a lockbox's day), the payments a
//   DepositDeclared already covered. A corrected re-send repeats some payments under the same
//   reference; the ledger posts each payment once (event ids), and the re-send's deposit must
//   declare only the money of the payments no earlier file declared, or the bank and the
//   clearing account would count the repeated ones twice.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/result.h"

namespace tally::ingest {

class FileRegistry;

struct DepositedCheck {
  std::string key;      // check_key(): "check:<keyed hash>:<serial>"
  std::string account;  // the customer it was posted to; empty: suspense
  EventId payment;
  std::int64_t amount_minor = 0;
  bool at_counter = false;  // taken at the counter (counter/), not deposited by a lockbox file
};

struct CoveredPayment {
  EventId payment;
  std::int64_t amount_minor = 0;
};

class FileMemory {
 public:
  // `registry` (may be null: nothing earlier is known) answers what earlier files declared.
  explicit FileMemory(const FileRegistry* registry) : registry_(registry) {}

  void deposited_check(DepositedCheck check) { checks_.push_back(std::move(check)); }

  // Of `items`, those that no earlier accepted file, and no earlier deposit of this file,
  // declared under `reference`; remembers them as declared now.
  Result<std::vector<CoveredPayment>> newly_covered(const std::string& reference,
                                                    const std::vector<CoveredPayment>& items);

  const std::vector<DepositedCheck>& checks() const { return checks_; }
  // Reference -> every payment id declared under it (earlier files' and this file's), sorted
  // and concatenated 16-byte ids: the registry's "deposits" value.
  const std::map<std::string, std::string>& declared() const { return declared_; }

 private:
  const FileRegistry* registry_;
  std::vector<DepositedCheck> checks_;
  std::map<std::string, std::string> declared_;
};

}  // namespace tally::ingest
