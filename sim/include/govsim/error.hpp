#pragma once
// One exception family for everything that aborts a load or a run.
#include <stdexcept>
#include <string>

namespace govsim {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
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
    return (f.empty() ? std::string("<scenario>") : f) + ": " + (p.empty() ? std::string("/") : p) +
           ": " + e;
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

}  // namespace govsim
