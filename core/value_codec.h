// Small binary writer/reader for stored values (the ledger's, the reconciler's): big-endian fixed integers and
// varint-length strings. The reader never reads past its input: a short or malformed value
// makes ok() false and every later read returns zero/empty, so decoders check once at the end.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/log/record_key.h"

namespace tally {

class ValueWriter {
 public:
  explicit ValueWriter(std::string& out) : out_(out) {}
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v) {
    u8(static_cast<std::uint8_t>(v >> 8));
    u8(static_cast<std::uint8_t>(v & 0xff));
  }
  void u32(std::uint32_t v) { log::put_be32(out_, v); }
  void i32(std::int32_t v) { log::put_be32(out_, static_cast<std::uint32_t>(v)); }
  void u64(std::uint64_t v) { log::put_be64(out_, v); }
  void i64(std::int64_t v) { log::put_be64(out_, static_cast<std::uint64_t>(v)); }
  void bytes(std::string_view v) { out_.append(v); }
  void str(std::string_view v) {
    log::put_varint32(out_, static_cast<std::uint32_t>(v.size()));
    out_.append(v);
  }

 private:
  std::string& out_;
};

class ValueReader {
 public:
  explicit ValueReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return ok_ && in_.empty(); }
  std::size_t remaining() const { return in_.size(); }

  std::uint8_t u8() { return static_cast<std::uint8_t>(fixed(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(fixed(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(fixed(4)); }
  std::int32_t i32() { return static_cast<std::int32_t>(static_cast<std::uint32_t>(fixed(4))); }
  std::uint64_t u64() { return fixed(8); }
  std::int64_t i64() { return static_cast<std::int64_t>(fixed(8)); }
  std::string_view bytes(std::size_t n) {
    if (!ok_ || in_.size() < n) return fail_view();
    std::string_view v = in_.substr(0, n);
    in_.remove_prefix(n);
    return v;
  }
  template <std::size_t N>
  std::array<std::uint8_t, N> array() {
    std::array<std::uint8_t, N> out{};
    const std::string_view v = bytes(N);
    if (v.size() == N) std::memcpy(out.data(), v.data(), N);
    return out;
  }
  std::string_view str(std::size_t max_size) {
    std::uint32_t n = 0;
    if (!ok_ || !log::get_varint32(in_, n) || n > max_size) return fail_view();
    return bytes(n);
  }

 private:
  std::uint64_t fixed(std::size_t n) {
    if (!ok_ || in_.size() < n) {
      ok_ = false;
      return 0;
    }
    const std::uint64_t v = log::get_be(in_, 0, n);
    in_.remove_prefix(n);
    return v;
  }
  std::string_view fail_view() {
    ok_ = false;
    return {};
  }
  std::string_view in_;
  bool ok_ = true;
};

}  // namespace tally
