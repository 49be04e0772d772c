#include "ingest/publisher.h"

namespace tally::ingest {

void Publisher::emit(events::Envelope&& event) {
  if (failure_) return;
  emit_encoded(event.partition_key(), events::encode(event));
}

void Publisher::emit_encoded(std::string partition_key, std::string value) {
  if (failure_) return;
  keys_.push_back(std::move(partition_key));
  values_.push_back(std::move(value));
  if (keys_.size() >= batch_size_) {
    if (auto flushed = flush(); !flushed) failure_ = flushed.error();
  }
}

Status Publisher::flush() {
  if (failure_) return *failure_;
  if (keys_.empty()) return ok_status();
  std::vector<log::AppendEntry> batch;
  batch.reserve(keys_.size());
  for (std::size_t i = 0; i < keys_.size(); ++i) batch.push_back({keys_[i], values_[i]});
  auto appended = log_.append(batch);
  if (!appended) {
    failure_ = appended.error();
    return *failure_;
  }
  published_ += static_cast<std::int64_t>(batch.size());
  appended_.insert(appended_.end(), appended->begin(), appended->end());
  keys_.clear();
  values_.clear();
  return ok_status();
}

}  // namespace tally::ingest
