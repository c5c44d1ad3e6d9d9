#pragma once
// What the fuzz targets share: a finding aborts (libFuzzer, or the replay driver, reports it), and
// a refusal must be one ConfigError line naming the input file ("fuzz.json") and a JSON path.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "govsim/error.hpp"

namespace govsim::fuzz {

[[noreturn]] inline void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
  std::abort();
}

inline void check_refusal(const ConfigError& e) {
  const std::string m = e.what();
  if (m.rfind("fuzz.json: /", 0) != 0) finding("a refusal that does not name the file and a JSON path: " + m);
  if (m.find('\n') != std::string::npos) finding("a refusal of more than one line: " + m);
  if (m.size() > kMaxMessageBytes + 8) finding("a refusal message of " + std::to_string(m.size()) + " bytes");
}

}  // namespace govsim::fuzz
