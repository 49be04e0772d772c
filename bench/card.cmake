add_executable(card_bench ${CMAKE_CURRENT_LIST_DIR}/card_bench.cpp)
target_link_libraries(card_bench PRIVATE tally_formats_card tally_bench_util)
tally_warnings(card_bench)
