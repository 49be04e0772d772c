# camt_bench: camt.053 parse rate (MB/s) on a generated 100k-entry statement, beside expat
# parsing the same bytes with empty handlers in the same run.
if(TARGET tally_formats_camt)
  add_executable(camt_bench ${CMAKE_CURRENT_LIST_DIR}/camt_bench.cpp)
  target_link_libraries(camt_bench PRIVATE tally_bench_util tally_formats_camt EXPAT::EXPAT)
  tally_warnings(camt_bench)
endif()
