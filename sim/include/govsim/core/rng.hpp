#pragma once
// Random-number streams. There is no global generator: every stream is derived from
// (scenario seed, replication index, purpose[, index]). Purposes are the user's own enum (values
// 0 to 15), each giving statistically independent numbers; the model lists its purposes. Sequential streams (arrivals) use
// xoshiro256++; per-issue draws (service, outcome, policy choices) use a counter-based
// generator keyed by (stream, issue id, attempt), so two policies compared on one seed see the
// same demand and the same luck for the same issue — common random numbers.
#include <cstdint>
#include <limits>

namespace govsim::core {


/// SplitMix64 step: a bijective 64-bit mixer (Steele, Lea & Flood 2014).
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Hashes several words into one 64-bit stream key.
constexpr std::uint64_t mix_key(std::uint64_t a, std::uint64_t b, std::uint64_t c = 0,
                                std::uint64_t d = 0) {
  std::uint64_t s = a;
  std::uint64_t h = splitmix64(s);
  s = h ^ b;
  h = splitmix64(s);
  s = h ^ c;
  h = splitmix64(s);
  s = h ^ d;
  return splitmix64(s);
}

/// Small counter-style generator for a handful of draws (UniformRandomBitGenerator).
class SplitMix64 {
 public:
  using result_type = std::uint64_t;
  explicit constexpr SplitMix64(std::uint64_t seed) : state_(seed) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  constexpr result_type operator()() { return splitmix64(state_); }

 private:
  std::uint64_t state_;
};

/// xoshiro256++ (Blackman & Vigna 2019): fast, 256-bit state, for long sequential streams.
class Xoshiro256pp {
 public:
  using result_type = std::uint64_t;
  explicit Xoshiro256pp(std::uint64_t seed = 0x853C49E6748FEA9Bull) {
    std::uint64_t sm = seed;
    for (auto& w : s_) w = splitmix64(sm);
  }
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

/// Uniform double in [0, 1) from the top 53 bits.
template <class Engine>
inline double uniform01(Engine& g) {
  return static_cast<double>(g() >> 11) * 0x1.0p-53;
}

/// Derives the streams of one replication.
class StreamSet {
 public:
  StreamSet(std::uint64_t seed, std::uint64_t replication) : base_(mix_key(seed, replication)) {
    for (std::uint64_t p = 0; p < kPurposes; ++p) purpose_base_[p] = mix_key(base_, p, 0xc0de);
  }
  /// A sequential stream for `purpose` (and an index such as the category).
  template <class Purpose>
  Xoshiro256pp sequential(Purpose purpose, std::uint64_t index = 0) const {
    return Xoshiro256pp(mix_key(base_, static_cast<std::uint64_t>(purpose), index, 0x5e9));
  }
  /// A fresh generator for the draws of one (issue, counter) pair under `purpose`.
  template <class Purpose>
  SplitMix64 keyed(Purpose purpose, std::uint64_t issue, std::uint64_t counter) const {
    // SplitMix64 walks a Weyl sequence and mixes each state on output, so distinct starting
    // points give independent-looking streams unless they differ by a small multiple of its
    // increment; the odd multipliers make that practically impossible for any (issue, counter).
    return SplitMix64(purpose_base_[static_cast<std::uint64_t>(purpose) & (kPurposes - 1)] +
                      issue * 0xD6E8FEB86659FD93ull + counter * 0xA0761D6478BD642Full);
  }
  std::uint64_t base() const { return base_; }

 private:
  static constexpr std::uint64_t kPurposes = 16;
  std::uint64_t base_;
  std::uint64_t purpose_base_[kPurposes];
};

}  // namespace govsim::core
