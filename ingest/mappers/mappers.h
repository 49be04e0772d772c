// One mapper per format: parse the bytes again, now emitting events. Called only for files
// whose check passed (ingest/mapping.h). Rules: ingest/README.md, "From records to events".
#pragma once

#include <string_view>

#include "core/result.h"
#include "formats/common/report.h"
#include "ingest/file_context.h"
#include "ingest/publisher.h"

namespace tally::ingest {

// The mappers that read the file registry (earlier declarations, originated entries,
// deposited checks) fail with IngestErrc::registry when a read fails: what they emitted is
// then incomplete and must not be recorded as the file's.
Result<formats::ParseReport> map_nacha(std::string_view bytes, const FileContext& file,
                                       EventSink& sink);
Result<formats::ParseReport> map_lockbox(std::string_view bytes, const FileContext& file,
                                         EventSink& sink);
formats::ParseReport map_bai2(std::string_view bytes, const FileContext& file, EventSink& sink);
formats::ParseReport map_camt(std::string_view bytes, const FileContext& file, EventSink& sink);
Result<formats::ParseReport> map_x9(std::string_view bytes, const FileContext& file,
                                    EventSink& sink);
formats::ParseReport map_card(std::string_view bytes, const FileContext& file, EventSink& sink);
formats::ParseReport map_bills(std::string_view bytes, const FileContext& file, EventSink& sink);
formats::ParseReport map_enrollments(std::string_view bytes, const FileContext& file, EventSink& sink);

}  // namespace tally::ingest
