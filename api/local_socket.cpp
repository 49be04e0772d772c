#include "api/local_socket.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cstring>
#include <vector>

#include "core/errors.h"

namespace tally::api {
namespace {

// getpwuid_r's buffer when sysconf has no hint; entries larger than this are looked up again.
constexpr std::size_t kDefaultPasswdBufferBytes = 16 << 10;
constexpr std::size_t kMaxPasswdBufferBytes = 1 << 20;

Error local_error(std::string message) {
  return core_error(CoreErrc::bad_config, std::move(message));
}

}  // namespace

Result<LocalPeer> local_peer_of(int socket_fd) {
  ucred credentials{};
  socklen_t size = sizeof(credentials);
  if (getsockopt(socket_fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0)
    return core_error(
        CoreErrc::invalid_argument,
        fmt::format("cannot read the local peer's credentials: {}", std::strerror(errno)));
  return LocalPeer{credentials.uid, user_name_of(credentials.uid)};
}

std::string user_name_of(uid_t uid) {
  const long hint = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(hint > 0 ? static_cast<std::size_t>(hint) : kDefaultPasswdBufferBytes);
  for (;;) {
    passwd entry{};
    passwd* found = nullptr;
    const int error = getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found);
    if (error == ERANGE && buffer.size() < kMaxPasswdBufferBytes) {
      buffer.resize(buffer.size() * 2);
      continue;
    }
    if (error == 0 && found != nullptr) return found->pw_name;
    return fmt::format("uid {}", uid);
  }
}

Status clear_stale_socket(const std::string& path) {
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return ok_status();
    return local_error(
        fmt::format("cannot check the local socket '{}': {}", path, std::strerror(errno)));
  }
  if (!S_ISSOCK(info.st_mode))
    return local_error(fmt::format("'{}' exists and is not a socket: not replacing it", path));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof(address.sun_path))
    return local_error(fmt::format("the local socket path '{}' is too long", path));
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  // A non-blocking connect answers at once: refused when no one listens (stale), accepted or
  // "try again" (a full backlog) when a server is alive.
  const int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (probe < 0)
    return local_error(fmt::format("cannot probe '{}': {}", path, std::strerror(errno)));
  const int connected =
      connect(probe, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
  const int connect_errno = errno;
  close(probe);
  if (connected == 0 || connect_errno == EAGAIN)
    return local_error(fmt::format("a server already answers on the local socket '{}'", path));
  if (connect_errno != ECONNREFUSED && connect_errno != ENOENT)
    return local_error(
        fmt::format("cannot probe the local socket '{}': {}", path, std::strerror(connect_errno)));
  if (unlink(path.c_str()) != 0 && errno != ENOENT)
    return local_error(
        fmt::format("cannot remove the stale socket '{}': {}", path, std::strerror(errno)));
  return ok_status();
}

}  // namespace tally::api
