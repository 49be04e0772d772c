add_executable(bai2_bench ${CMAKE_CURRENT_LIST_DIR}/bai2_bench.cpp)
target_link_libraries(bai2_bench PRIVATE tally_formats_bai2 tally_bench_util)
tally_warnings(bai2_bench)
