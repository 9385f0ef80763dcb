#pragma once

#include <CLI/CLI.hpp>

namespace cli {

// Marks `command` as one that signs: GnuPG is prepared for signing before it runs
// (gpg::prepare_for_signing), so that its key choice can be remembered. Returns it.
CLI::App* signs(CLI::App* command);

// The command table: each command lives in its own file and adds itself to the app.
void register_init(CLI::App& app);
void register_keys(CLI::App& app);
void register_verify(CLI::App& app);
void register_demo(CLI::App& app);
void register_templates(CLI::App& app);
void register_new(CLI::App& app);
void register_edit(CLI::App& app);
void register_publish(CLI::App& app);
void register_list(CLI::App& app);
void register_show(CLI::App& app);
void register_diff(CLI::App& app);
void register_validate(CLI::App& app);
void register_hook(CLI::App& app);
void register_start(CLI::App& app);
void register_record_commands(CLI::App& app); // step, approve, note, finish
void register_status(CLI::App& app);
void register_log(CLI::App& app);
void register_audit(CLI::App& app);
void register_run(CLI::App& app);
void register_sync(CLI::App& app);
// Training on every version (issue 17)
void register_ack(CLI::App& app);
void register_training(CLI::App& app);
// issue 18: policy in plain words, the reviewer's view
void register_policy(CLI::App& app); // policy describe, policy diff
void register_review(CLI::App& app);

} // namespace cli
