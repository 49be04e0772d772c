#include "ingest/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "ingest/errors.h"

namespace tally::ingest {

Result<MappedFile> MappedFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ingest_error(IngestErrc::io, fmt::format("{}: {}", path, std::strerror(errno)));
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return ingest_error(IngestErrc::io, fmt::format("{}: not a regular file", path));
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > kMaxBytes) {
    ::close(fd);
    return ingest_error(IngestErrc::too_large, fmt::format("{}: {} bytes is over the {} byte limit",
                                                           path, size, kMaxBytes));
  }
  if (size == 0) {
    ::close(fd);
    return MappedFile(nullptr, 0);
  }
  void* data = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);  // the mapping keeps the file
  if (data == MAP_FAILED) return ingest_error(IngestErrc::io, fmt::format("{}: mmap: {}", path, std::strerror(errno)));
  madvise(data, size, MADV_SEQUENTIAL);
  return MappedFile(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

MappedFile::MappedFile(MappedFile&& other) noexcept : data_(other.data_), size_(other.size_) {
  other.data_ = nullptr;
  other.size_ = 0;
}

MappedFile::~MappedFile() {
  if (data_) munmap(const_cast<char*>(data_), size_);
}

}  // namespace tally::ingest
