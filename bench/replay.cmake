# replay_bench: bench/replay_1m.sh on the `tally` binary of this build (bench/run runs every
# executable named *_bench). `replay_bench [PAYMENTS]`, default 1,000,000.
if(TARGET tally)
  file(GENERATE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/replay_bench
    CONTENT "#!/usr/bin/env bash\nexec ${CMAKE_CURRENT_LIST_DIR}/replay_1m.sh $<TARGET_FILE:tally> \"$@\"\n"
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
endif()
