// Typed records of an ISO 20022 bank-to-customer cash management message: camt.053 (statement),
// camt.054 (debit/credit notification) and camt.052 (account report), message versions 2-8.
//
// The reader (formats/camt/reader.h) hands these to a Visitor one at a time while it streams
// the document; it never keeps a file's entries. Amounts are exact tally::Money (integer minor
// units of the ISO 4217 currency in the element's Ccy attribute), never floating point. Text
// fields are UTF-8 as the document carries them, each at most Limits::max_text_bytes long.
// Optional fields the document leaves out are empty strings or std::nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/money.h"

namespace tally::formats::camt {

// Which message the document's namespace names.
enum class MessageKind {
  kAccountReport,  // camt.052, BkToCstmrAcctRpt / Rpt
  kStatement,      // camt.053, BkToCstmrStmt / Stmt
  kNotification,   // camt.054, BkToCstmrDbtCdtNtfctn / Ntfctn
};

struct MessageId {
  MessageKind kind = MessageKind::kStatement;
  int version = 0;  // the "NN" of camt.05x.001.NN
  std::string namespace_uri;
  std::string format() const;  // "camt.053", "camt.054", "camt.052"
};

enum class CreditDebit { kCredit, kDebit };  // CRDT / DBIT

// GrpHdr: one per document.
struct GroupHeader {
  std::string message_id;     // MsgId
  std::string creation_time;  // CreDtTm as written (ISO date-time)
};

// Acct of a statement, notification or report.
struct Account {
  std::string iban;                  // Id/IBAN
  std::string other_id;              // Id/Othr/Id, when the account has no IBAN
  std::optional<Currency> currency;  // Ccy
  std::string owner_name;            // Ownr/Nm (v8: Ownr/Nm as well; Pty/Nm accepted)
  std::string servicer_bic;          // Svcr/FinInstnId/BIC or BICFI
};

// Stmt (053), Ntfctn (054) or Rpt (052): its own fields, reported before its balances and
// entries. `ordinal` counts them from 1 within the document.
struct Statement {
  MessageKind kind = MessageKind::kStatement;
  std::int64_t ordinal = 0;
  std::string id;                                   // Id
  std::optional<std::int64_t> electronic_sequence;  // ElctrncSeqNb
  std::optional<std::int64_t> legal_sequence;       // LglSeqNb
  std::string creation_time;                        // CreDtTm as written
  std::optional<BusinessDate> creation_date;        // its date part
  Account account;
};

// Bal: a balance of the statement's account.
struct Balance {
  std::string type_code;  // Tp/CdOrPrtry/Cd (OPBD, CLBD, OPAV, CLAV, PRCD, ITBD, ...) or Prtry
  Money amount = Money::zero(Currency::usd());  // as written: never negative
  CreditDebit credit_debit = CreditDebit::kCredit;
  std::optional<BusinessDate> date;  // Dt/Dt, or the date part of Dt/DtTm
  // Amount with its sign: debit balances are negative. Checked: amounts are non-negative.
  std::int64_t signed_minor() const;
};

// BkTxCd: the bank transaction code, ISO (domain/family/sub-family) and/or proprietary.
struct BankTransactionCode {
  std::string domain;       // Domn/Cd, "PMNT"
  std::string family;       // Domn/Fmly/Cd, "RCDT"
  std::string sub_family;   // Domn/Fmly/SubFmlyCd, "BOOK"
  std::string proprietary;  // Prtry/Cd
  std::string issuer;       // Prtry/Issr
};

// Ntry: one booked (or pending) movement on the account. Reported once its own fields are
// read (before its details) and again, complete, when it ends (on_entry_end).
struct Entry {
  std::int64_t ordinal = 0;                     // 1-based within the document
  std::string reference;                        // NtryRef
  Money amount = Money::zero(Currency::usd());  // Amt with Ccy; never negative
  CreditDebit credit_debit = CreditDebit::kCredit;
  bool reversal = false;  // RvslInd: true reverses an earlier entry
  std::string status;     // Sts (v2-v7 text) or Sts/Cd (v8+): BOOK, PDNG, INFO; or Sts/Prtry
  std::optional<BusinessDate> booking_date;  // BookgDt/Dt or the date of BookgDt/DtTm
  std::optional<BusinessDate> value_date;    // ValDt/Dt or the date of ValDt/DtTm
  std::string booking_time;                  // BookgDt/DtTm as written, when given
  std::string value_time;                    // ValDt/DtTm as written, when given
  std::string account_servicer_ref;          // AcctSvcrRef: the bank's reference
  BankTransactionCode bank_transaction_code;
  std::string additional_info;        // AddtlNtryInf (known only at on_entry_end)
  std::int64_t signed_minor() const;  // credits positive, debits negative
};

// NtryDtls/Btch: batch booking details.
struct Batch {
  std::string message_id;                         // MsgId
  std::string payment_info_id;                    // PmtInfId
  std::optional<std::int64_t> transaction_count;  // NbOfTxs
  std::optional<Money> total;                     // TtlAmt
  std::optional<CreditDebit> credit_debit;        // CdtDbtInd
};

// RtrInf: why a payment came back.
struct ReturnInfo {
  std::string reason_code;                   // Rsn/Cd (ISO external code, e.g. AC04, AM04, MS03)
  std::string reason_proprietary;            // Rsn/Prtry
  std::vector<std::string> additional_info;  // AddtlInf, at most Limits::max_repeats
};

// TxDtls: one underlying transaction of an entry.
struct TransactionDetails {
  std::int64_t entry_ordinal = 0;  // the Entry this belongs to
  std::int64_t ordinal = 0;        // 1-based within the entry
  // Refs
  std::string message_id;            // MsgId
  std::string account_servicer_ref;  // AcctSvcrRef
  std::string payment_info_id;       // PmtInfId
  std::string instruction_id;        // InstrId
  std::string end_to_end_id;         // EndToEndId
  std::string transaction_id;        // TxId
  std::string mandate_id;            // MndtId
  std::string cheque_number;         // ChqNb
  // Amount: Amt (v3+), else AmtDtls/TxAmt/Amt, else AmtDtls/InstdAmt/Amt.
  std::optional<Money> amount;
  std::optional<CreditDebit> credit_debit;  // CdtDbtInd (v3+)
  BankTransactionCode bank_transaction_code;
  // RltdPties: names (Nm, or Pty/Nm from v8) and accounts (IBAN or Othr/Id).
  std::string debtor_name;
  std::string creditor_name;
  std::string ultimate_debtor_name;
  std::string ultimate_creditor_name;
  std::string debtor_account;
  std::string creditor_account;
  // RmtInf: Ustrd lines; Strd references (CdtrRefInf/Ref and RfrdDocInf/Nb).
  std::vector<std::string> unstructured;           // at most Limits::max_repeats
  std::vector<std::string> structured_references;  // at most Limits::max_repeats
  std::optional<ReturnInfo> return_info;
  std::string additional_info;  // AddtlTxInf
};

// TxsSummry as the document states it; checked against the entries at the statement's end.
// Sums are decimal amounts without a currency, kept exactly as scaled integers.
struct DeclaredCount {
  std::optional<std::int64_t> count;       // NbOfNtries
  std::optional<std::int64_t> sum_scaled;  // Sum x 10^kSumScale
};
struct TransactionsSummary {
  static constexpr int kSumScale = 5;      // ISO 20022 amounts carry at most 5 fraction digits
  DeclaredCount total;                     // TtlNtries
  DeclaredCount credits;                   // TtlCdtNtries
  DeclaredCount debits;                    // TtlDbtNtries
  std::optional<std::int64_t> net_scaled;  // TtlNtries/TtlNetNtry(Amt), signed by CdtDbtInd
};

// What the reader computed for one statement, given at its end.
struct StatementTotals {
  std::int64_t entries = 0;
  std::int64_t credit_entries = 0;
  std::int64_t debit_entries = 0;
  std::int64_t credit_sum_scaled = 0;  // in 10^-kSumScale units, all currencies together
  std::int64_t debit_sum_scaled = 0;
};

}  // namespace tally::formats::camt
