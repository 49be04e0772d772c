// A read-only memory map of a whole file: parsers see one contiguous byte range without the
// file being copied into the heap (the page cache holds it). Files over kMaxBytes are refused.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tally::ingest {

class MappedFile {
 public:
  static constexpr std::uint64_t kMaxBytes = 8ull << 30;  // 8 GiB: far past any bank file

  static Result<MappedFile> open(const std::string& path);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&&) = delete;
  MappedFile(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view bytes() const { return {data_, size_}; }

 private:
  MappedFile(const char* data, std::size_t size) : data_(data), size_(size) {}
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace tally::ingest
