// One row of a card settlement or chargeback file, in the generic layout (README.md), whatever
// processor profile it was read through.
//
// Sign convention, from our side of the processor account: money coming to us is positive.
//   sale                 gross > 0 (or 0)       refund, chargeback   gross < 0 (or 0)
//   chargeback_reversal  gross > 0 (or 0)       fee                  gross 0, fees > 0, net < 0
//   payout               net = what the processor sent to our bank (positive for a deposit)
// `fees` is what the processor kept (positive = a cost to us), and always
// gross - fees == net, in `currency`.
//
// A record never holds a full card number: every field was PAN-masked before it got here,
// and `last_four` is exactly four digits or empty.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/business_date.h"
#include "core/money.h"

namespace tally::formats::card {

// kOther: a row the processor reports that is none of the others and that Tally does not post
// (a balance transfer, a reserve move, a deposit correction, ...): kept, summed into its batch
// (the payout includes it) and into the report's other_rows / other_minor, with a warning.
enum class RecordType { kSale, kRefund, kChargeback, kChargebackReversal, kFee, kPayout, kOther };

// "sale", "refund", "chargeback", "chargeback_reversal", "fee", "payout", "other": the generic
// names.
std::string_view record_type_name(RecordType type);
std::optional<RecordType> record_type_from_name(std::string_view name);

struct CardRecord {
  std::int64_t line = 0;    // physical line the row starts on
  std::int64_t record = 0;  // 1-based CSV record (the header row is record 1)

  std::string processor;  // "adyen", or the file's processor column
  std::string merchant;   // merchant account / MID at the processor
  std::string batch_id;   // settlement batch or payout id ("" if the file has none)
  BusinessDate settlement_date;
  std::optional<BusinessDate> deposit_date;
  RecordType type = RecordType::kSale;
  std::string processor_type;  // the type as the processor wrote it ("Settled", "Balancetransfer")
  std::string card_brand;      // "visa", "mc", ...
  std::string last_four;       // "" or 4 digits
  std::string auth_code;
  std::string processor_reference;     // the processor's payment reference
  std::string modification_reference;  // processor's reference of this row's event, if any
  std::string our_reference;           // the utility's customer account or invoice
  std::string reason_code;             // chargeback reason code
  std::string case_id;                 // chargeback case id

  Money gross = Money::zero(Currency::usd());
  Money fees = Money::zero(Currency::usd());
  Money net = Money::zero(Currency::usd());
  // The processing-currency amount when the payment was taken in another currency than it
  // settled in; gross is then net + fees in the settlement currency.
  std::optional<Money> original_gross;

  Currency currency() const { return net.currency(); }
};

}  // namespace tally::formats::card
