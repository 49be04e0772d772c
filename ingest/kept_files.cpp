#include "ingest/kept_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "formats/common/pan.h"
#include "ingest/card_scrubber.h"
#include "ingest/errors.h"
#include "ingest/mapped_file.h"
#include "ingest/sealing.h"

namespace tally::ingest {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "tally-kept 1\n";
constexpr std::size_t kShaHexDigits = 64;
constexpr std::string_view kSuffix = ".sealed";

// Writes `data` to `path` (mode 0600) and syncs it: a kept copy replaces what arrived.
Status write_synced(const std::string& path, std::string_view header, std::string_view data) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return ingest_error(IngestErrc::io, fmt::format("creating {}", path));
  bool ok = true;
  for (std::string_view part : {header, data}) {
    while (ok && !part.empty()) {
      const ssize_t n = ::write(fd, part.data(), part.size());
      if (n <= 0) ok = false;
      else part.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  ok = ok && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok) return ingest_error(IngestErrc::io, fmt::format("writing {}", path));
  return ok_status();
}

}  // namespace

Result<std::string> keep_file(std::string_view bytes, const std::string& from_path,
                              const std::string& dir, const std::string& sha256,
                              std::string_view key) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return ingest_error(IngestErrc::io, fmt::format("creating {}: {}", dir, ec.message()));
  const std::string path = fmt::format("{}/{}-{}{}", dir, sha256.substr(0, 8),
                                       fs::path(from_path).filename().string(), kSuffix);
  std::string masked(bytes);
  formats::mask_pans(masked, nullptr, card_number_options());
  TALLY_TRY_STATUS(write_synced(path, fmt::format("{}{}\n", kMagic, sha256), seal(key, masked)));
  fs::remove(from_path, ec);
  if (ec) return ingest_error(IngestErrc::io, fmt::format("removing {}: {}", from_path, ec.message()));
  return path;
}

Result<KeptFile> read_kept(const std::string& path, std::string_view key) {
  TALLY_TRY(MappedFile file, MappedFile::open(path));
  const std::string_view bytes = file.bytes();
  const std::size_t header = kMagic.size() + kShaHexDigits + 1;
  if (bytes.size() < header || !bytes.starts_with(kMagic) || bytes[header - 1] != '\n')
    return ingest_error(IngestErrc::io, fmt::format("{} is not a file Tally kept", path));
  auto contents = unseal(key, bytes.substr(header));
  if (!contents)
    return ingest_error(IngestErrc::io,
                        fmt::format("{} does not open with this data folder's files key", path));
  return KeptFile{path, std::string(bytes.substr(kMagic.size(), kShaHexDigits)), std::move(*contents)};
}

Result<KeptFile> find_kept(const std::vector<std::string>& dirs, const std::string& sha256,
                           std::string_view key) {
  const std::string prefix = sha256.substr(0, 8) + "-";
  for (const std::string& dir : dirs) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (!name.starts_with(prefix) || !name.ends_with(kSuffix)) continue;
      TALLY_TRY(KeptFile kept, read_kept(entry.path().string(), key));
      if (kept.sha256 == sha256) return kept;
    }
  }
  return ingest_error(IngestErrc::not_found, fmt::format("no kept file has sha256 {}", sha256));
}

std::string report_base(const std::string& kept_path) {
  return kept_path.ends_with(kSuffix) ? kept_path.substr(0, kept_path.size() - kSuffix.size())
                                      : kept_path;
}

}  // namespace tally::ingest
