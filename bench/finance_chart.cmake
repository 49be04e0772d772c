# finance_chart_bench: the finance page's 30-day chart as one range request over HTTP beside
# the 30 daily deposit reports it replaces (medians, same run). A script: copied beside the
# other benchmarks with the tally binary's path.
if(TARGET tally)
  file(GENERATE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/finance_chart_bench
    CONTENT "#!/bin/sh\nexec /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/finance_chart_bench.py $<TARGET_FILE:tally> \"$@\"\n"
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endif()
