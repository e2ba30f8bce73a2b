// Content-Length framing (LSP base protocol): headers, blank line, exactly N bytes of JSON.
#include "lsp/transport.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace iamc::lsp {
namespace {

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) return false;
  }
  return true;
}

std::size_t find_ci(std::string_view s, std::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= s.size(); ++i) {
    if (iequals_prefix(s.substr(i), needle)) return i;
  }
  return std::string_view::npos;
}

}  // namespace

bool Transport::read_line(std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  bool any = false;
  for (;;) {
    int c = std::getc(in_);
    if (c == EOF) return any;
    any = true;
    if (c == '\n') break;
    if (line.size() < kMaxHeaderLine) {
      line.push_back(static_cast<char>(c));
    } else {
      too_long = true;
    }
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

Incoming Transport::read() {
  constexpr std::string_view kLength = "Content-Length:";
  std::string line;
  bool too_long = false;
  bool have_length = false, bad_length = false, any_header = false;
  std::size_t length = 0;
  std::string problem;
  for (;;) {
    if (!read_line(line, too_long)) return {Incoming::Kind::Eof, {}, {}};
    if (line.empty() && !too_long) {
      if (!any_header) continue;  // stray blank lines between messages
      break;
    }
    any_header = true;
    if (too_long) {
      problem = "a header line is longer than " + std::to_string(kMaxHeaderLine) + " bytes";
      continue;
    }
    std::size_t at = find_ci(line, kLength);
    if (at == std::string::npos) continue;  // Content-Type and unknown headers are ignored
    if (at != 0) {
      // Garbage before a header (a previous unframed body): start over from this header.
      have_length = bad_length = false;
      problem.clear();
    }
    std::string_view value = std::string_view(line).substr(at + kLength.size());
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    std::size_t n = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (value.empty() || ec != std::errc() || ptr != value.data() + value.size()) {
      bad_length = true;
      problem = "invalid Content-Length header: '" + std::string(value.substr(0, 64)) + "'";
    } else {
      have_length = true;
      bad_length = false;
      length = n;
    }
  }
  if (!have_length || bad_length) {
    return {Incoming::Kind::Malformed, {}, problem.empty() ? "the message has no Content-Length header" : problem};
  }
  if (length > max_bytes_) {
    // Discard the body without holding it.
    char buf[65536];
    std::size_t left = length;
    while (left > 0) {
      std::size_t got = std::fread(buf, 1, std::min(left, sizeof buf), in_);
      if (got == 0) return {Incoming::Kind::Eof, {}, {}};
      left -= got;
    }
    return {Incoming::Kind::TooLarge, {},
            "a message of " + std::to_string(length) + " bytes exceeds the limit of " +
                std::to_string(max_bytes_) + " bytes"};
  }
  Incoming m;
  m.kind = Incoming::Kind::Message;
  m.body.resize(length);
  std::size_t got = length ? std::fread(m.body.data(), 1, length, in_) : 0;
  if (got != length) return {Incoming::Kind::Eof, {}, {}};
  return m;
}

OutputSink stdio_output(std::FILE* out) {
  return [out](std::string_view bytes) {
    return std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size() && std::fflush(out) == 0;
  };
}

bool Transport::write(const nlohmann::json& message) {
  if (output_failed_) return false;
  std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string frame = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  frame += body;
  if (!out_(frame)) output_failed_ = true;
  return !output_failed_;
}

}  // namespace iamc::lsp
