#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <cstring>
#include <fstream>

#include "api/health.h"
#include "api/http_server.h"
#include "api/local_socket.h"
#include "api/tests/bounded_clients.h"
#include "tests/support/http_client.h"
#include "tests/support/temp_dir.h"

using namespace tally::api;
using tally::testing::ClientResult;
using tally::testing::TempDir;

namespace {

// A guarded route that answers who the router says is asking: over the local socket that is
// the local user, as admin, from "local".
Router peer_echo_router() {
  Router router;
  add_health_routes(router, {"9.9.9", "embedded:/x", nullptr});
  router.add(
      http::verb::get, "/whoami", Permission::read, [](const Request& req, const RouteParams& p) {
        return json_response(req, http::status::ok,
                             {{"user", p.caller.user}, {"address", p.caller.client_address}});
      });
  return router;
}

// A socket file with no server behind it, as a killed server leaves one.
void leave_stale_socket(const std::string& path) {
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  REQUIRE(bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0);
  close(fd);
}

}  // namespace

TEST_CASE("a local-socket request reaches the route as the local user", "[api][local]") {
  TempDir dir;
  const Router router = peer_echo_router();
  HttpServer server(router);
  REQUIRE(server.start_local(dir.path("tally.sock")).ok());

  const ClientResult res = tally::testing::local_get(dir.path("tally.sock"), "/whoami");
  INFO(res.error);
  REQUIRE(res.status == 200);
  const auto body = boost::json::parse(res.body).as_object();
  CHECK(body.at("user").as_string() == "local:" + user_name_of(geteuid()));
  CHECK(body.at("address").as_string() == "local:" + user_name_of(geteuid()));
  CHECK(tally::testing::local_get(dir.path("tally.sock"), "/healthz").status == 200);
}

TEST_CASE("the local socket is owner-only and removed on stop", "[api][local]") {
  TempDir dir;
  const std::string path = dir.path("tally.sock");
  const Router router = peer_echo_router();
  HttpServer server(router);
  REQUIRE(server.start_local(path).ok());
  struct stat info {};
  REQUIRE(lstat(path.c_str(), &info) == 0);
  CHECK(S_ISSOCK(info.st_mode));
  CHECK((info.st_mode & 0777) == 0600);
  CHECK(info.st_uid == geteuid());
  server.stop();
  CHECK(lstat(path.c_str(), &info) != 0);
}

TEST_CASE("start_local replaces a stale socket but not a live one or another file",
          "[api][local]") {
  TempDir dir;
  const Router router = peer_echo_router();
  const std::string path = dir.path("tally.sock");
  leave_stale_socket(path);
  HttpServer first(router);
  const auto started = first.start_local(path);
  INFO((started.ok() ? "" : started.error().describe()));
  REQUIRE(started.ok());
  CHECK(tally::testing::local_get(path, "/healthz").status == 200);

  HttpServer second(router);
  const auto live = second.start_local(path);
  REQUIRE_FALSE(live.ok());
  CHECK(live.error().message.find("already answers") != std::string::npos);
  CHECK(tally::testing::local_get(path, "/healthz").status == 200);  // the first is untouched

  std::ofstream(dir.path("notes.txt")) << "keep me";
  HttpServer third(router);
  const auto file = third.start_local(dir.path("notes.txt"));
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().message.find("not a socket") != std::string::npos);
  CHECK(std::ifstream(dir.path("notes.txt")).good());
}

TEST_CASE("TCP and the local socket are served by one server at once", "[api][local]") {
  TempDir dir;
  const Router router = peer_echo_router();
  HttpServer server(router);
  REQUIRE(server.start_local(dir.path("tally.sock")).ok());
  REQUIRE(server.start("127.0.0.1", 0).ok());
  CHECK(tally::testing::local_get(dir.path("tally.sock"), "/whoami").status == 200);
  // Over TCP the same guarded route needs a token.
  CHECK(tally::testing::http_get(server.port(), "/whoami").status == 401);
}

// Only root can act as another user; the socket's mode is opened up so that the uid check is
// what refuses.
TEST_CASE("a local peer of another uid is refused with 403", "[api][local]") {
  if (geteuid() != 0) {
    WARN("skipped: needs root to connect as another user");
    return;
  }
  constexpr uid_t kNobody = 65534;
  constexpr unsigned kChildAlarmS = 5;
  TempDir dir;
  const std::string path = dir.path("tally.sock");
  const Router router = peer_echo_router();
  HttpServer server(router);
  REQUIRE(server.start_local(path).ok());
  REQUIRE(chmod(path.c_str(), 0666) == 0);
  REQUIRE(chmod(dir.path().c_str(), 0755) == 0);

  const std::string request = "GET /healthz HTTP/1.1\r\nHost: local\r\n\r\n";
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  int answer_pipe[2];
  REQUIRE(pipe(answer_pipe) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {  // only async-signal-safe calls here: the parent has threads
    alarm(kChildAlarmS);
    close(answer_pipe[0]);
    if (setgid(kNobody) != 0 || setuid(kNobody) != 0) _exit(2);
    const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0)
      _exit(3);
    if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) _exit(4);
    char buffer[4096];
    ssize_t n = 0;
    while ((n = read(fd, buffer, sizeof(buffer))) > 0)
      if (write(answer_pipe[1], buffer, static_cast<std::size_t>(n)) != n) _exit(5);
    _exit(0);
  }
  close(answer_pipe[1]);
  std::string answer;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = read(answer_pipe[0], buffer, sizeof(buffer))) > 0)
    answer.append(buffer, static_cast<std::size_t>(n));
  close(answer_pipe[0]);
  int child_status = 0;
  REQUIRE(waitpid(child, &child_status, 0) == child);
  CHECK(WIFEXITED(child_status));
  CHECK(WEXITSTATUS(child_status) == 0);
  INFO(answer);
  CHECK(answer.rfind("HTTP/1.1 403", 0) == 0);
  CHECK(answer.find("\"code\":\"forbidden\"") != std::string::npos);
  CHECK(answer.find("Connection: close") != std::string::npos);
}
