# nacha_bench: NACHA parse rate (MB/s) on a generated 1,000,000-entry file, beside plain line
# splitting of the same bytes in the same run; and the parser's memory on 100k vs 1M entries.
if(TARGET tally_formats_nacha)
  add_executable(nacha_bench ${CMAKE_CURRENT_LIST_DIR}/nacha_bench.cpp)
  target_link_libraries(nacha_bench PRIVATE tally_bench_util tally_formats_nacha)
  tally_warnings(nacha_bench)
endif()
