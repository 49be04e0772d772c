# e2e_bench: `tally ingest` of a 1,000,000-payment NACHA file on the embedded log, timed as a
# process from start to exit, and the next `tally ledger balance`; beside parse-only time on
# the same bytes, plus an in-process breakdown of where the time goes.
if(TARGET tally AND TARGET tally_node)
  add_executable(e2e_bench ${CMAKE_CURRENT_LIST_DIR}/e2e_bench.cpp)
  target_link_libraries(e2e_bench PRIVATE tally_bench_util tally_node tally_ingest tally_ledger
    tally_log tally_formats_nacha fmt::fmt spdlog::spdlog)
  target_compile_definitions(e2e_bench PRIVATE TALLY_BINARY="$<TARGET_FILE:tally>")
  add_dependencies(e2e_bench tally)
  tally_warnings(e2e_bench)
endif()
