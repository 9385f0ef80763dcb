#include "git/raw_commit.hpp"

#include <gtest/gtest.h>

#include <gmock/gmock.h>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace raw_commit_test {

using namespace std::string_literals;
using git::parse_raw_commit;
using testing::ElementsAre;
using testing::HasSubstr;

const std::string k_tree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
const std::string k_parent1 = "1111111111111111111111111111111111111111";
const std::string k_parent2 = "22222222222222222222222222222222222222aa";
const std::string k_parent3 = "0123456789abcdef0123456789abcdef01234567";
const std::string k_author = "A U Thor <author@example.com> 1700000000 +0100";
const std::string k_committer = "C O Mitter <committer@example.com> 1700000100 -0500";

// An armored signature as gpg writes it; the second line is empty.
const std::string k_signature = "-----BEGIN PGP SIGNATURE-----\n"
                                "\n"
                                "iQEzBAABCAAdFiEEabcdefabcdefabcdefabcdefabcdefabcdFAmVkZWYACgkQ\n"
                                "=AbCd\n"
                                "-----END PGP SIGNATURE-----";

// One single-line header.
std::string header(std::string_view name, std::string_view value) {
  return std::string(name) + " " + std::string(value) + "\n";
}

// A multi-line header as Git writes it: each further line is prefixed with one space,
// so an empty line of the value becomes a lone space.
std::string multiline_header(std::string_view name, std::string_view value) {
  std::string text = std::string(name) + " ";
  for (char c : value) {
    text += c;
    if (c == '\n') {
      text += ' ';
    }
  }
  return text + "\n";
}

std::string gpgsig(std::string_view signature = k_signature) {
  return multiline_header("gpgsig", signature);
}

// tree, parents, author and committer, in Git's order.
std::string basic_headers(const std::vector<std::string>& parents = {k_parent1}) {
  std::string text = header("tree", k_tree);
  for (const std::string& parent : parents) {
    text += header("parent", parent);
  }
  return text + header("author", k_author) + header("committer", k_committer);
}

// Headers, the empty line, then the message.
std::string commit(std::string_view headers, std::string_view message = "Subject\n") {
  return std::string(headers) + "\n" + std::string(message);
}

git::RawCommit parse_ok(std::string_view object) {
  auto result = parse_raw_commit(object);
  EXPECT_TRUE(result.ok()) << "refused: " << (result.ok() ? "" : result.error());
  return result.ok() ? result.value() : git::RawCommit{};
}

// ---------------------------------------------------------------- well-formed commits

TEST(ParseRawCommit, ReadsEveryFieldOfAnUnsignedCommit) {
  std::string object = "tree " + k_tree + "\nparent " + k_parent1 + "\nauthor " + k_author +
                       "\ncommitter " + k_committer + "\n\nSubject line\n\nBody.\n";
  git::RawCommit raw = parse_ok(object);
  EXPECT_EQ(raw.tree, k_tree);
  EXPECT_THAT(raw.parents, ElementsAre(k_parent1));
  EXPECT_EQ(raw.author, k_author);
  EXPECT_EQ(raw.committer, k_committer);
  EXPECT_EQ(raw.signature, "");
  EXPECT_EQ(raw.signed_payload, object);
  EXPECT_EQ(raw.message, "Subject line\n\nBody.\n");
}

TEST(ParseRawCommit, SplitsASignedCommitIntoSignatureAndSignedPayload) {
  // Written out by hand, byte for byte as `git commit -S` stores it.
  const std::string object = "tree " + k_tree + "\n" + "parent " + k_parent1 + "\n" + "author " +
                             k_author + "\n" + "committer " + k_committer + "\n" +
                             "gpgsig -----BEGIN PGP SIGNATURE-----\n"
                             " \n"
                             " iQEzBAABCAAdFiEEabcdefabcdefabcdefabcdefabcdefabcdFAmVkZWYACgkQ\n"
                             " =AbCd\n"
                             " -----END PGP SIGNATURE-----\n"
                             "\n"
                             "Signed subject\n";
  const std::string expected_payload = "tree " + k_tree + "\n" + "parent " + k_parent1 + "\n" +
                                       "author " + k_author + "\n" + "committer " + k_committer +
                                       "\n" + "\n" + "Signed subject\n";
  ASSERT_EQ(object, commit(basic_headers() + gpgsig(), "Signed subject\n")); // helpers agree
  git::RawCommit raw = parse_ok(object);
  EXPECT_EQ(raw.tree, k_tree);
  EXPECT_THAT(raw.parents, ElementsAre(k_parent1));
  EXPECT_EQ(raw.author, k_author);
  EXPECT_EQ(raw.committer, k_committer);
  EXPECT_EQ(raw.signature, k_signature);
  EXPECT_EQ(raw.signature,
            "-----BEGIN PGP SIGNATURE-----\n\n"
            "iQEzBAABCAAdFiEEabcdefabcdefabcdefabcdefabcdefabcdFAmVkZWYACgkQ\n"
            "=AbCd\n-----END PGP SIGNATURE-----");
  EXPECT_EQ(raw.signed_payload, expected_payload);
  EXPECT_EQ(raw.message, "Signed subject\n");
}

