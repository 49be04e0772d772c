#include "app/open_log.h"

#include <filesystem>

#include <fmt/format.h>

#include "core/errors.h"
#include "core/log/embedded_log.h"
#include "core/log/kafka_log.h"

namespace tally::app {

Status prepare_data_dir(const Config& config) {
  for (const std::string& dir : {config.data_dir, config.log_dir(), config.ledger_dir(),
                                 config.inbox_dir(), config.processed_dir(), config.quarantine_dir()}) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return core_error(CoreErrc::bad_config, fmt::format("cannot create {}: {}", dir, ec.message()));
  }
  return ok_status();
}

Result<std::unique_ptr<log::EventLog>> open_event_log(const Config& config) {
  if (!config.kafka.brokers.empty()) {
    log::KafkaLogOptions options;
    options.brokers = config.kafka.brokers;
    options.topic = config.kafka.topic;
    options.session_timeout_ms = config.kafka.session_timeout_ms;
    TALLY_TRY(auto kafka, log::KafkaLog::open(options));
    return std::unique_ptr<log::EventLog>(std::move(kafka));
  }
  TALLY_TRY(auto embedded, log::EmbeddedLog::open({config.log_dir(), config.partitions, true}));
  return std::unique_ptr<log::EventLog>(std::move(embedded));
}

}  // namespace tally::app
