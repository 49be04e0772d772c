// What only the embedded log promises: durability across reopen, fixed partition count.
#include <catch2/catch.hpp>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/log/embedded_log.h"
#include "core/log/partitioner.h"
#include "core/tests/log_fixtures.h"

using tally::LogPosition;
using tally::PartitionId;
using tally::testing::EmbeddedLogFixture;
using tally::testing::TempDir;
namespace tlog = tally::log;

TEST_CASE("embedded log keeps positions across reopen", "[log][embedded]") {
  EmbeddedLogFixture fx;
  const std::vector<tlog::AppendEntry> batch = {{"a", "1"}, {"a", "2"}};
  auto first = fx.log->append(batch);
  REQUIRE(first.ok());
  fx.reopen();
  auto second = fx.log->append(batch);
  REQUIRE(second.ok());
  CHECK((*second)[0].partition == (*first)[0].partition);
  CHECK((*second)[0].position.value() == (*first)[1].position.value() + 1);
  CHECK(fx.log->end_position((*first)[0].partition).value() == 4);
}

TEST_CASE("embedded log refuses to reopen with another partition count", "[log][embedded]") {
  TempDir dir;
  REQUIRE(tlog::EmbeddedLog::open({dir.path(), 4, true}).ok());
  auto other = tlog::EmbeddedLog::open({dir.path(), 8, true});
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().message.find("4 partitions") != std::string::npos);
}

TEST_CASE("an embedded log another process holds is in use, by its code", "[log][embedded]") {
  TempDir dir;
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {  // holder: opens the log, says so, and keeps it open until killed
    close(pipe_fds[0]);
    auto opened = tlog::EmbeddedLog::open({dir.path(), 2, true});
    const char ready = opened.ok() ? 'y' : 'n';
    if (write(pipe_fds[1], &ready, 1) != 1) _exit(5);
    for (;;) pause();
  }
  close(pipe_fds[1]);
  char ready = 0;
  const bool answered = read(pipe_fds[0], &ready, 1) == 1;
  auto second = tlog::EmbeddedLog::open({dir.path(), 2, true});
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  close(pipe_fds[0]);
  REQUIRE(answered);
  REQUIRE(ready == 'y');
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().code == tally::CoreErrc::log_in_use);
  CHECK(tally::is_in_use(second.error()));
}

TEST_CASE("embedded log loses nothing acknowledged when the writer is SIGKILLed", "[log][embedded][slow]") {
  TempDir dir;
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {  // writer: appends forever, reporting each acknowledged batch
    close(pipe_fds[0]);
    auto opened = tlog::EmbeddedLog::open({dir.path(), 2, true});
    if (!opened.ok()) _exit(3);
    for (int i = 0;; ++i) {
      const std::string value = std::to_string(i);
      const tlog::AppendEntry e{"key", value};
      if (!(*opened)->append(std::span(&e, 1)).ok()) _exit(4);
      if (write(pipe_fds[1], &i, sizeof i) != sizeof i) _exit(5);
    }
  }
  close(pipe_fds[1]);
  int acknowledged = -1, got = 0;
  while (acknowledged < 200 && read(pipe_fds[0], &got, sizeof got) == sizeof got) acknowledged = got;
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  close(pipe_fds[0]);
  REQUIRE(acknowledged >= 200);

  auto reopened = tlog::EmbeddedLog::open({dir.path(), 2, true});
  REQUIRE(reopened.ok());
  const PartitionId p = tlog::partition_for("key", 2);
  CHECK((*reopened)->end_position(p).value() >= acknowledged + 1);
  tlog::ConsumerOptions options;
  options.partitions = {p};
  auto consumer = (*reopened)->consume(options);
  REQUIRE(consumer.ok());
  auto records = (*consumer)->poll(100, static_cast<std::size_t>(acknowledged) + 1);
  REQUIRE(records.ok());
  REQUIRE(records->size() == static_cast<std::size_t>(acknowledged) + 1);
  for (int i = 0; i <= acknowledged; ++i) CHECK((*records)[static_cast<std::size_t>(i)].value == std::to_string(i));
}
