#pragma once
// Text made safe for messages, header only (the plugin SDK uses it too).
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace govsim {

namespace detail {
// Length of the valid UTF-8 sequence starting at s[i], or 0 if there is none.
inline std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return 0;
  }
  return n;
}
}  // namespace detail

/// True if `text` is valid UTF-8 (what JSON output and Python strings need).
inline bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = detail::utf8_length(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

/// Text made safe for a one-line message: invalid UTF-8 and control characters as \\xNN, and
/// cut to at most `max_bytes` (ending in "…") so that no input can make a message huge.
inline std::string printable(std::string_view text, std::size_t max_bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 8);
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = detail::utf8_length(text, i);
    const auto c = static_cast<unsigned char>(text[i]);
    const bool escape = n == 0 || (n == 1 && (c < 0x20 || c == 0x7F));
    const std::size_t add = escape ? 4 : n;
    if (out.size() + add > max_bytes) {
      out.append("\u2026");
      break;
    }
    if (escape) {
      const char hex[4] = {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
      out.append(hex, 4);
      ++i;
    } else {
      out.append(text.data() + i, n);
      i += n;
    }
  }
  return out;
}

}  // namespace govsim
