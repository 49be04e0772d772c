// Drives expat over the document in fixed-size chunks, so expat's own buffer stays small, and
// turns expat's errors into located issues. The element logic is in handler*.cpp.
#include "formats/camt/reader.h"

#include <expat.h>
#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <memory>

#include "formats/camt/handler.h"

namespace tally::formats::camt {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr XML_Char kNamespaceSeparator = '|';  // "uri|local"; handler.cpp splits on the last

// Expat calls C functions; nothing may unwind through it, so every trampoline catches.
template <class Fn>
void guarded(void* user, Fn&& fn) {
  auto* handler = static_cast<Handler*>(user);
  try {
    fn(*handler);
  } catch (const std::exception& e) {
    handler->fail_internal(e.what());
  } catch (...) {
    handler->fail_internal("unknown exception");
  }
}

void XMLCALL on_start(void* user, const XML_Char* name, const XML_Char** attributes) {
  guarded(user, [&](Handler& h) { h.start(name, attributes); });
}
void XMLCALL on_end(void* user, const XML_Char*) {
  guarded(user, [&](Handler& h) { h.end(); });
}
void XMLCALL on_text(void* user, const XML_Char* data, int length) {
  guarded(user, [&](Handler& h) { h.text(data, length); });
}
void XMLCALL on_doctype(void* user, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  guarded(user, [&](Handler& h) { h.doctype(); });
}
void XMLCALL on_entity(void* user, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                       const XML_Char*, const XML_Char*, const XML_Char*) {
  guarded(user, [&](Handler& h) { h.doctype(); });
}

struct ParserDeleter {
  void operator()(XML_ParserStruct* p) const { XML_ParserFree(p); }
};

void malformed(ParseReport& report, XML_Parser parser) {
  const auto line = static_cast<std::int64_t>(XML_GetCurrentLineNumber(parser));
  const auto column = static_cast<std::int64_t>(XML_GetCurrentColumnNumber(parser)) + 1;
  report.error(Issue{line, 0, "", "malformed_xml",
                     fmt::format("line {}, column {}: malformed XML: {}", line, column,
                                 XML_ErrorString(XML_GetErrorCode(parser)))});
}

void run(std::string_view bytes, Visitor& visitor, const Limits& limits, ParseReport& report) {
  if (bytes.size() > limits.max_file_bytes) {
    report.error(Issue{0, 0, "", "file_too_large",
                       fmt::format("the document is {} bytes; the limit is {}", bytes.size(),
                                   limits.max_file_bytes)});
    return;
  }
  std::unique_ptr<XML_ParserStruct, ParserDeleter> parser(
      XML_ParserCreateNS(nullptr, kNamespaceSeparator));
  if (!parser) {
    report.error(Issue{0, 0, "", "internal", "cannot create an XML parser"});
    return;
  }
  XML_Parser p = parser.get();
  Handler handler(p, visitor, limits, report);
  XML_SetUserData(p, &handler);
  XML_SetElementHandler(p, on_start, on_end);
  XML_SetCharacterDataHandler(p, on_text);
  XML_SetStartDoctypeDeclHandler(p, on_doctype);
  XML_SetEntityDeclHandler(p, on_entity);
  XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);

  // Bytes fed since the last event: a run this long is one token (a tag, comment or
  // processing instruction) that expat must buffer whole, so it is refused.
  std::size_t quiet_bytes = 0;
  std::size_t offset = 0;
  do {
    const std::size_t n = std::min(kChunkBytes, bytes.size() - offset);
    const bool last = offset + n == bytes.size();
    const std::uint64_t events_before = handler.events();
    const XML_Status status =
        XML_Parse(p, bytes.data() + offset, static_cast<int>(n), last ? XML_TRUE : XML_FALSE);
    offset += n;
    if (handler.stopped()) return;
    if (status != XML_STATUS_OK) return malformed(report, p);
    quiet_bytes = handler.events() == events_before ? quiet_bytes + n : 0;
    if (quiet_bytes > limits.max_token_bytes) {
      handler.stop("token_too_large", "",
                   fmt::format("an XML tag, comment or instruction is longer than {} bytes",
                               limits.max_token_bytes));
      return;
    }
  } while (offset < bytes.size());
  handler.finish();
}

class NoopVisitor final : public Visitor {};

}  // namespace

ParseReport parse(std::string_view bytes, Visitor& visitor, const Limits& limits) {
  ParseReport report;
  report.format = "camt";
  try {
    run(bytes, visitor, limits, report);
  } catch (const std::exception& e) {
    report.error(Issue{0, 0, "", "internal", fmt::format("reader failed: {}", e.what())});
  } catch (...) {
    report.error(Issue{0, 0, "", "internal", "reader failed"});
  }
  report.accepted = report.errors.empty();
  return report;
}

ParseReport check(std::string_view bytes, const Limits& limits) {
  NoopVisitor visitor;
  return parse(bytes, visitor, limits);
}

}  // namespace tally::formats::camt
