// camt_parse: MB/s of tally::formats::camt::parse over a generated camt.053 v8 statement with
// 100,000 entries (each with bank transaction code, references, parties and remittance
// information), against a baseline of expat alone parsing the same bytes, in the same 64 KiB
// chunks, with namespace processing and empty element and text handlers. Medians of 5 runs.
//   camt_parse value=V unit=MB/s baseline=B ratio=R
#include <expat.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "bench/bench_util.h"
#include "formats/camt/reader.h"

namespace {

constexpr int kEntries = 100'000;
constexpr int kRuns = 5;
constexpr std::size_t kChunkBytes = 64 * 1024;

std::string generate() {
  std::string doc =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n<BkToCstmrStmt>\n"
      "<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-11-20T18:00:00</CreDtTm></GrpHdr>\n"
      "<Stmt><Id>S1</Id><CreDtTm>2026-11-20T18:00:00</CreDtTm>"
      "<Acct><Id><IBAN>NL26VAYB8060476890</IBAN></Id><Ccy>EUR</Ccy></Acct>\n";
  doc.reserve(static_cast<std::size_t>(kEntries) * 900);
  for (int i = 0; i < kEntries; ++i) {
    const std::string n = std::to_string(i);
    const std::string amount = std::to_string(100 + i % 9000) + "." + std::to_string(10 + i % 90);
    doc += "<Ntry>\n  <NtryRef>" + n + "</NtryRef>\n  <Amt Ccy=\"EUR\">" + amount +
           "</Amt>\n  <CdtDbtInd>" + (i % 3 ? "CRDT" : "DBIT") +
           "</CdtDbtInd>\n  <Sts><Cd>BOOK</Cd></Sts>\n"
           "  <BookgDt><Dt>2026-11-19</Dt></BookgDt>\n  <ValDt><Dt>2026-11-20</Dt></ValDt>\n"
           "  <AcctSvcrRef>BANK-" +
           n +
           "</AcctSvcrRef>\n"
           "  <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly>"
           "</Domn></BkTxCd>\n"
           "  <NtryDtls><TxDtls>\n    <Refs><EndToEndId>E2E-" +
           n + "</EndToEndId><TxId>TX-" + n + "</TxId></Refs>\n    <Amt Ccy=\"EUR\">" + amount +
           "</Amt>\n"
           "    <RltdPties><Dbtr><Pty><Nm>Customer " +
           n +
           "</Nm></Pty></Dbtr>"
           "<DbtrAcct><Id><IBAN>NL56AGDH9619008421</IBAN></Id></DbtrAcct></RltdPties>\n"
           "    <RmtInf><Ustrd>Water bill account " +
           n +
           "</Ustrd></RmtInf>\n"
           "  </TxDtls></NtryDtls>\n</Ntry>\n";
  }
  doc += "</Stmt>\n</BkToCstmrStmt>\n</Document>\n";
  return doc;
}

void XMLCALL empty_start(void*, const XML_Char*, const XML_Char**) {}
void XMLCALL empty_end(void*, const XML_Char*) {}
void XMLCALL empty_text(void*, const XML_Char*, int) {}

bool expat_only(const std::string& doc) {
  XML_Parser p = XML_ParserCreateNS(nullptr, '|');
  XML_SetElementHandler(p, empty_start, empty_end);
  XML_SetCharacterDataHandler(p, empty_text);
  bool ok = true;
  for (std::size_t offset = 0; ok && offset < doc.size(); offset += kChunkBytes) {
    const std::size_t n = std::min(kChunkBytes, doc.size() - offset);
    const bool last = offset + n == doc.size();
    ok = XML_Parse(p, doc.data() + offset, static_cast<int>(n), last) == XML_STATUS_OK;
  }
  XML_ParserFree(p);
  return ok;
}

struct Counter final : tally::formats::camt::Visitor {
  long entries = 0;
  void on_entry(const tally::formats::camt::Statement&,
                const tally::formats::camt::Entry&) override {
    ++entries;
  }
};

}  // namespace

int main() {
  const std::string doc = generate();
  const double megabytes = static_cast<double>(doc.size()) / 1e6;

  bool reader_ok = true;
  const double reader_s = tally::bench::median_seconds(kRuns, [&] {
    Counter counter;
    const auto report = tally::formats::camt::parse(doc, counter);
    reader_ok = reader_ok && report.accepted && counter.entries == kEntries;
    tally::bench::do_not_optimize(counter.entries);
  });
  bool expat_ok = true;
  const double expat_s =
      tally::bench::median_seconds(kRuns, [&] { expat_ok = expat_ok && expat_only(doc); });
  if (!reader_ok || !expat_ok) {
    std::fprintf(stderr, "camt_bench: the generated document did not parse\n");
    return 1;
  }
  std::fprintf(stderr, "camt_bench: %.1f MB, %d entries, peak RSS %ld KiB\n", megabytes, kEntries,
               tally::bench::peak_rss_kib());
  tally::bench::print_line("camt_parse", megabytes / reader_s, "MB/s", megabytes / expat_s);
  return 0;
}
