# GIT_RUNBOOK_SANITIZE=ON builds every target that links `sanitizers` (the core library
# links it publicly, so the binary, the unit tests and the fuzz targets too) with
# AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer, and libstdc++'s
# bounds checks. The first report stops the process with a non-zero exit code.
# Clang only: the suite is kept clean with one compiler's sanitizers.
option(GIT_RUNBOOK_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer (Clang only)" OFF)
add_library(sanitizers INTERFACE)
if(GIT_RUNBOOK_SANITIZE)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "GIT_RUNBOOK_SANITIZE needs Clang, but this build uses ${CMAKE_CXX_COMPILER_ID}: "
                        "configure a fresh build folder with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  set(sanitize_flags -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_compile_options(sanitizers INTERFACE ${sanitize_flags})
  # Not position-independent: a sanitized binary is large, and relocating it took a
  # third of the start-up time of each of the thousands of runs of the e2e tests.
  target_link_options(sanitizers INTERFACE ${sanitize_flags} -no-pie)
  target_compile_definitions(sanitizers INTERFACE _GLIBCXX_ASSERTIONS)
  # Compiled into each executable (not into the core library, where a unity build would
  # tie them to other code and define them twice): the sanitizers' settings travel with
  # the binary, so that a run by ctest, by hand or by a git hook behaves the same.
  target_sources(sanitizers INTERFACE
    "$<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:${CMAKE_CURRENT_LIST_DIR}/sanitizer_options.cpp>")
endif()
