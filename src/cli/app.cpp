#include "cli/app.hpp"

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/version.hpp"
#include "gpg/context.hpp"
#include "util/error.hpp"

#include <iostream>

namespace cli {

namespace {

constexpr const char* k_description =
    "git-runbook keeps runbooks (step-by-step procedures) in a Git repository where published\n"
    "versions never change, every commit is signed, and every run is recorded.\n"
    "Run it as `git runbook <command>`; `git runbook <command> --help` explains each command.";

const CLI::App* find_command(const CLI::App& app, const std::string& name) {
  for (const CLI::App* command : app.get_subcommands({})) {
    if (command->get_name() == name) {
      return command;
    }
  }
  return nullptr;
}

std::string not_a_command(const std::string& word, const std::string& path) {
  return "\"" + word + "\" is not a command of `" + path + "`. `" + path + " --help` lists them.";
}

// CLI11 answers a misspelt command with "A subcommand is required"; say what is wrong.
void check_command_words(const CLI::App& app, int argc, char** argv) {
  const CLI::App* level = &app;
  std::string path = "git runbook";
  for (int i = 1; i < argc && !level->get_subcommands({}).empty(); ++i) {
    std::string word = argv[i];
    if (word.empty() || word[0] == '-') {
      return;
    }
    const CLI::App* next = find_command(*level, word);
    if (next == nullptr) {
      throw util::UsageError(not_a_command(word, path));
    }
    path += " " + word;
    level = next;
  }
}

} // namespace

CLI::App* signs(CLI::App* command) {
  command->preparse_callback([](std::size_t) { gpg::prepare_for_signing(); });
  return command;
}

int run(int argc, char** argv) {
  CLI::App app(k_description, "git-runbook");
  app.require_subcommand(1);
  app.set_version_flag("--version", version_text,
                       "Show the version of git-runbook and of the libraries it runs with");
  app.footer("Exit codes: 0 success, 1 a rule or validation failed, 2 wrong command line, 3 environment "
             "(no repository, no key, gpg missing).");
  register_init(app);
  register_keys(app);
  register_templates(app);
  register_new(app);
  register_edit(app);
  register_publish(app);
  register_list(app);
  register_show(app);
  register_diff(app);
  register_validate(app);
  register_start(app);
  register_run(app);
  register_record_commands(app);
  register_status(app);
  register_log(app);
  register_sync(app);
  // Training on every version (issue 17)
  register_ack(app);
  register_training(app);
  register_verify(app);
  register_audit(app);
  register_hook(app);
  register_demo(app);
  // issue 18: policy in plain words, the reviewer's view
  register_policy(app);
  register_review(app);
  try {
    check_command_words(app, argc, argv);
    app.parse(argc, argv);
    return util::to_int(util::ExitCode::success);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& parse_error) {
    error(std::string(parse_error.what()) + "\nSee `git runbook --help`.");
    return util::to_int(util::ExitCode::usage);
  } catch (const util::Error& failure) {
    error(failure.what());
    return util::to_int(failure.code());
  } catch (const std::bad_alloc&) {
    error("out of memory. Nothing more was written; try again with more free memory.");
    return util::to_int(util::ExitCode::environment);
  } catch (const std::exception& unexpected) {
    error(std::string("unexpected failure: ") + unexpected.what() +
          "\nThis is a bug in git-runbook; nothing more was written. Please report it with the command you ran.");
    return util::to_int(util::ExitCode::environment);
  }
}

} // namespace cli
