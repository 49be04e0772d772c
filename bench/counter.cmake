# counter_bench: a counter payment through `tally serve`'s authenticated API on loopback, open
# loop at 200 payments/s (p50, p99), beside the same command through Counter::pay directly.
if(TARGET tally AND TARGET tally_node)
  add_executable(counter_bench ${CMAKE_CURRENT_LIST_DIR}/counter_bench.cpp)
  target_link_libraries(counter_bench PRIVATE tally_bench_util tally_node tally_counter tally_log
    Boost::json fmt::fmt)
  target_compile_definitions(counter_bench PRIVATE TALLY_BINARY="$<TARGET_FILE:tally>")
  add_dependencies(counter_bench tally)
  tally_warnings(counter_bench)
endif()
