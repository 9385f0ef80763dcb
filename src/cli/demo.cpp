#include "cli/commands.hpp"
#include "cli/init.hpp"
#include "cli/keys.hpp"
#include "cli/output.hpp"
#include "cli/run_log.hpp"
#include "cli/start.hpp"
#include "cli/verify.hpp"
#include "cli/workspace.hpp"
#include "git/check.hpp"
#include "gpg/context.hpp"
#include "gpg/key_generation.hpp"
#include "gpg/user_keys.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/temp_dir.hpp"
#include "util/text.hpp"
#include "cli/app.hpp"
#include "yaml/field_edit.hpp"

#include <cstdlib>
#include <iostream>

namespace cli {

namespace {

struct DemoOptions {
  std::optional<std::filesystem::path> folder;
};

void step(const std::string& text) { std::cout << "\n== " << text << "\n" << std::flush; }

// Runs a command exactly as a person would type it after `git runbook`.
void invoke(std::vector<std::string> words) {
  std::string shown;
  for (const std::string& word : words) {
    shown += " " + (word.find(' ') == std::string::npos ? word : "\"" + word + "\"");
  }
  std::cout << "$ git runbook" << shown << "\n" << std::flush;
  words.insert(words.begin(), "git-runbook");
  std::vector<char*> argv;
  argv.reserve(words.size());
  for (std::string& word : words) {
    argv.push_back(word.data());
  }
  int code = run(static_cast<int>(argv.size()), argv.data());
  std::cout << std::flush;
  if (code != 0) {
    throw util::RuleError("the demo's command `git runbook " + util::join(std::vector<std::string>(words.begin() + 1, words.end()), " ") +
                          "` failed; this is a bug in git-runbook.");
  }
}

// What a team lead would do in an editor for the second version.
void edit_second_version(const std::filesystem::path& file) {
  std::string text = util::read_file(file).value_or("");
  text = yaml::set_top_level_field(text, "change", yaml::inline_scalar("IT asked for laptops to be ordered two weeks ahead"),
                                   "version");
  std::string old_title = "title: Order equipment";
  if (std::size_t at = text.find(old_title); at != std::string::npos) {
    text.replace(at, old_title.size(), "title: Order equipment two weeks before the start date");
  }
  // A list answer for the accounts to open, asked when a run starts.
  std::string inputs_end = "\nsteps:\n";
  if (std::size_t at = text.find(inputs_end); at != std::string::npos) {
    text.insert(at + 1, "  - name: accounts\n"
                        "    prompt: Which accounts does the employee need?\n"
                        "    list: true\n"
                        "    hint: account names separated by commas, like Google,Slack\n"
                        "    required: true\n");
  }
  text += "  - id: \"10\"\n"
          "    title: Ask for onboarding feedback\n"
          "    do: |\n"
          "      Send the survey template onboarding-feedback with the subject\n"
          "      \"How was your first month?\" via Google Forms, and attach the answers.\n"
          "    tool: Google Forms\n"
          "    template: onboarding-feedback\n"
          "    subject: \"How was your first month?\"\n"
          "    role: operator\n"
          "    evidence: link\n"
          "    optional: true\n"
          "    due: 30d\n"
          "  - id: \"11\"\n"
          "    title: Open an account for <employee_name>\n"
          "    do: Open the account, and send <employee_name> the sign-in link.\n"
          "    for_each: accounts\n"
          "    role: operator\n"
          "  - id: \"12\"\n"
          "    title: Check the home-office equipment of <employee_name>\n"
          "    do: Call <employee_name> and check that the laptop and screen arrived.\n"
          "    when: {input: work_location, in: [Remote, Hybrid]}\n"
          "    role: people-partner\n"
          "    due: 2d\n";
  util::write_file_atomic(file, text);
}

// Everything the demo makes lives in one folder: a keyring, a home for git settings,
// and the sample repository. The user's own keyring, settings and repositories are
// never read or written.
struct DemoPlace {
  std::filesystem::path root;
  std::filesystem::path gnupg;
  std::filesystem::path repo;
};

DemoPlace prepare(const DemoOptions& options) {
  std::filesystem::path root;
  if (options.folder) {
    root = std::filesystem::absolute(*options.folder);
    std::error_code ec;
    if (std::filesystem::exists(root, ec) && !std::filesystem::is_empty(root, ec)) {
      throw util::UsageError(root.string() + " is not empty; give `git runbook demo` a new or empty folder.");
    }
    std::filesystem::create_directories(root, ec);
    if (ec) {
      throw util::EnvironmentError("could not make " + root.string() + ": " + ec.message());
    }
  } else {
    root = util::TempDir("git-runbook-demo").release();
  }
  DemoPlace place{root, root / "gnupg", root / "repo"};
  std::filesystem::create_directories(place.gnupg);
  std::filesystem::permissions(place.gnupg, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace);
  std::filesystem::create_directories(root / "git-settings");
  util::write_file_atomic(root / "git-settings" / ".gitconfig", "[init]\n\tdefaultBranch = main\n");
  std::filesystem::create_directories(place.repo);
  ::setenv("GNUPGHOME", place.gnupg.c_str(), 1);
  git::isolate_config((root / "git-settings").string());
  return place;
}

// Records one step (for a step repeated per item: one item) as done by `by`, with the
// evidence it asks for; Bob approves it when it needs approval.
void record_demo_step(const std::filesystem::path& evidence, const std::string& run, const core::Step& step,
                      const std::string& item, const std::string& by, const std::string& bob) {
  std::vector<std::string> words = {"step", run, step.id, "--outcome", "done"};
  if (!item.empty()) {
    words.insert(words.end(), {"--item", item});
  }
  switch (step.evidence) {
  case core::Evidence::file: {
    std::filesystem::path file = evidence / ("step-" + step.id + ".txt");
    util::write_file_atomic(file, "Evidence for step " + step.id + ": " + step.title + "\n");
    words.insert(words.end(), {"--evidence", file.string()});
    break;
  }
  case core::Evidence::link:
    words.insert(words.end(), {"--evidence", "https://intranet.example/onboarding/jo-rivera/" + step.id});
    break;
  case core::Evidence::text:
    words.insert(words.end(), {"--note", "Done as described; details in the HR system."});
    break;
  case core::Evidence::none:
    break;
  }
  words.insert(words.end(), {"--key", by});
  invoke(words);
  if (step.approval) {
    invoke({"approve", run, step.id, "--note", "Checked", "--key", bob});
  }
}

// Alice and Bob acknowledge v2 of the onboarding runbook (it requires training); Alice
// follows it from start to finish, attaching the evidence each step asks for, one
// account at a time where a step is repeated per account; Bob does the step of his team
// role and approves what needs approval.
void record_a_run(const DemoPlace& place, const std::string& alice, const std::string& bob) {
  invoke({"ack", "employee-onboarding", "--note", "Read it before my first onboarding", "--key", alice});
  invoke({"ack", "employee-onboarding", "--key", bob});
  Workspace workspace = Workspace::open(place.repo);
  std::string run = start_run(workspace, "employee-onboarding", std::nullopt,
                              {"employee_name=Jo Rivera", "start_date=2026-12-07", "manager=Sam Lee",
                               "work_location=Hybrid", "accounts=Google,Slack"},
                              alice);
  std::cout << "$ git runbook start employee-onboarding --input employee_name=\"Jo Rivera\" … "
               "--input accounts=Google,Slack\n"
            << run << "\n";
  PinnedRunbook pinned = pin_runbook(workspace, "employee-onboarding", std::nullopt);
  std::filesystem::path evidence = place.root / "evidence";
  std::filesystem::create_directories(evidence);
  for (const core::Step& step : pinned.runbook.steps) {
    std::vector<std::string> items = step.for_each ? std::vector<std::string>{"Google", "Slack"}
                                                   : std::vector<std::string>{""};
    const std::string& by = step.role == std::optional<std::string>("people-partner") ? bob : alice;
    for (const std::string& item : items) {
      record_demo_step(evidence, run, step, item, by, bob);
    }
  }
  invoke({"status", run});
  invoke({"finish", run, "--key", alice});
  invoke({"log", "--run", run});
  invoke({"training"});
}

void run_demo(const DemoOptions& options) {
  DemoPlace place = prepare(options);
  std::cout << "git-runbook demo in " << place.root.string() << "\n"
            << "It uses a throwaway keyring (" << place.gnupg.string() << ") and touches nothing of yours.\n";

  step("1. Two people get signing keys");
  std::string alice = gpg::generate_signing_key(place.gnupg, "Alice Martin <alice@example.com>");
  std::string bob = gpg::generate_signing_key(place.gnupg, "Bob Chen <bob@example.com>");
  std::cout << "Alice Martin (team lead)  key " << alice << "\nBob Chen (operator)       key " << bob << "\n";

  step("2. Alice sets up the runbook repository");
  std::string first = run_init(InitOptions{place.repo, alice, "alice"});
  std::cout << "First signed commit: " << first << "\n";

  step("3. Alice adds Bob as operator and approver, and gives him a team role");
  std::filesystem::path bob_key = place.root / "bob.asc";
  util::write_file_atomic(bob_key, gpg::export_public_key(bob));
  std::filesystem::current_path(place.repo);
  run_keys_add(KeysAddOptions{"bob", bob_key.string(), "operator,approver", std::nullopt, std::nullopt, alice});
  invoke({"keys", "grant", "bob", "people-partner", "--describe", "Looks after new employees in their first weeks",
          "--key", alice});
  run_keys_list(KeysListOptions{});

  step("4. Alice writes a runbook from a template and publishes it");
  ::unsetenv("VISUAL");
  ::unsetenv("EDITOR");
  invoke({"templates"});
  invoke({"new", "employee-onboarding", "--template", "employee-onboarding", "--title", "Onboarding a new employee"});
  invoke({"publish", "employee-onboarding"});

  step("5. Alice publishes a second version; v1 stays as it was");
  invoke({"edit", "employee-onboarding"});
  edit_second_version(place.repo / "runbooks/employee-onboarding/v2.yaml");
  std::cout << "(Alice edits v2.yaml: a reworded step, an optional step due within 30 days, a step for each account,\n"
               " a step only for remote or hybrid work done by Bob's team role, and why)\n";
  invoke({"diff", "employee-onboarding"});
  invoke({"publish", "employee-onboarding"});
  invoke({"list"});

  step("6. Alice and Bob acknowledge the version (training); Alice runs the onboarding; Bob helps and approves");
  record_a_run(place, alice, bob);

  step("7. An auditor verifies every commit, offline");
  Workspace workspace = Workspace::open(place.repo);
  std::size_t problems = print_verification(workspace.repo(), VerifyCommandOptions{});

  step("8. The auditor's report: every run, its exact version, who did what and when");
  std::filesystem::path report = place.root / "audit.html";
  invoke({"audit", "--format", "html", "-o", report.string()});

  gpg::stop_agent(place.gnupg);
  std::cout << "\nWhat happened: every change above is a commit signed with GnuPG; the policy in\n"
            << ".runbook/policy.yaml says who may do what, and `verify` re-checked each signature\n"
            << "and permission from the first commit on. Open the audit report in a browser:\n"
            << "  " << report.string() << "\nLook around:\n"
            << "  cd " << place.repo.string() << " && GNUPGHOME=" << place.gnupg.string()
            << " git log --show-signature\n"
            << "Remove the folder when done: rm -rf " << place.root.string() << "\n";
  if (problems > 0) {
    throw util::RuleError("the demo's verification failed; this is a bug in git-runbook.");
  }
}

} // namespace

void register_demo(CLI::App& app) {
  auto options = std::make_shared<DemoOptions>();
  CLI::App* command = app.add_subcommand(
      "demo", "Show what git-runbook does, in a throwaway folder with its own keys.");
  signs(command);
  command->add_option("folder", options->folder, "A new or empty folder for the demo (default: a temporary one)");
  command->footer("Example:\n  git runbook demo\n  git runbook demo /tmp/runbook-demo");
  command->callback([options] { run_demo(*options); });
}

} // namespace cli