TEST(ParseRawCommit, CutsOutOnlyTheGpgsigLinesWhenHeadersFollowIt) {
  std::string object =
      commit(basic_headers() + gpgsig() + header("encoding", "ISO-8859-1"), "Body\n");
  git::RawCommit raw = parse_ok(object);
  EXPECT_EQ(raw.signature, k_signature);
  EXPECT_EQ(raw.signed_payload, commit(basic_headers() + "encoding ISO-8859-1\n", "Body\n"));
}

TEST(ParseRawCommit, AcceptsASignatureEndingWithALineBreak) {
  git::RawCommit raw = parse_ok(commit(basic_headers() + gpgsig(k_signature + "\n")));
  EXPECT_EQ(raw.signature, k_signature + "\n");
  EXPECT_EQ(raw.signed_payload, commit(basic_headers()));
}

TEST(ParseRawCommit, ReadsARootCommit) {
  std::string object = commit(basic_headers({}), "Initial commit\n");
  git::RawCommit raw = parse_ok(object);
  EXPECT_EQ(raw.tree, k_tree);
  EXPECT_TRUE(raw.parents.empty());
  EXPECT_EQ(raw.author, k_author);
  EXPECT_EQ(raw.signed_payload, object);
  EXPECT_EQ(raw.message, "Initial commit\n");
}

TEST(ParseRawCommit, KeepsTheParentsOfAMergeInOrder) {
  EXPECT_THAT(parse_ok(commit(basic_headers({k_parent2, k_parent1}))).parents,
              ElementsAre(k_parent2, k_parent1));
  EXPECT_THAT(parse_ok(commit(basic_headers({k_parent1, k_parent2, k_parent3}))).parents,
              ElementsAre(k_parent1, k_parent2, k_parent3));
}

TEST(ParseRawCommit, AcceptsAnEncodingHeader) {
  std::string object = commit(basic_headers() + header("encoding", "ISO-8859-1"), "Caf\xe9\n");
  git::RawCommit raw = parse_ok(object);
  EXPECT_EQ(raw.committer, k_committer);
  EXPECT_EQ(raw.signed_payload, object);
  EXPECT_EQ(raw.message, "Caf\xe9\n");
}

TEST(ParseRawCommit, AcceptsAMergetagWhoseContinuationLinesHoldTheTagSignature) {
  // The merged tag's own signature lives in the mergetag header: it is not the commit's.
  std::string tag = "object " + k_parent2 + "\ntype commit\ntag v1.0\n" +
                    "tagger T Agger <t@example.com> 1700000000 +0000\n\nRelease 1.0\n" +
                    k_signature;
  std::string object =
      commit(basic_headers({k_parent1, k_parent2}) + multiline_header("mergetag", tag),
             "Merge tag 'v1.0'\n");
  git::RawCommit raw = parse_ok(object);
  EXPECT_THAT(raw.parents, ElementsAre(k_parent1, k_parent2));
  EXPECT_EQ(raw.signature, "");
  EXPECT_EQ(raw.signed_payload, object);
  EXPECT_EQ(raw.message, "Merge tag 'v1.0'\n");
}

