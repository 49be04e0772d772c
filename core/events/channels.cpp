#include "core/events/channels.h"

namespace tally::events {

std::string_view channel_name(Channel channel) {
  switch (channel) {
    case LOCKBOX:
      return "lockbox";
    case ACH:
      return "ach";
    case ECHECK:
      return "echeck";
    case CARD:
      return "card";
    case COUNTER:
      return "counter";
    case BILLPAY:
      return "billpay";
    default:
      return "";
  }
}

std::string_view deposit_channel(const DepositDeclared& deposit) {
  if (std::string_view named = channel_name(deposit.channel()); !named.empty()) return named;
  switch (deposit.kind()) {
    case DepositDeclared::DRAWER_CLOSE:
      return "counter";
    case DepositDeclared::LOCKBOX_BATCH:
    case DepositDeclared::LOCKBOX_TOTAL:
      return "lockbox";
    case DepositDeclared::CARD_PAYOUT:
      return "card";
    case DepositDeclared::ACH_SETTLEMENT:
      return "ach";
    default:
      return "";
  }
}

}  // namespace tally::events
