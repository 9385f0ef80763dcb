# `runbook_libraries`: libgit2, GPGME, libgcrypt and yaml-cpp, with what they need
# themselves, linked from the static archives that their Debian -dev packages ship.
#
# Why: each command is a short process, and a note is recorded in about 20 ms. Linked
# against the shared libraries, the dynamic loader alone took 11.5 of the 14.7 million
# instructions of `git-runbook --version`: libgit2 pulls in OpenSSL's libcrypto (through
# libssh2), mbedTLS and Kerberos, 27 libraries with 8,000 symbols to look up at every
# start. From the archives, the linker resolves them once, at build time
# (tests/bench/record_bench.sh measures the difference).
#
# What stays shared: the C library, and Kerberos' GSSAPI library (libgit2 uses it for
# "Negotiate" HTTP authentication; Debian ships no archive of it).
#
# The cost: a security fix in one of these libraries reaches git-runbook when it is built
# again (scripts/package), not when the library's package is upgraded.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(LINKED REQUIRED libgit2>=1.5 libssh2 gpgme>=1.18 libgcrypt>=1.10 yaml-cpp libpcre2-8)

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
    message(FATAL_ERROR "lib${name}.a was not found: git-runbook links ${name} statically. "
                        "Install the Debian package that ships it (scripts/setup-common.sh lists them).")
  endif()
  list(APPEND archives "${archive_path}")
  unset(archive_path)
endforeach()

# libgit2's archive calls GSSAPI, which its pkg-config file does not list. Without the
# -dev package there is no libgssapi_krb5.so link, so the versioned library is named.
find_library(gssapi_library NAMES gssapi_krb5 libgssapi_krb5.so.2 REQUIRED)

add_library(runbook_libraries INTERFACE)
target_include_directories(runbook_libraries SYSTEM INTERFACE ${LINKED_STATIC_INCLUDE_DIRS})
target_compile_options(runbook_libraries INTERFACE ${LINKED_STATIC_CFLAGS_OTHER})
target_link_libraries(runbook_libraries INTERFACE ${archives} "${gssapi_library}" Threads::Threads
                                                  ${CMAKE_DL_LIBS})
# libgit2's start-up reaches src/git/network_start.cpp first: the system's certificates
# are read, and libssh2 started, only when a remote needs them.
target_link_options(runbook_libraries INTERFACE "LINKER:--wrap=mbedtls_x509_crt_parse_file"
                                                "LINKER:--wrap=libssh2_init")
