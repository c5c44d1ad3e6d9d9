// Messages are one printable line of bounded length, whatever input they quote.
#include "govsim/error.hpp"

#include <gtest/gtest.h>

TEST(Printable, EscapesInvalidUtf8AndControlsAndCutsLongText) {
  EXPECT_EQ(govsim::printable("plain ümlaut 中文", 100), "plain ümlaut 中文");
  EXPECT_EQ(govsim::printable("a\xff" "b\n\x01", 100), "a\\xffb\\x0a\\x01");
  EXPECT_EQ(govsim::printable("\xed\xa0\x80", 100), "\\xed\\xa0\\x80");  // a UTF-8-encoded surrogate is invalid
  EXPECT_EQ(govsim::printable(std::string(500, 'x'), 10), std::string(10, 'x') + "…");
  EXPECT_EQ(govsim::printable("中文", 4), "中…");  // never cuts inside a character
}

TEST(Error, MessagesAreBoundedAndPrintable) {
  const govsim::Error e(std::string(100000, 'y') + "\xff");
  EXPECT_LE(std::string(e.what()).size(), govsim::kMaxMessageBytes + 3);
  const govsim::ConfigError c("f\xff.json", "/a", "expected x");
  EXPECT_STREQ(c.what(), "f\\xff.json: /a: expected x");
}

TEST(Utf8, ValidityMatchesTheStandard) {
  EXPECT_TRUE(govsim::is_valid_utf8("ascii ümlaut 中文 \xf0\x9f\x98\x80"));
  EXPECT_FALSE(govsim::is_valid_utf8("\xff"));
  EXPECT_FALSE(govsim::is_valid_utf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(govsim::is_valid_utf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(govsim::is_valid_utf8("\xe4\xb8"));          // cut short
}
