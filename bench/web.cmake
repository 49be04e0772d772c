# web_bench: each web page's weight (the page with every script and style it loads) and its
# load time in headless Chromium on loopback (navigation timing), beside the same server's
# bare answer (/healthz) loaded the same way. A script: copied beside the other benchmarks
# with the tally binary's path.
if(TARGET tally)
  file(GENERATE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/web_bench
    CONTENT "#!/bin/sh\nexec /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/web_bench.py $<TARGET_FILE:tally> \"$@\"\n"
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endif()
