# api_bench: an authenticated balance lookup over HTTP on loopback with 1M accounts in the
# books, open loop at 5,000 requests/s: p50 and p99 beside the same lookup without auth, and
# that beside the raw ledger lookup (Ledger::account_view), all in the same run.
if(TARGET tally_api)
  add_executable(api_bench ${CMAKE_CURRENT_LIST_DIR}/api_bench.cpp)
  target_link_libraries(api_bench PRIVATE tally_bench_util tally_api tally_ledger tally_log)
  tally_warnings(api_bench)
endif()
