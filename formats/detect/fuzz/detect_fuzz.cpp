// libFuzzer target for format detection: any head must give a Format, never a crash or hang,
// and the answer depends only on the first kDetectBytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/assert.h"
#include "formats/detect/detect.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto format = tally::formats::detect(bytes);
  const auto name = tally::formats::format_name(format);
  if (format != tally::formats::Format::unknown)
    TALLY_ASSERT(tally::formats::format_from_name(name) == format, "names round-trip");
  if (size > tally::formats::kDetectBytes)
    TALLY_ASSERT(tally::formats::detect(bytes.substr(0, tally::formats::kDetectBytes)) == format,
                 "only the head matters");
  return 0;
}
