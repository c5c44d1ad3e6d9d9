// The one JSON parser govsim reads with: bounded nesting, each key once, finite numbers, and
// messages that name the path and quote only a short excerpt of the bad value.
#include "govsim/io/json_reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "govsim/error.hpp"
#include "govsim/io/scenario_loader.hpp"

using govsim::ConfigError;
using govsim::io::json;
using govsim::io::parse_json;

namespace {
std::string error_of(const std::string& text) {
  try {
    parse_json(text, "f.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "accepted";
}
std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }
}  // namespace

TEST(ParseJson, NestingIsBoundedWithThePathWhereItGoesTooDeep) {
  EXPECT_NO_THROW(parse_json(nested(govsim::io::kMaxJsonDepth), "f.json"));
  std::string path;
  for (std::size_t i = 0; i < govsim::io::kMaxJsonDepth; ++i) path += "/0";
  EXPECT_EQ(error_of(nested(govsim::io::kMaxJsonDepth + 1)), "f.json: " + path + ": expected objects and arrays nested at most 64 deep");
  // 100,000 deep (which crashed the loader by recursion): the same one-line error, at once.
  EXPECT_EQ(error_of("{\"a\": " + nested(100000) + "}").substr(0, 13), "f.json: /a/0/");
}

TEST(ParseJson, AKeyGivenTwiceIsRefusedWithItsPath) {
  EXPECT_EQ(error_of(R"({"run": {"seed": 1, "seed": 2}})"), "f.json: /run/seed: expected each key once in an object; 'seed' is given twice");
  EXPECT_EQ(error_of(R"([{"a": 1}, {"a": 1, "b": [0, {"c": 1, "c": 1}]}])"),
            "f.json: /1/b/1/c: expected each key once in an object; 'c' is given twice");
  EXPECT_NO_THROW(parse_json(R"([{"a": 1}, {"a": 2}])", "f.json"));  // the same key in two objects is fine
}

TEST(ParseJson, NumbersBeyondADoubleAreRefusedWithTheirPath) {
  EXPECT_EQ(error_of(R"({"run": {"seed": 1e400}})"),
            "f.json: /run/seed: expected a number within a double's range (about ±1.8e308), got 1e400");
  EXPECT_EQ(error_of(R"({"x": [1, -2e999]})"), "f.json: /x/1: expected a number within a double's range (about ±1.8e308), got -2e999");
  EXPECT_DOUBLE_EQ(parse_json("[1e-400]", "f.json")[0].get<double>(), 0.0);  // underflow is just 0
}

TEST(ParseJson, SyntaxErrorsAndInvalidUtf8GivePrintableMessages) {
  const std::string m = error_of("{\"name\": \"\xff\xfe\"}");
  EXPECT_EQ(m.rfind("f.json: /name: expected valid JSON: ", 0), 0u) << m;
  EXPECT_NE(m.find("ill-formed UTF-8"), std::string::npos) << m;
  EXPECT_EQ(m.find('\xff'), std::string::npos) << m;  // shown escaped, as \xff
  EXPECT_NE(m.find("\\xff"), std::string::npos) << m;
}

TEST(ParseJson, AnErrorInAKeyNamesTheObjectNotAnotherMember) {
  EXPECT_EQ(error_of("{\"a\": {\"b\xff\": 1}}").rfind("f.json: /a: expected valid JSON: ", 0), 0u);
  EXPECT_EQ(error_of(R"({"a": {"b": 1, }})").rfind("f.json: /a: expected valid JSON: ", 0), 0u);
}

TEST(JsonReader, MessagesQuoteAShortExcerptOfTheBadValue) {
  const json doc = parse_json("{\"x\": \"" + std::string(120000, 'a') + "\"}", "f.json");
  try {
    govsim::io::JsonReader(doc, "f.json").at("x").number();
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    const std::string m = e.what();
    EXPECT_LT(m.size(), 200u) << m;
    EXPECT_EQ(m.rfind("f.json: /x: expected a number, got the string \"aaaa", 0), 0u) << m;
  }
  EXPECT_EQ(govsim::io::excerpt(parse_json("[[1, 2], {\"a\": 1}]", "f")), "an array of 2 entries");
}

TEST(ApplyOverride, ValuesAreJsonWhenTheyParseAndAStringOtherwise) {
  json doc = parse_json(R"({"run": {"seed": 1}, "start_date": "2024-01-01"})", "f.json");
  govsim::io::apply_override(doc, "run.seed=5", "f.json");
  govsim::io::apply_override(doc, "start_date=2025-02-03", "f.json");  // not JSON: a string
  EXPECT_EQ(doc["run"]["seed"], 5);
  EXPECT_EQ(doc["start_date"], "2025-02-03");
  try {
    govsim::io::apply_override(doc, "run.seed=1e400", "f.json");
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "f.json: /run/seed: in the value after '=': expected a number within a double's range (about ±1.8e308), got 1e400");
  }
  EXPECT_THROW(govsim::io::apply_override(doc, "run.x={\"a\": 1, \"a\": 2}", "f.json"), ConfigError);
  try {  // text taken as a string must be UTF-8: it reaches JSON output
    govsim::io::apply_override(doc, "name=a\xff" "b", "f.json");
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "f.json: /name: expected a value in UTF-8 after '='");
  }
}

TEST(ReadJsonFile, DirectoriesAndMissingFilesAreConfigErrors) {
  const auto dir = std::filesystem::temp_directory_path();
  try {
    govsim::io::read_json_file(dir.string());
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), dir.string() + ": /: expected a JSON file, not a directory");
  }
  try {
    govsim::io::read_json_file("/no/such/file.json");
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "/no/such/file.json: /: expected a JSON file (there is no such file)");
  }
}
