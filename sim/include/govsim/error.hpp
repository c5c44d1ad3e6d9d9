#pragma once
// One exception family for everything that aborts a load or a run.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "govsim/text.hpp"

namespace govsim {

/// Every message is printable and at most kMaxMessageBytes long, whatever input it quotes.
inline constexpr std::size_t kMaxMessageBytes = 2000;

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(printable(what, kMaxMessageBytes)) {}
};

/// A scenario or parameter is wrong. The message reads "FILE: /json/pointer: what was expected".
class ConfigError : public Error {
 public:
  ConfigError(std::string file, std::string json_path, std::string expected)
      : Error(format(file, json_path, expected)),
        file_(std::move(file)),
        json_path_(std::move(json_path)),
        expected_(std::move(expected)) {}
  const std::string& file() const { return file_; }
  const std::string& json_path() const { return json_path_; }
  const std::string& expected() const { return expected_; }

 private:
  static std::string format(const std::string& f, const std::string& p, const std::string& e) {
    std::string out = f.empty() ? std::string("<scenario>") : printable(f, 300);
    out.append(": ").append(p.empty() ? std::string("/") : printable(p, 300)).append(": ").append(e);
    return out;
  }
  std::string file_, json_path_, expected_;
};

/// The model reached an impossible state (a broken invariant, a policy asking for the impossible).
class ModelError : public Error {
 public:
  using Error::Error;
};

/// A policy could not be found, loaded or created.
class PluginError : public Error {
 public:
  using Error::Error;
};

/// A run stopped on request (RunOptions::interrupted), e.g. Ctrl-C in Python.
class Interrupted : public Error {
 public:
  using Error::Error;
};

}  // namespace govsim
