#pragma once

#include "git/repository.hpp"

namespace cli {

// Witnessed time (issue 18).

// `hook post-receive`: Git's post-receive hook on a server with runbook.witnessKey.
// After each accepted push, signs a checkpoint (the server's time, every protected
// branch tip and the log tip) with the witness key, on refs/runbook/checkpoints, its
// parent the previous checkpoint; the ref moves by compare-and-swap, so concurrent
// pushes never fork or lose the chain. Never fails the push (it is already accepted):
// when nothing can be signed, it warns the pusher, and the next push's checkpoint
// covers this one.
void run_post_receive();

// Part of `hook install <bare-repo>`: when runbook.witnessKey is set, checks that the
// key is a usable secret key here (util::EnvironmentError saying what to do when not)
// and installs the post-receive shim; says so. Does nothing when it is unset.
void install_witness_hook(git::Repository& repo);

} // namespace cli
