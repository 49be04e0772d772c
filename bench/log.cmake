add_executable(log_append_bench ${CMAKE_CURRENT_LIST_DIR}/log_append_bench.cpp)
target_link_libraries(log_append_bench PRIVATE tally_log tally_bench_util RocksDB::rocksdb-shared)
tally_warnings(log_append_bench)
