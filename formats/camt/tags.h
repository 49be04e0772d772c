// Element names the camt reader acts on, as a small enum: the reader keeps a stack of these
// instead of strings, so matching a path ("Ntry/Amt") is a few integer compares. Names not
// listed (and elements outside the document's namespace) are Tag::kOther and are skipped.
#pragma once

#include <cstdint>
#include <string_view>

namespace tally::formats::camt {

// Sorted by name (byte order): tag_from_name binary-searches the generated table.
// clang-format off
#define TALLY_CAMT_TAGS(X) \
  X(Acct) X(AcctSvcrRef) X(AddtlInf) X(AddtlNtryInf) X(AddtlRmtInf) X(AddtlTxInf) X(Amt) \
  X(AmtDtls) X(BIC) X(BICFI) X(Bal) X(BkToCstmrAcctRpt) X(BkToCstmrAcctRptV01) \
  X(BkToCstmrDbtCdtNtfctn) X(BkToCstmrDbtCdtNtfctnV01) X(BkToCstmrStmt) X(BkToCstmrStmtV01) X(BkTxCd) X(BookgDt) X(Btch) X(Ccy) X(Cd) X(CdOrPrtry) X(CdtDbtInd) X(Cdtr) \
  X(CdtrAcct) X(CdtrRefInf) X(ChqNb) X(CreDtTm) X(Dbtr) X(DbtrAcct) X(Document) X(Domn) X(Dt) \
  X(DtTm) X(ElctrncSeqNb) X(EndToEndId) X(FinInstnId) X(Fmly) X(GrpHdr) X(IBAN) X(Id) \
  X(InstdAmt) X(InstrId) X(Issr) X(LglSeqNb) X(MndtId) X(MsgId) X(Nb) X(NbOfNtries) X(NbOfTxs) \
  X(Nm) X(Ntfctn) X(Ntry) X(NtryDtls) X(NtryRef) X(Othr) X(Ownr) X(PmtInfId) X(Prtry) X(Pty) \
  X(Ref) X(Refs) X(RfrdDocInf) X(RltdPties) X(RmtInf) X(Rpt) X(Rsn) X(RtrInf) X(RvslInd) \
  X(Stmt) X(Strd) X(Sts) X(SubFmlyCd) X(Sum) X(Svcr) X(Tp) X(TtlAmt) X(TtlCdtNtries) \
  X(TtlDbtNtries) X(TtlNetNtry) X(TtlNetNtryAmt) X(TtlNtries) X(TxAmt) X(TxDtls) X(TxId) \
  X(TxsSummry) X(UltmtCdtr) X(UltmtDbtr) X(Ustrd) X(ValDt)
// clang-format on

enum class Tag : std::uint8_t {
  kOther = 0,
#define TALLY_CAMT_TAG_ENUM(name) k##name,
  TALLY_CAMT_TAGS(TALLY_CAMT_TAG_ENUM)
#undef TALLY_CAMT_TAG_ENUM
};

// The tag of an element's local name (without namespace or prefix); kOther when unknown.
Tag tag_from_name(std::string_view local_name);
std::string_view tag_name(Tag tag);

}  // namespace tally::formats::camt
