// libFuzzer target for the X9 reader: any bytes must give a report, never a crash, hang or
// out-of-bounds read. Seeds: the corpus's x9/ files and crashers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/x9/reader.h"

namespace {

// Reads the image bytes the reader points at, so ASan checks every offset it hands out.
struct Touch final : tally::formats::x9::Visitor {
  explicit Touch(std::string_view data) : data_(data) {}
  void on_image_view_data(const tally::formats::x9::ImageViewData& d) override {
    if (d.image_offset + d.image_bytes > data_.size()) __builtin_trap();
    for (std::uint64_t i = 0; i < d.image_bytes; ++i)
      sum_ += static_cast<unsigned char>(data_[d.image_offset + i]);
  }
  void on_addendum(const tally::formats::x9::Addendum& a) override { sum_ += a.text.size(); }
  std::string_view data_;
  std::uint64_t sum_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Touch touch(bytes);
  const auto report = tally::formats::x9::parse(bytes, touch);
  if (report.accepted && !report.errors.empty()) __builtin_trap();
  return 0;
}
