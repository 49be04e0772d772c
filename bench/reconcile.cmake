# reconcile_bench: a reconciliation run of 100k and 1M expected deposits against as many bank
# lines on the embedded log, results durable, beside an in-memory sort-merge join of the same
# keys plus raw RocksDB writing the same results; the load (catch-up) beside raw RocksDB
# writing the same items, and where a run's time goes (decide vs publish and apply).
if(TARGET tally_reconcile)
  add_executable(reconcile_bench ${CMAKE_CURRENT_LIST_DIR}/reconcile_bench.cpp)
  target_link_libraries(reconcile_bench PRIVATE tally_reconcile tally_log tally_bench_util fmt::fmt
    RocksDB::rocksdb-shared)
  tally_warnings(reconcile_bench)
endif()
