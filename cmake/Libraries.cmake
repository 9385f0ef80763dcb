# `runbook_libraries`: libgit2, GPGME, libassuan (the conversation with gpg-agent),
# libgcrypt, PCRE2 (the patterns of schemas and of runbooks' inputs), yaml-cpp and zlib
# (objects written straight into the store), with what they need.
#
# By default the system's shared libraries, as Debian wants: a security fix to any of
# them reaches git-runbook with `apt upgrade`, and the package's Depends name them
# (dpkg-shlibdeps, through CPack). -DGIT_RUNBOOK_STATIC=ON links their static archives
# instead, for a self-contained binary that starts faster (no dynamic loader looking up
# the symbols of some 25 libraries at every command) but keeps the library versions it
# was built with until it is built again. scripts/test builds the sanitizer build that
# way, so both are tested.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
set(runbook_modules libgit2>=1.5 gpgme>=1.18 libassuan libgcrypt>=1.10 libpcre2-8 yaml-cpp zlib)

option(GIT_RUNBOOK_STATIC "Link libgit2, GPGME, libgcrypt and yaml-cpp (and what they need) from their static archives" OFF)

add_library(runbook_libraries INTERFACE)
if(NOT GIT_RUNBOOK_STATIC)
  pkg_check_modules(LINKED REQUIRED IMPORTED_TARGET ${runbook_modules})
  target_link_libraries(runbook_libraries INTERFACE PkgConfig::LINKED Threads::Threads)
  return()
endif()

# libgit2's pkg-config file names libssh2 only as -lssh2: what libssh2 needs in turn
# (OpenSSL's libcrypto and libssl) comes from libssh2's own file.
pkg_check_modules(LINKED REQUIRED ${runbook_modules} libssh2)
# Names that pkg-config lists but that belong to the C library: linked as usual.
set(c_library_parts c m rt dl pthread)
set(archives "")
foreach(name IN LISTS LINKED_STATIC_LIBRARIES)
  if(name IN_LIST c_library_parts)
    list(APPEND archives "${name}")
    continue()
  endif()
  find_library(archive_path NAMES "lib${name}.a" NO_CACHE)
  if(NOT archive_path)
    message(FATAL_ERROR "lib${name}.a was not found: GIT_RUNBOOK_STATIC=ON links ${name} statically. "
                        "Install the Debian package that ships it (scripts/setup-common.sh lists them), "
                        "or build without -DGIT_RUNBOOK_STATIC=ON to use the shared libraries.")
  endif()
  list(APPEND archives "${archive_path}")
  unset(archive_path)
endforeach()

# libgit2's archive calls GSSAPI, which its pkg-config file does not list. Without the
# -dev package there is no libgssapi_krb5.so link, so the versioned library is named.
# (Debian ships no archive of it: it stays shared, like the C library.)
find_library(gssapi_library NAMES gssapi_krb5 libgssapi_krb5.so.2 REQUIRED)

target_include_directories(runbook_libraries SYSTEM INTERFACE ${LINKED_STATIC_INCLUDE_DIRS})
target_compile_options(runbook_libraries INTERFACE ${LINKED_STATIC_CFLAGS_OTHER})
target_link_libraries(runbook_libraries INTERFACE ${archives} "${gssapi_library}" Threads::Threads
                                                  ${CMAKE_DL_LIBS})
