// What each completed element means, by section. Paths are matched from the element upwards
// (chain({kIBAN, kId, kAcct}) is .../Acct/Id/IBAN), so an element name that recurs in other
// places (Amt under AmtDtls, Cd under BkTxCd, Nm under PstlAdr) is only taken where it belongs.
#include <fmt/format.h>

#include "formats/camt/handler.h"

namespace tally::formats::camt {

void Handler::end_group_header_field(Tag tag, std::string_view value) {
  if (at(1) != Tag::kGrpHdr) return;
  if (tag == Tag::kMsgId) group_header_.message_id = std::string(value);
  if (tag == Tag::kCreDtTm) group_header_.creation_time = std::string(value);
}

void Handler::end_statement_field(Tag tag, std::string_view value) {
  Account& account = statement_.account;
  if (at(1) == statement_tag_) {
    switch (tag) {
      case Tag::kId:
        statement_.id = std::string(value);
        break;
      case Tag::kElctrncSeqNb:
        statement_.electronic_sequence = count("ElctrncSeqNb", value);
        if (!statement_.electronic_sequence) statement_valid_ = false;
        break;
      case Tag::kLglSeqNb:
        statement_.legal_sequence = count("LglSeqNb", value);
        if (!statement_.legal_sequence) statement_valid_ = false;
        break;
      case Tag::kCreDtTm:
        statement_.creation_time = std::string(value);
        statement_.creation_date = date("CreDtTm", value);
        if (!statement_.creation_date) statement_valid_ = false;
        break;
      default:
        break;
    }
    return;
  }
  if (chain({Tag::kIBAN, Tag::kId, Tag::kAcct})) {
    account.iban = std::string(value);
  } else if (chain({Tag::kId, Tag::kOthr, Tag::kId, Tag::kAcct})) {
    account.other_id = std::string(value);
  } else if (chain({Tag::kCcy, Tag::kAcct})) {
    account.currency = Currency::from_code(value);
    if (!account.currency) {
      error("unknown_currency", "Acct/Ccy",
            fmt::format("'{}' is not an ISO 4217 currency", value.substr(0, 16)));
      statement_valid_ = false;
    }
  } else if (chain({Tag::kNm, Tag::kOwnr, Tag::kAcct}) ||
             chain({Tag::kNm, Tag::kPty, Tag::kOwnr, Tag::kAcct})) {
    account.owner_name = std::string(value);
  } else if ((tag == Tag::kBIC || tag == Tag::kBICFI) &&
             chain({tag, Tag::kFinInstnId, Tag::kSvcr, Tag::kAcct})) {
    account.servicer_bic = std::string(value);
  }
}

void Handler::end_balance_field(Tag tag, std::string_view value) {
  if ((tag == Tag::kCd || tag == Tag::kPrtry) &&
      (chain({tag, Tag::kCdOrPrtry, Tag::kTp, Tag::kBal}) ||
       chain({tag, Tag::kTp, Tag::kBal}))) {  // version 1: Tp/Cd without CdOrPrtry
    balance_.type_code = std::string(value);
  } else if (chain({Tag::kAmt, Tag::kBal})) {
    if (auto m = amount("Bal/Amt", value))
      balance_.amount = *m;
    else
      balance_valid_ = false;
  } else if (chain({Tag::kCdtDbtInd, Tag::kBal})) {
    if (auto cd = credit_debit("Bal/CdtDbtInd", value))
      balance_.credit_debit = *cd;
    else
      balance_valid_ = false;
  } else if ((tag == Tag::kDt || tag == Tag::kDtTm) && chain({tag, Tag::kDt, Tag::kBal})) {
    balance_.date = date("Bal/Dt", value);
    if (!balance_.date) balance_valid_ = false;
  }
}

void Handler::end_summary_field(Tag tag, std::string_view value) {
  DeclaredCount* target = nullptr;
  const Tag group = at(1);
  if (group == Tag::kTtlNtries) target = &summary_.total;
  if (group == Tag::kTtlCdtNtries) target = &summary_.credits;
  if (group == Tag::kTtlDbtNtries) target = &summary_.debits;
  if (target && at(2) == Tag::kTxsSummry) {
    if (tag == Tag::kNbOfNtries) target->count = count("TxsSummry/NbOfNtries", value);
    if (tag == Tag::kSum) target->sum_scaled = scaled("TxsSummry/Sum", value);
    if (group == Tag::kTtlNtries && tag == Tag::kTtlNetNtryAmt)  // v2
      net_magnitude_ = scaled("TxsSummry/TtlNtries/TtlNetNtryAmt", value);
    if (group == Tag::kTtlNtries && tag == Tag::kCdtDbtInd)  // v2
      net_sign_ = credit_debit("TxsSummry/TtlNtries/CdtDbtInd", value);
    return;
  }
  // v3 and later: TtlNtries/TtlNetNtry/{Amt, CdtDbtInd}.
  if (chain({Tag::kAmt, Tag::kTtlNetNtry, Tag::kTtlNtries}))
    net_magnitude_ = scaled("TxsSummry/TtlNtries/TtlNetNtry/Amt", value);
  if (chain({Tag::kCdtDbtInd, Tag::kTtlNetNtry, Tag::kTtlNtries}))
    net_sign_ = credit_debit("TxsSummry/TtlNtries/TtlNetNtry/CdtDbtInd", value);
}

bool Handler::bank_code_field(Tag owner, std::string_view value, BankTransactionCode& code) {
  if (chain({Tag::kCd, Tag::kDomn, Tag::kBkTxCd, owner}))
    code.domain = std::string(value);
  else if (chain({Tag::kCd, Tag::kFmly, Tag::kDomn, Tag::kBkTxCd, owner}))
    code.family = std::string(value);
  else if (chain({Tag::kSubFmlyCd, Tag::kFmly, Tag::kDomn, Tag::kBkTxCd, owner}))
    code.sub_family = std::string(value);
  else if (chain({Tag::kCd, Tag::kPrtry, Tag::kBkTxCd, owner}))
    code.proprietary = std::string(value);
  else if (chain({Tag::kIssr, Tag::kPrtry, Tag::kBkTxCd, owner}))
    code.issuer = std::string(value);
  else
    return false;
  return true;
}

void Handler::end_entry_field(Tag tag, std::string_view value) {
  if (at(1) == Tag::kNtry) {
    switch (tag) {
      case Tag::kNtryRef:
        entry_.reference = std::string(value);
        break;
      case Tag::kAmt:
        entry_has_amount_ = true;
        if (auto m = amount("Ntry/Amt", value))
          entry_.amount = *m;
        else
          entry_valid_ = false;
        break;
      case Tag::kCdtDbtInd:
        entry_has_indicator_ = true;
        if (auto cd = credit_debit("Ntry/CdtDbtInd", value))
          entry_.credit_debit = *cd;
        else
          entry_valid_ = false;
        break;
      case Tag::kRvslInd:
        if (auto b = parse_bool(value)) {
          entry_.reversal = *b;
        } else {
          error("bad_indicator", "Ntry/RvslInd",
                fmt::format("RvslInd '{}' is not true or false", value.substr(0, 16)));
          entry_valid_ = false;
        }
        break;
      case Tag::kSts:  // v2-v7: the code is the element's text
        if (!value.empty()) entry_.status = std::string(value);
        break;
      case Tag::kAcctSvcrRef:
        entry_.account_servicer_ref = std::string(value);
        break;
      case Tag::kAddtlNtryInf:
        entry_.additional_info = std::string(value);
        break;
      default:
        break;
    }
    return;
  }
  if ((tag == Tag::kCd || tag == Tag::kPrtry) && chain({tag, Tag::kSts, Tag::kNtry})) {
    entry_.status = std::string(value);  // v8: Sts/Cd (or Sts/Prtry)
  } else if ((tag == Tag::kDt || tag == Tag::kDtTm) &&
             (at(1) == Tag::kBookgDt || at(1) == Tag::kValDt) && at(2) == Tag::kNtry) {
    const bool booking = at(1) == Tag::kBookgDt;
    auto d = date(booking ? "Ntry/BookgDt" : "Ntry/ValDt", value);
    if (!d) entry_valid_ = false;
    (booking ? entry_.booking_date : entry_.value_date) = d;
    if (tag == Tag::kDtTm) (booking ? entry_.booking_time : entry_.value_time) = std::string(value);
  } else {
    bank_code_field(Tag::kNtry, value, entry_.bank_transaction_code);
  }
}

void Handler::end_batch_field(Tag tag, std::string_view value) {
  if (at(1) != Tag::kBtch) return;
  switch (tag) {
    case Tag::kMsgId:
      batch_.message_id = std::string(value);
      break;
    case Tag::kPmtInfId:
      batch_.payment_info_id = std::string(value);
      break;
    case Tag::kNbOfTxs:
      batch_.transaction_count = count("Btch/NbOfTxs", value);
      if (!batch_.transaction_count) batch_valid_ = false;
      batch_declared_count_ = batch_.transaction_count;
      break;
    case Tag::kTtlAmt:
      batch_.total = amount("Btch/TtlAmt", value);
      if (!batch_.total) batch_valid_ = false;
      break;
    case Tag::kCdtDbtInd:
      batch_.credit_debit = credit_debit("Btch/CdtDbtInd", value);
      if (!batch_.credit_debit) batch_valid_ = false;
      break;
    default:
      break;
  }
}

void Handler::party_field(Tag tag, std::string_view value) {
  // Names: RltdPties/<party>/Nm (v2-v7) or RltdPties/<party>/Pty/Nm (v8).
  if (tag == Tag::kNm) {
    const bool v8 = at(1) == Tag::kPty;
    const Tag party = at(v8 ? 2 : 1);
    if (at(v8 ? 3 : 2) != Tag::kRltdPties) return;
    std::string* name = party == Tag::kDbtr        ? &transaction_.debtor_name
                        : party == Tag::kCdtr      ? &transaction_.creditor_name
                        : party == Tag::kUltmtDbtr ? &transaction_.ultimate_debtor_name
                        : party == Tag::kUltmtCdtr ? &transaction_.ultimate_creditor_name
                                                   : nullptr;
    if (name) *name = std::string(value);
    return;
  }
  // Accounts: RltdPties/DbtrAcct/Id/IBAN or .../Id/Othr/Id.
  const bool iban = chain({Tag::kIBAN, Tag::kId});
  const bool other = chain({Tag::kId, Tag::kOthr, Tag::kId});
  if (!iban && !other) return;
  const Tag account = at(iban ? 2 : 3);
  if (at(iban ? 3 : 4) != Tag::kRltdPties) return;
  if (account == Tag::kDbtrAcct && (iban || transaction_.debtor_account.empty()))
    transaction_.debtor_account = std::string(value);
  if (account == Tag::kCdtrAcct && (iban || transaction_.creditor_account.empty()))
    transaction_.creditor_account = std::string(value);
}

void Handler::end_transaction_field(Tag tag, std::string_view value) {
  TransactionDetails& tx = transaction_;
  if (at(1) == Tag::kRefs && at(2) == Tag::kTxDtls) {
    switch (tag) {
      case Tag::kMsgId:
        tx.message_id = std::string(value);
        break;
      case Tag::kAcctSvcrRef:
        tx.account_servicer_ref = std::string(value);
        break;
      case Tag::kPmtInfId:
        tx.payment_info_id = std::string(value);
        break;
      case Tag::kInstrId:
        tx.instruction_id = std::string(value);
        break;
      case Tag::kEndToEndId:
        tx.end_to_end_id = std::string(value);
        break;
      case Tag::kTxId:
        tx.transaction_id = std::string(value);
        break;
      case Tag::kMndtId:
        tx.mandate_id = std::string(value);
        break;
      case Tag::kChqNb:
        tx.cheque_number = std::string(value);
        break;
      default:
        break;
    }
    return;
  }
  if (at(1) == Tag::kTxDtls) {
    if (tag == Tag::kAmt) {
      tx_amount_ = amount("TxDtls/Amt", value);
      if (!tx_amount_) transaction_valid_ = false;
    } else if (tag == Tag::kCdtDbtInd) {
      tx.credit_debit = credit_debit("TxDtls/CdtDbtInd", value);
      if (!tx.credit_debit) transaction_valid_ = false;
    } else if (tag == Tag::kAddtlTxInf) {
      tx.additional_info = std::string(value);
    }
    return;
  }
  if (chain({Tag::kAmt, Tag::kTxAmt, Tag::kAmtDtls, Tag::kTxDtls})) {
    tx_amount_details_ = amount("TxDtls/AmtDtls/TxAmt/Amt", value);
    if (!tx_amount_details_) transaction_valid_ = false;
  } else if (chain({Tag::kAmt, Tag::kInstdAmt, Tag::kAmtDtls, Tag::kTxDtls})) {
    tx_amount_instructed_ = amount("TxDtls/AmtDtls/InstdAmt/Amt", value);
    if (!tx_amount_instructed_) transaction_valid_ = false;
  } else if (chain({Tag::kUstrd, Tag::kRmtInf, Tag::kTxDtls})) {
    repeat(tx.unstructured, "RmtInf/Ustrd", value);
  } else if (chain({Tag::kRef, Tag::kCdtrRefInf, Tag::kStrd, Tag::kRmtInf}) ||
             chain({Tag::kNb, Tag::kRfrdDocInf, Tag::kStrd, Tag::kRmtInf})) {
    repeat(tx.structured_references, "RmtInf/Strd", value);
  } else if ((tag == Tag::kCd || tag == Tag::kPrtry) && chain({tag, Tag::kRsn, Tag::kRtrInf})) {
    if (!tx.return_info) tx.return_info.emplace();
    (tag == Tag::kCd ? tx.return_info->reason_code : tx.return_info->reason_proprietary) =
        std::string(value);
  } else if (chain({Tag::kAddtlInf, Tag::kRtrInf, Tag::kTxDtls})) {
    if (!tx.return_info) tx.return_info.emplace();
    repeat(tx.return_info->additional_info, "RtrInf/AddtlInf", value);
  } else if (!bank_code_field(Tag::kTxDtls, value, tx.bank_transaction_code)) {
    party_field(tag, value);
  }
}

}  // namespace tally::formats::camt
