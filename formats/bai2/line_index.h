// Structural index and LineIndex (internal): where the ',' '/' and line ends are, as bitmasks
// (bit i = byte i), so the parser's fast path reads a 16 record that sits on one line
// without rescanning per field. Anything unusual (long line, continuation, wrap, a '/' that
// may start a record) is left to the general lexer path, which is the reference behaviour.
//
// StructuralIndex classifies the file in aligned 64-byte blocks, 4 KiB at a time, ahead of
// the parser (simdjson-style stage 1): every byte is classified once, branch-free, and the
// next line's end is known without waiting for the current record to be parsed. SSE2 is the
// x86-64 baseline; AVX2 or AVX-512BW is used when the CPU has it, chosen once at run time
// (target attributes, never -march flags). Never reads outside the input buffer: the last
// partial block is copied into a zero-padded buffer first. Memory: one fixed array of
// kBlocks + 1 masks, allocated once per parse.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace tally::formats::bai2 {

__extension__ typedef unsigned __int128 LineBits;  // one bit per byte of a line

// The classes of one 64-byte block, one bit per byte.
struct BlockMasks {
  std::uint64_t comma;
  std::uint64_t slash;
  std::uint64_t eol;  // '\n' or '\r'
  // '0'..'9', ' ' or '-': what a card number is made of (digit groups joined by blanks or
  // dashes). No run of 13 such bytes in a text: no card number in it.
  std::uint64_t pan;
  // Bit i: bytes i .. i+12 are all `pan` bytes (they may run into the next block). Filled by
  // StructuralIndex, not by the classifiers: the fast paths test it with one AND instead of
  // shifting 128-bit masks by a variable amount per record (slow on x86).
  std::uint64_t pan13;
};

// The same classes for a 128-byte window. No default member initializers on purpose: one
// is built per 16 record and zeroing it first showed in the profile (`rep stos`).
struct WindowMasks {
  LineBits comma;
  LineBits slash;
  LineBits eol;
  LineBits pan13;  // BlockMasks::pan13
};

// Which vector code classifies blocks; tests run every one the CPU supports.
enum class BlockIsa { kBytes, kSse2, kAvx2, kAvx512 };
BlockIsa best_block_isa();
bool block_isa_supported(BlockIsa isa);
// Classifies `blocks` full 64-byte blocks at p with the given code (which must be supported).
void classify_blocks(BlockIsa isa, const char* p, std::size_t blocks, BlockMasks* out);

class StructuralIndex {
 public:
  static constexpr std::size_t kWindow = 128;  // bytes a window covers
  static constexpr std::size_t kBlocks = 64;   // 4 KiB of input classified per refill

  explicit StructuralIndex(std::string_view data, BlockIsa isa = best_block_isa());

  // The masks of the kWindow bytes at p (p < data size); bits beyond the data are 0.
  // Positions must not decrease between calls by more than the current chunk (they are
  // only re-indexed, never wrong, if they do).
  void window(std::size_t p, WindowMasks& out) {
    std::size_t off = p - base_;
    if (p < base_ || (off >> 6) + 2 >= kBlocks) [[unlikely]] {
      refill(p);
      off = p - base_;
    }
    const std::size_t b = off >> 6;
    const unsigned s = static_cast<unsigned>(off & 63);
    const BlockMasks* m = blocks_.get() + b;
    // (w1:w0) >> s, and (w2:w1) >> s, with no shift by 64 when s == 0.
    const auto cut = [s](std::uint64_t w0, std::uint64_t w1, std::uint64_t w2) {
      const std::uint64_t lo = (w0 >> s) | ((w1 << 1) << (63 - s));
      const std::uint64_t hi = (w1 >> s) | ((w2 << 1) << (63 - s));
      return (static_cast<LineBits>(hi) << 64) | lo;
    };
    out.comma = cut(m[0].comma, m[1].comma, m[2].comma);
    out.slash = cut(m[0].slash, m[1].slash, m[2].slash);
    out.eol = cut(m[0].eol, m[1].eol, m[2].eol);
    // Runs of 13 card-number bytes are rare: most windows skip the cut.
    const std::uint64_t any_run = m[0].pan13 | m[1].pan13 | m[2].pan13;
    out.pan13 = any_run == 0 ? 0 : cut(m[0].pan13, m[1].pan13, m[2].pan13);
  }

 private:
  void refill(std::size_t p);

  std::string_view data_;
  BlockIsa isa_;
  std::size_t base_ = 0;  // data offset of blocks_[0]; a multiple of 64
  std::unique_ptr<BlockMasks[]> blocks_;  // kBlocks + 1: the last only completes pan13
};

struct LineIndex {
  static constexpr std::size_t kMaxBytes = StructuralIndex::kWindow;  // longer: general path

  // Uninitialized until build() (see WindowMasks).
  const char* base;   // first byte indexed
  std::size_t size;   // bytes before the line end (or the end of the data)
  LineBits last_bit;  // bit size - 1 (0 when size is 0): where a closing '/' usually is
  WindowMasks m;      // cut to the line: no bit at or beyond `size`

  // Indexes data[p ..) up to the first '\n' or '\r' (or the end of the data). False if the
  // line is longer than kMaxBytes.
  bool build(StructuralIndex& index, const char* data, std::size_t p, std::size_t n) {
    base = data + p;
    index.window(p, m);
    if (m.eol == 0) {
      if (n - p > kMaxBytes) return false;  // no line end within the window: too long
      size = n - p;                         // the data ends inside this line
      last_bit = size == 0 ? 0 : LineBits{1} << (size - 1);
      return true;
    }
    size = static_cast<std::size_t>(lowest(m.eol));
    const LineBits end_bit = m.eol & (0 - m.eol);  // the first line end
    last_bit = end_bit >> 1;
    const LineBits keep = end_bit - 1;  // bits below it
    m.comma &= keep;
    m.slash &= keep;
    m.pan13 &= keep;
    return true;
  }

  // Position of the lowest set bit; bits must not be 0.
  static int lowest(LineBits bits) {
    const auto lo = static_cast<std::uint64_t>(bits);
    return lo != 0 ? __builtin_ctzll(lo)
                   : 64 + __builtin_ctzll(static_cast<std::uint64_t>(bits >> 64));
  }
  // Position of the highest set bit; bits must not be 0.
  static int highest(LineBits bits) {
    const auto hi = static_cast<std::uint64_t>(bits >> 64);
    return hi != 0 ? 127 - __builtin_clzll(hi)
                   : 63 - __builtin_clzll(static_cast<std::uint64_t>(bits));
  }
};

}  // namespace tally::formats::bai2