TEST(ParseRawCommit, SeparatesACommitSignatureFromAMergetag) {
  std::string mergetag = multiline_header("mergetag", "object " + k_parent2 + "\ntype commit");
  std::string headers = basic_headers({k_parent1, k_parent2}) + mergetag;
  git::RawCommit raw = parse_ok(commit(headers + gpgsig(), "Merge\n"));
  EXPECT_EQ(raw.signature, k_signature);
  EXPECT_EQ(raw.signed_payload, commit(headers, "Merge\n"));
}

TEST(ParseRawCommit, AcceptsAnEmptyMessage) {
  std::string object = commit(basic_headers(), "");
  git::RawCommit raw = parse_ok(object);
  EXPECT_EQ(raw.message, "");
  EXPECT_EQ(raw.signed_payload, object);
  EXPECT_EQ(parse_ok(commit(basic_headers() + gpgsig(), "")).message, "");
}

TEST(ParseRawCommit, KeepsBlankLinesOfTheMessage) {
  const std::string message = "\nSubject\n\n\nFirst paragraph.\n\n  indented\n\n";
  EXPECT_EQ(parse_ok(commit(basic_headers(), message)).message, message);
  EXPECT_EQ(parse_ok(commit(basic_headers(), "no final line break")).message,
            "no final line break");
}

// ---------------------------------------------------------------- malformed commits

struct Malformed {
  std::string name;
  std::string object;
  std::string keyword; // a word the refusal must mention
};

void PrintTo(const Malformed& c, std::ostream* os) {
  *os << c.name;
}

class RefusesMalformedCommit : public testing::TestWithParam<Malformed> {};

TEST_P(RefusesMalformedCommit, WithAReason) {
  const Malformed& c = GetParam();
  SCOPED_TRACE("object: \"" + c.object + "\"");
  auto result = parse_raw_commit(c.object);
  ASSERT_FALSE(result.ok());
  EXPECT_FALSE(result.error().empty());
  EXPECT_THAT(result.error(), HasSubstr(c.keyword));
}

const std::string k_tree_line = header("tree", k_tree);
const std::string k_parent_line = header("parent", k_parent1);
const std::string k_author_line = header("author", k_author);
const std::string k_committer_line = header("committer", k_committer);
const std::string k_signed = commit(basic_headers() + gpgsig());

std::string with_tree(std::string_view id) {
  return commit(header("tree", id) + k_author_line + k_committer_line);
}
std::string with_parent(std::string_view id) {
  return commit(k_tree_line + header("parent", id) + k_author_line + k_committer_line);
}
std::string with_signature(std::string_view signature) {
  return commit(basic_headers() + gpgsig(signature));
}
std::string with_extra(std::string_view extra) {
  return commit(basic_headers() + std::string(extra));
}

const std::string k_other_block =
    "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----";

