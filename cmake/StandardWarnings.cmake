# Warnings every target of ours is built with; an INTERFACE target so that the
# settings live in one place.
add_library(standard_warnings INTERFACE)
target_compile_options(standard_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wconversion -Wno-sign-conversion)
option(GIT_RUNBOOK_WERROR "Treat warnings as errors" OFF)
if(GIT_RUNBOOK_WERROR)
  target_compile_options(standard_warnings INTERFACE -Werror)
endif()
