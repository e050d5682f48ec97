# Every dependency comes from Debian packages installed by tools/setup.sh.
find_package(ZLIB REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Threads REQUIRED)
if(QGBM_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(QGBM_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()

# qgbm_module(name SOURCES ... DEPS ... TESTS ...): one static library per folder (src/<name>),
# linking only the modules below it. Its unit tests (foo_test.cc beside foo.cc) form one test
# executable per module, qgbm_<name>_test, so a module's tests build and run on their own.
function(qgbm_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;TESTS" ${ARGN})
  add_library(qgbm_${name} STATIC ${M_SOURCES})
  target_include_directories(qgbm_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(qgbm_${name} PUBLIC ${M_DEPS})
  qgbm_set_warnings(qgbm_${name})
  if(QGBM_BUILD_TESTS AND M_TESTS)
    add_executable(qgbm_${name}_test ${M_TESTS})
    target_link_libraries(qgbm_${name}_test PRIVATE qgbm_${name} GTest::gtest_main)
    target_compile_definitions(qgbm_${name}_test PRIVATE QGBM_SHARED_DATA_DIR="${QGBM_SHARED_DATA_DIR}")
    qgbm_set_warnings(qgbm_${name}_test)
    gtest_discover_tests(qgbm_${name}_test PROPERTIES LABELS unit DISCOVERY_TIMEOUT 120)
  endif()
endfunction()
