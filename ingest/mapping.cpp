#include "ingest/mapping.h"

#include "formats/bai2/bai2.h"
#include "formats/billing/billing.h"
#include "formats/camt/reader.h"
#include "formats/card/reader.h"
#include "formats/lockbox/lockbox.h"
#include "formats/nacha/reader.h"
#include "formats/x9/reader.h"
#include "ingest/mappers/mappers.h"

namespace tally::ingest {

using formats::Format;

namespace {

formats::ParseReport read_file(Format format, std::string_view bytes) {
  switch (format) {
    case Format::nacha: return formats::nacha::check(bytes);
    case Format::bai2: return formats::bai2::check(bytes);
    case Format::lockbox: return formats::lockbox::check(bytes);
    case Format::camt: return formats::camt::check(bytes);
    case Format::x9: return formats::x9::check(bytes);
    case Format::card: return formats::card::check(bytes);
    case Format::billing_csv: return formats::billing::check_bills(bytes);
    case Format::autopay_csv: return formats::billing::check_enrollments(bytes);
    case Format::unknown: break;
  }
  formats::ParseReport report;
  report.format = "unknown";
  report.error({0, 0, "", "unknown_format", "no reader for this format"});
  return report;
}

}  // namespace

// Every command names a file's format the same way: the name --format takes ("camt"). A
// reader's finer name for what it read ("camt.053") goes into the summary as "message".
formats::ParseReport check_file(Format format, std::string_view bytes) {
  formats::ParseReport report = read_file(format, bytes);
  if (format == Format::unknown) return report;
  const std::string family(formats::format_name(format));
  if (report.format.size() > family.size() && report.format.rfind(family + ".", 0) == 0)
    report.summary.set("message", report.format);
  report.format = family;
  return report;
}

Result<formats::ParseReport> map_file(Format format, std::string_view bytes,
                                      const FileContext& file, EventSink& sink) {
  switch (format) {
    case Format::nacha: return map_nacha(bytes, file, sink);
    case Format::bai2: return map_bai2(bytes, file, sink);
    case Format::lockbox: return map_lockbox(bytes, file, sink);
    case Format::camt: return map_camt(bytes, file, sink);
    case Format::x9: return map_x9(bytes, file, sink);
    case Format::card: return map_card(bytes, file, sink);
    case Format::billing_csv: return map_bills(bytes, file, sink);
    case Format::autopay_csv: return map_enrollments(bytes, file, sink);
    case Format::unknown: break;
  }
  return check_file(format, bytes);
}

}  // namespace tally::ingest
