// The two passes over a file of a known format: check (parse and verify totals, nothing
// emitted) and map (parse again, emitting events into a sink). Mapping runs only after the
// check accepted the file, so a file is published whole or not at all.
// Record-to-event rules per format live in mappers/<format>_mapper.cpp (README.md).
#pragma once

#include <string_view>

#include "core/result.h"
#include "formats/common/report.h"
#include "formats/detect/detect.h"
#include "ingest/file_context.h"
#include "ingest/publisher.h"

namespace tally::ingest {

formats::ParseReport check_file(formats::Format format, std::string_view bytes);
// Fails with IngestErrc::registry when the file registry could not be read (mappers.h).
Result<formats::ParseReport> map_file(formats::Format format, std::string_view bytes,
                                      const FileContext& file, EventSink& sink);

}  // namespace tally::ingest
