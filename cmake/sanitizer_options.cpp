// The sanitizers' default settings, compiled into every executable of the sanitizer
// build (cmake/Sanitizers.cmake), so that a run by ctest, by hand or by a git hook
// behaves the same. ASAN_OPTIONS and UBSAN_OPTIONS still override them (the e2e tests
// add log_path, see tests/e2e/sanitizer_reports.sh).

// NOLINTBEGIN(readability-identifier-naming): the sanitizer runtimes look these up by name.
extern "C" const char* __asan_default_options();
extern "C" const char* __ubsan_default_options();
extern "C" const char* __lsan_default_suppressions();

// Stop at the first error (a leak too), and check what costs little but finds real
// bugs: a view or pointer into a function's finished stack frame, and the order of
// static initialisation. Leaks that a suppression below covers are not mentioned at all.
// The tests start thousands of short processes: a smaller quarantine of freed memory
// (16 MB, not 256) and shorter allocation stacks (10 frames, not 30) make each one
// cheaper, and still catch a use after free within a command's run.
extern "C" const char* __asan_default_options() {
  return "halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:"
         "check_initialization_order=1:strict_init_order=1:print_suppressions=0:"
         "quarantine_size_mb=16:malloc_context_size=10";
}

// -fno-sanitize-recover=undefined already stops at the first report; print where it was.
extern "C" const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1";
}

// Debian bookworm's libgit2 1.5 loses memory inside itself on paths we use: the PCRE2
// match data of a config regex that does not match (every git_remote_lookup), a
// merge-base queue (git_graph_descendant_of), strings and the known-hosts list of its
// SSH transport. It is built without frame pointers, so a report stops at its first
// frame and cannot be told from a handle of ours left open; our handles are
// unique_ptrs (git/handles.hpp), so what libgit2, and the libraries only it uses,
// allocate is not checked for leaks. The sanitizer build links them in
// (GIT_RUNBOOK_STATIC, cmake/Libraries.cmake), so a report names their functions, not
// their files: libgit2 allocates through
// stdalloc__*, PCRE2 through *pcre2_*, libssh2 through *libssh2_*.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:stdalloc__\n"
         "leak:pcre2_\n"
         "leak:libssh2_\n";
}
// NOLINTEND(readability-identifier-naming)
