// The local socket's two checks, outside the server so each can be tested: who is at the other
// end of a connection (the kernel's SO_PEERCRED, not anything the client says), and whether a
// socket file left at the path is stale (its server is gone) and may be replaced.
#pragma once

#include <sys/types.h>

#include <string>

#include "core/result.h"

namespace tally::api {

struct LocalPeer {
  uid_t uid = 0;
  std::string user;  // the account name of uid; "uid N" when the system has none
};

// The process at the other end of a connected AF_UNIX socket, as the kernel recorded it at
// connect().
Result<LocalPeer> local_peer_of(int socket_fd);

std::string user_name_of(uid_t uid);

// Makes `path` free for a new socket: nothing there, or a socket no server answers on (removed).
// A live socket or any other kind of file is an error: it is never removed.
Status clear_stale_socket(const std::string& path);

}  // namespace tally::api