INSTANTIATE_TEST_SUITE_P(
    ParseRawCommit,
    RefusesMalformedCommit,
    testing::Values(
        // Bytes and layout.
        Malformed{"NulInHeader",
                  "tree " + k_tree + "\0"s + k_parent1 + "\n" + k_author_line + k_committer_line +
                      "\nSubject\n",
                  "NUL"},
        Malformed{"NulInAuthor",
                  commit(k_tree_line + "author A\0U <a@x> 1 +0000\n"s + k_committer_line),
                  "NUL"},
        Malformed{"NulInMessage", commit(basic_headers(), "Subject\0hidden\n"s), "NUL"},
        Malformed{"NulAtEnd", commit(basic_headers()) + "\0"s, "NUL"},
        Malformed{
            "NulInSignature",
            with_signature("-----BEGIN PGP SIGNATURE-----\n\0\n"s + "-----END PGP SIGNATURE-----"),
            "NUL"},
        Malformed{"EmptyObject", "", "empty line"},
        Malformed{"OnlyTreeLine", k_tree_line, "empty line"},
        Malformed{"OnlyTreeWithoutLineBreak", "tree " + k_tree, "empty line"},
        Malformed{"OnlyTreeAndEmptyLine", k_tree_line + "\n", "no author"},
        Malformed{"NoEmptyLineAfterHeaders", basic_headers(), "empty line"},
        Malformed{"NoEmptyLineBeforeMessage", basic_headers() + "Subject\n", "empty line"},
        Malformed{"StartsWithLineBreak", "\n" + commit(basic_headers()), "no headers"},
        Malformed{"OnlyLineBreaks", "\n\n", "no headers"},
        Malformed{"CrLfLineBreaks",
                  "tree " + k_tree + "\r\n" + "author " + k_author + "\r\n" + "committer " +
                      k_committer + "\r\n\r\nSubject\r\n",
                  "empty line"},
        // The tree.
        Malformed{"MissingTree", commit(k_author_line + k_committer_line), "tree"},
        Malformed{"TreeNotFirst",
                  commit(k_parent_line + k_tree_line + k_author_line + k_committer_line),
                  "tree"},
        Malformed{"TreeIdShort", with_tree(k_tree.substr(0, 39)), "40-digit"},
        Malformed{"TreeIdLong", with_tree(k_tree + "0"), "40-digit"},
        Malformed{
            "TreeIdUppercase", with_tree("4B825DC642CB6EB9A060E54BF8D69288FBEE4904"), "40-digit"},
        Malformed{"TreeIdNonHex", with_tree("g" + k_tree.substr(1)), "40-digit"},
        Malformed{"TreeIdEmpty", with_tree(""), "40-digit"},
        Malformed{"TreeIdTrailingSpace", with_tree(k_tree + " "), "40-digit"},
        Malformed{"TwoTrees",
                  commit(k_tree_line + k_tree_line + k_author_line + k_committer_line),
                  "tree"},
        Malformed{
            "TreeAfterParent",
            commit(k_tree_line + k_parent_line + k_tree_line + k_author_line + k_committer_line),
            "tree"},
        Malformed{"TreeAfterCommitter", with_extra(k_tree_line), "tree"},
        // Parents.
        Malformed{"ParentIdShort", with_parent(k_parent1.substr(1)), "parent"},
        Malformed{"ParentIdUppercase", with_parent("ABCDEF" + k_parent1.substr(6)), "parent"},
        Malformed{"ParentIdNonHex", with_parent(k_parent1.substr(1) + "z"), "parent"},
        Malformed{"ParentAfterAuthor",
                  commit(k_tree_line + k_author_line + k_parent_line + k_committer_line),
                  "out of place"},
        Malformed{"ParentAfterCommitter", with_extra(k_parent_line), "parent"},
        // Author and committer.
        Malformed{
            "MissingAuthor", commit(k_tree_line + k_parent_line + k_committer_line), "author"},
        Malformed{"MissingCommitter", commit(k_tree_line + k_author_line), "committer"},
        Malformed{"MissingCommitterBeforeEncoding",
                  commit(k_tree_line + k_author_line + header("encoding", "UTF-8")),
                  "committer"},
        Malformed{"TwoAuthors",
                  commit(k_tree_line + k_author_line + k_author_line + k_committer_line),
                  "out of place"},
        Malformed{"AuthorAfterCommitter", with_extra(k_author_line), "author"},
        Malformed{"TwoCommitters", with_extra(k_committer_line), "committer"},
        Malformed{"CommitterBeforeAuthor",
                  commit(k_tree_line + k_committer_line + k_author_line),
                  "author"},
        // Header lines.
        Malformed{"UnknownHeader", with_extra("foo bar\n"), "\"foo\""},
        Malformed{"UnknownHeaderGpgsig2", with_extra("gpgsig2 value\n"), "\"gpgsig2\""},
        Malformed{"UnknownHeaderBeforeAuthor",
                  commit(k_tree_line + "foo bar\n" + k_author_line + k_committer_line),
                  "author"},
        Malformed{"HeaderWithoutSpace",
                  commit(k_tree_line + "author\n" + k_committer_line),
                  "name and a value"},
        Malformed{"HeaderWithoutSpaceAfterCommitter", with_extra("encoding\n"), "name and a value"},
        Malformed{"ContinuationBeforeAnyHeader", commit(" " + basic_headers()), "continuation"},
        Malformed{"ContinuationAfterTree",
                  commit(k_tree_line + " more\n" + k_author_line + k_committer_line),
                  "continuation"},
        Malformed{"ContinuationAfterAuthor",
                  commit(k_tree_line + k_author_line + " more\n" + k_committer_line),
                  "continuation"},
        Malformed{"ContinuationAfterCommitter", with_extra(" hidden\n"), "continuation"},
        Malformed{"EmptyContinuationAfterCommitter", with_extra(" \n"), "continuation"},
        Malformed{
            "ContinuationAfterEncoding", with_extra("encoding UTF-8\n more\n"), "continuation"},
        // Signatures.
        Malformed{"TwoGpgsigHeaders", with_extra(gpgsig() + gpgsig()), "more than one gpgsig"},
        Malformed{"TwoGpgsigAroundEncoding",
                  with_extra(gpgsig() + "encoding UTF-8\n" + gpgsig()),
                  "more than one gpgsig"},
        Malformed{"GpgsigSha256",
                  with_extra("gpgsig-sha256 " + k_signature.substr(0, 29) + "\n"),
                  "gpgsig-sha256"},
        Malformed{"GpgsigAndGpgsigSha256",
                  with_extra(gpgsig() + "gpgsig-sha256 " + k_signature.substr(0, 29) + "\n"),
                  "gpgsig-sha256"},
        Malformed{"SignatureNotStartingWithBegin",
                  with_signature("Comment: x\n" + k_signature),
                  "first line is not"},
        Malformed{"SignatureEmpty", with_signature(""), "first line is not"},
        Malformed{"SignatureSshArmor",
                  with_signature("-----BEGIN SSH SIGNATURE-----\nAAAA\n"
                                 "-----END SSH SIGNATURE-----"),
                  "first line is not"},
        Malformed{
            "SignatureWithoutEnd", with_signature(k_signature.substr(0, 100)), "last line is not"},
        Malformed{
            "SignatureTextAfterEnd", with_signature(k_signature + "\ntrailing"), "last line is not"},
        Malformed{
            "SignatureTwoLineBreaksAfterEnd", with_signature(k_signature + "\n\n"), "last line is not"},
        Malformed{"SignatureOnlyBeginLine",
                  with_signature("-----BEGIN PGP SIGNATURE-----"),
                  "last line is not"},
        Malformed{"TwoArmoredBlocks",
                  with_signature(k_signature + "\n" + k_other_block),
                  "more than one armored block"},
        Malformed{"ArmoredBlockInsideArmoredBlock",
                  with_signature("-----BEGIN PGP SIGNATURE-----\n" + k_signature),
                  "more than one armored block"},
        Malformed{"ArmoredSignatureInMessage",
                  commit(basic_headers(), "Subject\n\n" + k_signature + "\n"),
                  "message"},
        Malformed{
            "ArmoredSignatureInMessageOfSignedCommit", k_signed + "\n" + k_signature, "message"},
        Malformed{"SignatureCutByAnEmptyLine",
                  commit(basic_headers() + "gpgsig -----BEGIN PGP SIGNATURE-----\n",
                         "iQEz\n-----END PGP SIGNATURE-----\n"),
                  "last line is not"}),
    [](const testing::TestParamInfo<Malformed>& test) { return test.param.name; });

