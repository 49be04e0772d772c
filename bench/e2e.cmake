# e2e_bench: a 1,000,000-payment NACHA file ingested end to end on the embedded log (parse,
# log, ledger; synced), through app's PostingServices as `tally ingest` runs it, beside
# parse-only time on the same bytes; plus a breakdown of where the time goes.
if(TARGET tally_ingest AND TARGET tally_ledger AND TARGET tally_log)
  add_executable(e2e_bench
    ${CMAKE_CURRENT_LIST_DIR}/e2e_bench.cpp
    ${PROJECT_SOURCE_DIR}/app/posting.cpp
    ${PROJECT_SOURCE_DIR}/app/open_log.cpp)
  target_link_libraries(e2e_bench PRIVATE tally_bench_util tally_ingest tally_ledger tally_log
    tally_formats_nacha fmt::fmt spdlog::spdlog)
  tally_warnings(e2e_bench)
endif()
