// LogEnds: a drain of every partition stops once each has been read to where the log ended
// when the drain began, and never on ends it could not read.
#include <catch2/catch.hpp>

#include "core/log/log_ends.h"

using namespace tally;
using namespace tally::log;

namespace {

LogRecord at(std::uint32_t partition, std::int64_t position) {
  return LogRecord{PartitionId(partition), LogPosition(position), "k", "v"};
}

}  // namespace

TEST_CASE("log ends: reached once every partition is read to its end", "[log]") {
  LogEnds ends({LogPosition(2), LogPosition(0), LogPosition(1)},
               {{PartitionId(0), LogPosition(0)}, {PartitionId(1), LogPosition(0)}, {PartitionId(2), LogPosition(0)}});
  CHECK_FALSE(ends.reached());
  ends.read({at(0, 0), at(2, 0)});
  CHECK_FALSE(ends.reached());  // partition 0 holds one more
  ends.read({at(0, 1)});
  CHECK(ends.reached());
}

TEST_CASE("log ends: a reader exactly at the ends has nothing to read, one past them must look", "[log]") {
  LogEnds at({LogPosition(5), LogPosition(7)}, {{PartitionId(0), LogPosition(5)}, {PartitionId(1), LogPosition(7)}});
  CHECK(at.at_ends());
  CHECK(at.reached());
  // Past the end: the topic was reset or recreated. Nothing to wait for, but a consumer must
  // be made to see it and stop the partition.
  LogEnds past({LogPosition(5), LogPosition(7)}, {{PartitionId(0), LogPosition(5)}, {PartitionId(1), LogPosition(9)}});
  CHECK(past.reached());
  CHECK_FALSE(past.at_ends());
}

TEST_CASE("log ends: unknown ends are never reached", "[log]") {
  CHECK_FALSE(LogEnds().reached());
  CHECK_FALSE(LogEnds().at_ends());
  CHECK_FALSE(read_log_ends({}, {}).reached());
  const EndsReader failing = []() -> Result<std::vector<LogPosition>> {
    return Error{std::make_error_code(std::errc::host_unreachable), "brokers down"};
  };
  CHECK_FALSE(read_log_ends(failing, {{PartitionId(0), LogPosition(0)}}).reached());
  const EndsReader empty_log = [] { return Result<std::vector<LogPosition>>(std::vector<LogPosition>{LogPosition(0)}); };
  CHECK(read_log_ends(empty_log, {{PartitionId(0), LogPosition(0)}}).at_ends());
}