// Multi-line headers Git could write but we do not accept. They are refused, but while
// their lines are split, before their names are looked at (see the disabled test below).
TEST(ParseRawCommit, RefusesUnknownMultiLineHeaders) {
  for (const std::string& name : {"gpgsig-sha256"s, "gpgsig2"s, "foo"s}) {
    SCOPED_TRACE(name);
    auto result = parse_raw_commit(with_extra(gpgsig() + multiline_header(name, k_signature)));
    ASSERT_FALSE(result.ok());
    EXPECT_FALSE(result.error().empty());
  }
}

// A real gpgsig-sha256 header always has continuation lines, so the parser refuses it as
// "a continuation line that belongs to no multi-line header" and never says what the
// header is. Enable once raw_commit.cpp names the header.
TEST(ParseRawCommit, NamesAMultiLineGpgsigSha256Header) {
  auto result =
      parse_raw_commit(with_extra(gpgsig() + multiline_header("gpgsig-sha256", k_signature)));
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error(), HasSubstr("gpgsig-sha256"));
}

// A signature value must be exactly one armored block "with nothing around it"
// (raw_commit.hpp). This one has text after its first END line, hidden before a second
// END line, yet the parser accepts it. Enable once raw_commit.cpp refuses it.
TEST(ParseRawCommit, RefusesTextAfterTheEndOfTheArmoredBlock) {
  auto result =
      parse_raw_commit(with_signature(k_signature + "\nhidden\n" + "-----END PGP SIGNATURE-----"));
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error(), HasSubstr("armored block"));
}

} // namespace raw_commit_test
