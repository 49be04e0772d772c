// The memory of one group commit: its keys and values, staged in an arena, and the WriteBatch
// built from them. Internal to the ledger (apply_batch.h, table_files.h).
#pragma once

#include <rocksdb/write_batch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/store.h"

namespace tally::ledger {

// Memory a batch needs, kept by the ledger from one batch to the next: a batch is large
// (about 600 bytes of keys and values per event) and allocating it afresh each time costs
// page faults.
struct BatchBuffers {
  struct Staged {
    Family family;
    bool erase;
    std::uint32_t key_offset, key_size, value_offset, value_size;
  };
  std::string arena;
  std::vector<Staged> staged;
  std::vector<std::uint32_t> order;
  rocksdb::WriteBatch batch;
  void clear() {
    arena.clear();
    staged.clear();
    order.clear();
    batch.Clear();
  }
};

}  // namespace tally::ledger
