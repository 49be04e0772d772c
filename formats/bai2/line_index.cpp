// Block classification behind StructuralIndex (line_index.h): a byte loop, SSE2 (the x86-64
// baseline), AVX2 and AVX-512BW. The wider variants are compiled with target attributes,
// never with -march flags, so the library still runs on any x86-64; which one runs is chosen
// once from what the CPU supports. All compute the same masks (tests/fast_path_test.cpp).
#include "formats/bai2/line_index.h"

#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TALLY_BAI2_X86 1
#endif

namespace tally::formats::bai2 {
namespace {

void classify_bytes(const char* p, std::size_t blocks, BlockMasks* out) {
  for (std::size_t b = 0; b < blocks; ++b, p += 64) {
    BlockMasks m{0, 0, 0, 0, 0};
    for (unsigned i = 0; i < 64; ++i) {
      const char ch = p[i];
      const std::uint64_t bit = std::uint64_t{1} << i;
      if (ch == ',') m.comma |= bit;
      if (ch == '/') m.slash |= bit;
      if (ch == '\n' || ch == '\r') m.eol |= bit;
      if ((ch >= '0' && ch <= '9') || ch == ' ' || ch == '-') m.pan |= bit;
    }
    out[b] = m;
  }
}

#if defined(TALLY_BAI2_X86)

std::uint64_t bits16(__m128i hit) {
  return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hit)));
}

void classify_sse2(const char* p, std::size_t blocks, BlockMasks* out) {
  for (std::size_t b = 0; b < blocks; ++b, p += 64) {
    BlockMasks m{0, 0, 0, 0, 0};
    for (unsigned k = 0; k < 4; ++k) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k * 16));
      const __m128i off = _mm_sub_epi8(v, _mm_set1_epi8('0'));  // digits become 0..9
      const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(off, _mm_set1_epi8(9)), off);
      const __m128i separator =
          _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-')));
      const unsigned shift = k * 16;
      m.comma |= bits16(_mm_cmpeq_epi8(v, _mm_set1_epi8(','))) << shift;
      m.slash |= bits16(_mm_cmpeq_epi8(v, _mm_set1_epi8('/'))) << shift;
      m.eol |= bits16(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                   _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))))
               << shift;
      m.pan |= bits16(_mm_or_si128(digit, separator)) << shift;
    }
    out[b] = m;
  }
}

__attribute__((target("avx2"))) inline std::uint64_t bits32(__m256i hit) {
  return static_cast<std::uint64_t>(static_cast<unsigned>(_mm256_movemask_epi8(hit)));
}

__attribute__((target("avx2"))) void classify_avx2(const char* p, std::size_t blocks,
                                                   BlockMasks* out) {
  for (std::size_t b = 0; b < blocks; ++b, p += 64) {
    BlockMasks m{0, 0, 0, 0, 0};
    for (unsigned k = 0; k < 2; ++k) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + k * 32));
      const __m256i off = _mm256_sub_epi8(v, _mm256_set1_epi8('0'));
      const __m256i digit = _mm256_cmpeq_epi8(_mm256_min_epu8(off, _mm256_set1_epi8(9)), off);
      const __m256i separator = _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(' ')),
                                                _mm256_cmpeq_epi8(v, _mm256_set1_epi8('-')));
      const unsigned shift = k * 32;
      m.comma |= bits32(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(','))) << shift;
      m.slash |= bits32(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('/'))) << shift;
      m.eol |= bits32(_mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n')),
                                      _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\r'))))
               << shift;
      m.pan |= bits32(_mm256_or_si256(digit, separator)) << shift;
    }
    out[b] = m;
  }
}

