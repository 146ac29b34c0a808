# openmsp_module(NAME [DEPS target...] [PRIVATE_DEPS target...] [TEST_DEPS target...] [BENCH_DEPS target...])
#
# Declares the library target openmsp_<NAME> from the .cpp files of the current folder (recursively),
# leaving out main.cpp (an executable's own file), *_test.cpp, *_bench.cpp and *_fuzz.cpp, which become, in that order:
#   openmsp_<NAME>_test   one GoogleTest executable, registered with CTest;
#   openmsp_<NAME>_bench  one Google Benchmark executable;
#   fuzz_<stem>           one libFuzzer executable per *_fuzz.cpp (only when OPENMSP_FUZZ is on).
# DEPS are linked PUBLIC (they appear in the module's headers), PRIVATE_DEPS only inside it; TEST_DEPS
# and BENCH_DEPS only into the test and benchmark executables (e.g. openmsp_test_support).
function(openmsp_module name)
  cmake_parse_arguments(ARG "" "" "DEPS;PRIVATE_DEPS;TEST_DEPS;BENCH_DEPS" ${ARGN})
  file(GLOB_RECURSE all_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  set(lib_sources ${all_sources})
  list(FILTER lib_sources EXCLUDE REGEX "(_(test|bench|fuzz)|/main)\\.cpp$")
  set(test_sources ${all_sources})
  list(FILTER test_sources INCLUDE REGEX "_test\\.cpp$")
  set(bench_sources ${all_sources})
  list(FILTER bench_sources INCLUDE REGEX "_bench\\.cpp$")
  set(fuzz_sources ${all_sources})
  list(FILTER fuzz_sources INCLUDE REGEX "_fuzz\\.cpp$")

  set(target openmsp_${name})
  add_library(${target} STATIC ${lib_sources})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${target} PUBLIC ${ARG_DEPS} PRIVATE openmsp_warnings ${ARG_PRIVATE_DEPS})

  if(OPENMSP_FUZZ)
    foreach(source ${fuzz_sources})
      get_filename_component(stem ${source} NAME_WE)
      add_executable(fuzz_${stem} ${source})
      target_link_options(fuzz_${stem} PRIVATE -fsanitize=fuzzer)
      target_link_libraries(fuzz_${stem} PRIVATE ${target} openmsp_warnings)
    endforeach()
    return()
  endif()

  if(test_sources)
    add_executable(${target}_test ${test_sources})
    target_link_libraries(${target}_test PRIVATE ${target} ${ARG_TEST_DEPS} openmsp_warnings
                          GTest::gtest GTest::gmock GTest::gtest_main)
    target_compile_definitions(${target}_test PRIVATE
      OPENMSP_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
    add_test(NAME ${name} COMMAND ${target}_test --gtest_brief=1)
  endif()
  if(bench_sources AND OPENMSP_BENCHMARKS)
    add_executable(${target}_bench ${bench_sources})
    target_link_libraries(${target}_bench PRIVATE ${target} ${ARG_BENCH_DEPS} openmsp_warnings
                          benchmark::benchmark_main)
    # A short run proves every benchmark still works; real figures come from `make bench`.
    add_test(NAME ${name}_bench_smoke COMMAND ${target}_bench --benchmark_min_time=0.001)
  endif()
endfunction()
