# Warnings as errors on project code only; third-party headers come in as SYSTEM includes.
function(tally_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual -Werror)
  # GCC 12 reports -Wrestrict falsely inside std::string concatenation (GCC bug 105329).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()

# One place to declare a module's test executable; Catch2 cases become ctest tests.
function(tally_add_tests name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;PROPERTIES" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE tally_test_main ${T_LIBS})
  tally_warnings(${name})
  # Each test runs with its output bounded (tests/support/bounded_output.sh says why). Catch's
  # discovery puts a target's emulator in front of every test command it adds.
  set_target_properties(${name} PROPERTIES CROSSCOMPILING_EMULATOR ${TALLY_TEST_LAUNCHER})
  # A test case whose name ctest cannot carry (a ';' splits it) would run nothing and pass:
  # -w NoTests makes a run that matches no test case fail instead.
  catch_discover_tests(${name}
    EXTRA_ARGS -w NoTests
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    PROPERTIES ENVIRONMENT "TALLY_SOURCE_DIR=${PROJECT_SOURCE_DIR}" ${T_PROPERTIES})
endfunction()

# Adds every sub-folder that has a CMakeLists.txt: formats/ grows one reader at a time.
# TALLY_EXCLUDE (a list of folder names) leaves folders out: for a build beside work in
# progress.
set(TALLY_EXCLUDE "" CACHE STRING "module folders to leave out of the build")
function(tally_add_present_subdirectories)
  foreach(sub ${ARGN})
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${sub}/CMakeLists.txt AND NOT sub IN_LIST TALLY_EXCLUDE)
      add_subdirectory(${sub})
    endif()
  endforeach()
endfunction()

# A libFuzzer target (TALLY_BUILD_FUZZ=ON, clang only). CI runs each for a bounded time:
# see .ci/fuzz.
function(tally_add_fuzzer name)
  if(NOT TALLY_BUILD_FUZZ)
    return()
  endif()
  cmake_parse_arguments(F "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${F_SOURCES})
  target_link_libraries(${name} PRIVATE ${F_LIBS})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  set_property(GLOBAL APPEND PROPERTY TALLY_FUZZERS ${name})
endfunction()