// AVX-512BW compares straight into 64-bit masks: one load and a few compares per block.
__attribute__((target("avx512bw"))) void classify_avx512(const char* p, std::size_t blocks,
                                                         BlockMasks* out) {
  for (std::size_t b = 0; b < blocks; ++b, p += 64) {
    const __m512i v = _mm512_loadu_si512(p);
    const __m512i off = _mm512_sub_epi8(v, _mm512_set1_epi8('0'));
    out[b].comma = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(','));
    out[b].slash = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('/'));
    out[b].eol = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n')) |
                 _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\r'));
    out[b].pan = _mm512_cmplt_epu8_mask(off, _mm512_set1_epi8(10)) |
                 _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(' ')) |
                 _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('-'));
    out[b].pan13 = 0;
  }
}

#endif

}  // namespace

bool block_isa_supported(BlockIsa isa) {
  switch (isa) {
    case BlockIsa::kBytes:
      return true;
#if defined(TALLY_BAI2_X86)
    case BlockIsa::kSse2:
      return true;
    case BlockIsa::kAvx2:
      __builtin_cpu_init();
      return __builtin_cpu_supports("avx2");
    case BlockIsa::kAvx512:
      __builtin_cpu_init();
      return __builtin_cpu_supports("avx512bw");
#else
    default:
      break;
#endif
  }
  return false;
}

BlockIsa best_block_isa() {
  static const BlockIsa best = [] {
    for (BlockIsa isa : {BlockIsa::kAvx512, BlockIsa::kAvx2, BlockIsa::kSse2})
      if (block_isa_supported(isa)) return isa;
    return BlockIsa::kBytes;
  }();
  return best;
}

void classify_blocks(BlockIsa isa, const char* p, std::size_t blocks, BlockMasks* out) {
  switch (isa) {
#if defined(TALLY_BAI2_X86)
    case BlockIsa::kSse2:
      return classify_sse2(p, blocks, out);
    case BlockIsa::kAvx2:
      return classify_avx2(p, blocks, out);
    case BlockIsa::kAvx512:
      return classify_avx512(p, blocks, out);
#endif
    default:
      return classify_bytes(p, blocks, out);
  }
}

StructuralIndex::StructuralIndex(std::string_view data, BlockIsa isa)
    : data_(data),
      isa_(block_isa_supported(isa) ? isa : BlockIsa::kBytes),
      base_(data.size() + 1),  // nothing indexed yet: the first window() refills
      blocks_(new BlockMasks[kBlocks + 1]) {}

void StructuralIndex::refill(std::size_t p) {
  constexpr std::size_t kClassified = kBlocks + 1;  // one more, to complete pan13 of the last
  base_ = p & ~std::size_t{63};
  const std::size_t n = data_.size();
  const std::size_t avail = base_ < n ? n - base_ : 0;
  std::size_t full = avail / 64;
  if (full > kClassified) full = kClassified;
  classify_blocks(isa_, data_.data() + base_, full, blocks_.get());
  std::size_t b = full;
  if (b < kClassified && full * 64 < avail) {  // the last partial block, zero-padded
    alignas(64) char tail[64] = {};
    std::memcpy(tail, data_.data() + base_ + full * 64, avail - full * 64);
    classify_blocks(isa_, tail, 1, blocks_.get() + b);
    ++b;
  }
  for (; b < kClassified; ++b) blocks_[b] = BlockMasks{0, 0, 0, 0, 0};  // beyond the data
  // pan13: 13 pan bytes in a row from bit i, looking into the next block: runs of 2, 4, 8,
  // then 8 + 5 = 13, on 64-bit words (x: this block, y: the next; y's own runs only need the
  // bits the next step shifts in).
  for (b = 0; b < kBlocks; ++b) {
    std::uint64_t x = blocks_[b].pan;
    std::uint64_t y = blocks_[b + 1].pan;
    x &= (x >> 1) | (y << 63);
    y &= y >> 1;
    x &= (x >> 2) | (y << 62);
    y &= y >> 2;
    x &= (x >> 4) | (y << 60);
    y &= y >> 4;
    x &= (x >> 5) | (y << 59);
    blocks_[b].pan13 = x;
  }
}

}  // namespace tally::formats::bai2
