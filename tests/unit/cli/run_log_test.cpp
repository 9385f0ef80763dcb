#include "cli/record_event.hpp"

#include <gtest/gtest.h>

#include <string>

namespace run_log_test {

// The form of the record schema's "link": ^[a-z][a-z0-9+.-]*://\S+$.
TEST(IsUrl, TakesASchemeAndTextWithoutSpaces) {
  for (const std::string link :
       {"https://example.com/ticket/42", "http://x", "s3://bucket/key", "git+ssh://host/repo", "a.b-c://x",
        "https://example.com/é", "x://://"}) {
    EXPECT_TRUE(cli::is_url(link)) << link;
  }
}

TEST(IsUrl, LeavesFileNamesAndOtherTextAlone) {
  for (const std::string other :
       {"", "report.pdf", "./https://x", "C://temp", "Https://x", "1http://x", "://x", "https://", "https:/x",
        "https://a b", "https://a\tb", "https://a\n", "ht tp://x", "ht_tp://x", " https://x", "evidence/a://b"}) {
    EXPECT_FALSE(cli::is_url(other)) << other;
  }
}

// Once a regular expression whose matcher recursed once per character.
TEST(IsUrl, AMegabyteLinkIsJudgedWithoutACrash) {
  EXPECT_TRUE(cli::is_url("https://example.com/" + std::string(1024 * 1024, 'a')));
  EXPECT_FALSE(cli::is_url("https://example.com/" + std::string(1024 * 1024, 'a') + " "));
}

} // namespace run_log_test
