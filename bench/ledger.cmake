# ledger_bench: durable apply rate (synced group commit, 1,000 events per batch) beside raw
# RocksDB writing the same WriteBatch bytes with the same sync policy; and balance lookup
# latency on a ledger of 1M accounts beside a raw Get of one key.
if(TARGET tally_ledger)
  add_executable(ledger_bench ${CMAKE_CURRENT_LIST_DIR}/ledger_bench.cpp)
  target_link_libraries(ledger_bench PRIVATE tally_ledger tally_bench_util RocksDB::rocksdb-shared)
  tally_warnings(ledger_bench)
endif()
