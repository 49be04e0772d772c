// Element events: the root and message checks, the element stack, text capture and the
// dispatch of each completed element to its section. Field meanings: handler_fields.cpp;
// statement, entry and document totals: handler_totals.cpp.
#include "formats/camt/handler.h"

#include <fmt/format.h>

#include <cstring>

namespace tally::formats::camt {
namespace {

constexpr char kSeparator = '|';  // expat's namespace separator, see reader.cpp
constexpr std::string_view kNamespacePrefix = "urn:iso:std:iso:20022:tech:xsd:camt.05";
// Version 1 (2006-2008) named the message element with its version (BkToCstmrStmtV01) and put
// Btch and TxDtls straight under Ntry; versions 2 to 13 share the element names read here.
constexpr int kMinVersion = 1;
constexpr int kMaxVersion = 13;

std::string_view local_part(std::string_view name) {
  const std::size_t bar = name.rfind(kSeparator);
  return bar == std::string_view::npos ? name : name.substr(bar + 1);
}

std::string_view namespace_part(std::string_view name) {
  const std::size_t bar = name.rfind(kSeparator);
  return bar == std::string_view::npos ? std::string_view{} : name.substr(0, bar);
}

// "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" -> statement, version 2.
std::optional<MessageId> message_from_namespace(std::string_view uri) {
  if (uri.substr(0, kNamespacePrefix.size()) != kNamespacePrefix) return std::nullopt;
  const std::string_view rest = uri.substr(kNamespacePrefix.size());  // "3.001.02"
  if (rest.size() != 8 || rest.substr(1, 5) != ".001." || rest[6] < '0' || rest[6] > '9' ||
      rest[7] < '0' || rest[7] > '9')
    return std::nullopt;
  MessageId id;
  switch (rest[0]) {
    case '2':
      id.kind = MessageKind::kAccountReport;
      break;
    case '3':
      id.kind = MessageKind::kStatement;
      break;
    case '4':
      id.kind = MessageKind::kNotification;
      break;
    default:
      return std::nullopt;
  }
  id.version = (rest[6] - '0') * 10 + (rest[7] - '0');
  id.namespace_uri = std::string(uri);
  return id;
}

}  // namespace

std::string MessageId::format() const {
  switch (kind) {
    case MessageKind::kAccountReport:
      return "camt.052";
    case MessageKind::kStatement:
      return "camt.053";
    case MessageKind::kNotification:
      return "camt.054";
  }
  return "camt";
}

Handler::Handler(XML_Parser parser, Visitor& visitor, const Limits& limits, ParseReport& report)
    : parser_(parser), visitor_(visitor), limits_(limits), report_(report) {
  stack_.reserve(static_cast<std::size_t>(limits.max_depth > 0 ? limits.max_depth : 1));
}

void Handler::error(std::string_view code, std::string_view field, std::string_view message) {
  const auto line = static_cast<std::int64_t>(XML_GetCurrentLineNumber(parser_));
  const auto column = static_cast<std::int64_t>(XML_GetCurrentColumnNumber(parser_)) + 1;
  report_.error(Issue{line, in_entry_ ? entry_.ordinal : 0, std::string(field), std::string(code),
                      fmt::format("line {}, column {}: {}", line, column, message)});
}

void Handler::warning(std::string_view code, std::string_view field, std::string_view message) {
  const auto line = static_cast<std::int64_t>(XML_GetCurrentLineNumber(parser_));
  report_.warning(Issue{line, in_entry_ ? entry_.ordinal : 0, std::string(field), std::string(code),
                        fmt::format("line {}: {}", line, message)});
}

void Handler::stop(std::string_view code, std::string_view field, std::string_view message) {
  error(code, field, message);
  stopped_ = true;
  XML_StopParser(parser_, XML_FALSE);
}

void Handler::fail_internal(std::string_view what) {
  stop("internal", "", fmt::format("reader failed: {}", what));
}

void Handler::doctype() {
  stop("doctype_not_allowed", "", "a DOCTYPE is not allowed in a camt document");
}

bool Handler::chain(std::initializer_list<Tag> tags) const {
  std::size_t up = 0;
  for (Tag t : tags)
    if (at(up++) != t) return false;
  return true;
}

Tag Handler::resolve(std::string_view name) const {
  // Only elements of the document's own namespace count; a foreign element (an extension in
  // SplmtryData, say) that happens to share a local name is skipped.
  if (!message_ || namespace_part(name) != message_->namespace_uri) return Tag::kOther;
  return tag_from_name(local_part(name));
}

void Handler::start_root(std::string_view name) {
  const std::string_view uri = namespace_part(name);
  if (local_part(name) != "Document")
    return stop("not_camt", "Document",
                fmt::format("root element is '{}', not an ISO 20022 Document",
                            local_part(name).substr(0, 64)));
  message_ = message_from_namespace(uri);
  if (!message_)
    return stop(
        "not_camt", "Document",
        fmt::format("namespace '{}' is not camt.052, camt.053 or camt.054", uri.substr(0, 128)));
  if (message_->version < kMinVersion || message_->version > kMaxVersion) {
    const int version = message_->version;
    message_.reset();
    return stop("unsupported_version", "Document",
                fmt::format("message version {} is not supported (versions {} to {} are)", version,
                            kMinVersion, kMaxVersion));
  }
  const bool v1 = message_->version == 1;
  switch (message_->kind) {
    case MessageKind::kAccountReport:
      message_tag_ = v1 ? Tag::kBkToCstmrAcctRptV01 : Tag::kBkToCstmrAcctRpt;
      statement_tag_ = Tag::kRpt;
      break;
    case MessageKind::kStatement:
      message_tag_ = v1 ? Tag::kBkToCstmrStmtV01 : Tag::kBkToCstmrStmt;
      statement_tag_ = Tag::kStmt;
      break;
    case MessageKind::kNotification:
      message_tag_ = v1 ? Tag::kBkToCstmrDbtCdtNtfctnV01 : Tag::kBkToCstmrDbtCdtNtfctn;
      statement_tag_ = Tag::kNtfctn;
      break;
  }
  report_.format = message_->format();
  visitor_.on_message(*message_);
}

void Handler::start(const char* name, const char** attributes) {
  ++events_;
  if (stopped_) return;
  if (stack_.size() >= static_cast<std::size_t>(limits_.max_depth))
    return stop("too_deep", "", fmt::format("elements nest deeper than {}", limits_.max_depth));
  const std::string_view full(name);
  Tag tag = Tag::kOther;
  if (stack_.empty()) {
    start_root(full);
    if (stopped_) return;
    tag = Tag::kDocument;
  } else {
    tag = resolve(full);
    if (stack_.size() == 1 && tag != message_tag_)
      return stop(
          "message_mismatch", std::string(local_part(full).substr(0, 64)),
          fmt::format("namespace {} needs message element {}, not '{}'", message_->namespace_uri,
                      tag_name(message_tag_), local_part(full).substr(0, 64)));
    if (message_->version == 1) v1_entry_details(tag);
  }
  stack_.push_back(tag);
  text_.clear();
  text_bytes_ = 0;
  if (tag != Tag::kOther) start_section(tag, attributes);
}

void Handler::read_currency(const char** attributes) {
  currency_.clear();
  for (const char** a = attributes; a && a[0]; a += 2) {
    if (std::strcmp(a[0], "Ccy") == 0) {
      constexpr std::size_t kMaxCode = 8;  // "EUR"; anything longer is reported, not kept
      currency_.assign(a[1], strnlen(a[1], kMaxCode));
    }
  }
}

void Handler::start_section(Tag tag, const char** attributes) {
  if (tag == Tag::kAmt || tag == Tag::kTtlAmt) read_currency(attributes);
  if (stack_.size() == 3 && tag == Tag::kGrpHdr) {
    in_group_header_ = true;
    seen_group_header_ = true;
    group_header_ = GroupHeader{};
    return;
  }
  if (stack_.size() == 3 && tag == statement_tag_) {
    if (!seen_group_header_)
      error("missing_group_header", "GrpHdr", "a statement comes before any GrpHdr");
    in_statement_ = true;
    statement_announced_ = false;
    statement_valid_ = true;
    statement_ = Statement{};
    statement_.kind = message_->kind;
    statement_.ordinal = ++statements_;
    has_summary_ = false;
    summary_ = TransactionsSummary{};
    totals_ = StatementTotals{};
    opening_.reset();
    closing_.reset();
    return;
  }
  if (!in_statement_) return;
  if (stack_.size() == 4) {
    if (tag == Tag::kBal || tag == Tag::kTxsSummry || tag == Tag::kNtry) announce_statement();
    if (tag == Tag::kBal) {
      in_balance_ = true;
      balance_valid_ = true;
      balance_ = Balance{};
    } else if (tag == Tag::kTxsSummry) {
      in_summary_ = true;
      has_summary_ = true;
      net_magnitude_.reset();
      net_sign_.reset();
    } else if (tag == Tag::kNtry) {
      in_entry_ = true;
      entry_announced_ = false;
      entry_valid_ = true;
      entry_has_amount_ = entry_has_indicator_ = false;
      entry_ = Entry{};
      entry_.ordinal = ++entries_;
    }
    return;
  }
  if (!in_entry_) return;
  if (stack_.size() == 5 && tag == Tag::kNtryDtls) {
    announce_entry();
    in_details_ = true;
    batch_declared_count_.reset();
    details_transactions_ = 0;
  } else if (stack_.size() == 6 && in_details_ && tag == Tag::kBtch) {
    in_batch_ = true;
    batch_valid_ = true;
    batch_ = Batch{};
  } else if (stack_.size() == 6 && in_details_ && tag == Tag::kTxDtls) {
    in_transaction_ = true;
    transaction_valid_ = true;
    transaction_ = TransactionDetails{};
    transaction_.entry_ordinal = entry_.ordinal;
    transaction_.ordinal = ++details_transactions_;
    tx_amount_.reset();
    tx_amount_details_.reset();
    tx_amount_instructed_.reset();
  }
}

void Handler::text(const char* data, int length) {
  ++events_;
  if (stopped_ || length <= 0) return;
  const auto n = static_cast<std::size_t>(length);
  text_bytes_ += n;
  if (text_bytes_ > limits_.max_text_bytes)
    return stop("text_too_long", std::string(tag_name(at(0))),
                fmt::format("element text is longer than {} bytes", limits_.max_text_bytes));
  if (!stack_.empty() && at(0) != Tag::kOther) text_.append(data, n);
}

// Version 1 puts Btch and TxDtls straight under Ntry (no NtryDtls): they are read as if an
// NtryDtls held them all. The implied NtryDtls goes on the stack before a Btch or TxDtls and
// comes off before any other child of the Ntry (AmtDtls, Chrgs, ... may come between them)
// and when the Ntry ends; the entry's details are finished with the Ntry (end()).
void Handler::v1_entry_details(Tag tag) {
  const bool detail = tag == Tag::kBtch || tag == Tag::kTxDtls;
  if (implied_details_ && stack_.size() == 5 && !detail) {
    stack_.pop_back();
    implied_details_ = false;
  } else if (!implied_details_ && in_entry_ && stack_.size() == 4 && at(0) == Tag::kNtry &&
             detail) {
    stack_.push_back(Tag::kNtryDtls);
    implied_details_ = true;
    if (!in_details_) start_section(Tag::kNtryDtls, nullptr);
  }
}

void Handler::end() {
  ++events_;
  if (stopped_ || stack_.empty()) return;
  if (implied_details_ && stack_.size() == 5) {  // version 1: the Ntry ends
    stack_.pop_back();
    implied_details_ = false;
  }
  const Tag tag = at(0);
  const std::string_view value = trim_xml(text_);
  if (tag != Tag::kOther) {
    if (in_transaction_) {
      if (tag == Tag::kTxDtls && stack_.size() == 6)
        finish_transaction();
      else
        end_transaction_field(tag, value);
    } else if (in_batch_) {
      if (tag == Tag::kBtch && stack_.size() == 6) {
        in_batch_ = false;
        if (batch_valid_) visitor_.on_batch(entry_, batch_);
      } else {
        end_batch_field(tag, value);
      }
    } else if (in_entry_) {
      if (tag == Tag::kNtry && stack_.size() == 4) {
        if (in_details_) finish_entry_details();  // version 1: no NtryDtls closed them
        finish_entry();
      } else if (tag == Tag::kNtryDtls && stack_.size() == 5)
        finish_entry_details();
      else
        end_entry_field(tag, value);
    } else if (in_balance_) {
      if (tag == Tag::kBal && stack_.size() == 4)
        finish_balance();
      else
        end_balance_field(tag, value);
    } else if (in_summary_) {
      if (tag == Tag::kTxsSummry && stack_.size() == 4)
        finish_summary();
      else
        end_summary_field(tag, value);
    } else if (in_statement_) {
      if (tag == statement_tag_ && stack_.size() == 3)
        finish_statement();
      else
        end_statement_field(tag, value);
    } else if (in_group_header_) {
      if (tag == Tag::kGrpHdr && stack_.size() == 3) {
        in_group_header_ = false;
        if (group_header_.message_id.empty())
          error("missing_field", "GrpHdr/MsgId", "the group header has no MsgId");
        if (group_header_.creation_time.empty())
          error("missing_field", "GrpHdr/CreDtTm", "the group header has no CreDtTm");
        visitor_.on_group_header(group_header_);
      } else {
        end_group_header_field(tag, value);
      }
    }
  }
  stack_.pop_back();
  text_.clear();
  text_bytes_ = 0;
}

}  // namespace tally::formats::camt
