// Partitioning rows by a categorical split: a row goes left when its bin is in the rule's bitset.
// Kept apart from the numeric kernels (row_partitioner.cc), which stay as they are.
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>

#include "learner/partition/row_partitioner.h"
#include "learner/partition/stable_split.h"

namespace qgbm {

// Same contract as the numeric SplitBlock: left rows compacted in place at the front of `rows`,
// right rows written to `right`, both in row order; returns the number of left rows.
template <class ColumnView>
int64_t SplitCategoricalBlockScalar(const ColumnView& column, const SplitRule& rule,
                                    std::span<int32_t> rows, int32_t* right) {
  return StableSplitRows(column, rows, right, [&](uint32_t bin) { return rule.InLeftBins(bin); });
}

#if defined(__x86_64__) && defined(__GNUC__)
#define QGBM_HAS_AVX512_CATEGORICAL_PARTITION 1
// Byte and 4-bit bins (at most 256 bins: 8 bitset words) with AVX-512, 16 rows at a time: the
// bins are gathered as 32-bit words (the column is padded, see kColumnPadding), their bitset
// words gathered from a zero-padded copy of the rule's, and the row ids compressed into the left
// and right runs. Same output as the scalar loop, bit for bit.
template <bool kNibbles>
__attribute__((target("avx512f,avx512bw,avx512vl,popcnt"))) int64_t SplitCategoricalBlockAvx512(
    const uint8_t* column, const SplitRule& rule, std::span<int32_t> rows, int32_t* right) {
  alignas(64) uint32_t words[8] = {};
  std::memcpy(words, rule.left_bins.data(), rule.left_bins.size() * sizeof(uint32_t));
  int32_t* left = rows.data();
  const size_t n = rows.size();
  constexpr __mmask16 kAll = 0xFFFF;
  const __m512i cell_mask = _mm512_set1_epi32(kNibbles ? 0xF : 0xFF);
  int64_t nl = 0, nr = 0;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512i ids = _mm512_loadu_si512(rows.data() + i);
    __m512i cells;
    if constexpr (kNibbles) {
      cells = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), kAll,
                                          _mm512_maskz_srli_epi32(kAll, ids, 1), column, 1);
      const __m512i shift =
          _mm512_maskz_slli_epi32(kAll, _mm512_and_si512(ids, _mm512_set1_epi32(1)), 2);
      cells = _mm512_maskz_srlv_epi32(kAll, cells, shift);
    } else {
      cells = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), kAll, ids, column, 1);
    }
    const __m512i bins = _mm512_and_si512(cells, cell_mask);
    const __m512i word = _mm512_mask_i32gather_epi32(
        _mm512_setzero_si512(), kAll, _mm512_maskz_srli_epi32(kAll, bins, 5), words, 4);
    const __m512i bit =
        _mm512_maskz_srlv_epi32(kAll, word, _mm512_and_si512(bins, _mm512_set1_epi32(31)));
    const __mmask16 go_left = _mm512_test_epi32_mask(bit, _mm512_set1_epi32(1));
    _mm512_storeu_si512(left + nl, _mm512_maskz_compress_epi32(go_left, ids));
    _mm512_storeu_si512(right + nr,
                        _mm512_maskz_compress_epi32(static_cast<__mmask16>(~go_left), ids));
    const int count_left = __builtin_popcount(go_left);
    nl += count_left;
    nr += 16 - count_left;
  }
  const auto tail = SplitCategoricalBlockScalar(
      [&] {
        if constexpr (kNibbles) {
          return ColumnBins4{column};
        } else {
          return ColumnBins8{column};
        }
      }(),
      rule, rows.subspan(i), right + nr);
  // The scalar tail compacted its left rows at rows[i..]; move them up behind the others.
  std::memmove(left + nl, rows.data() + i, static_cast<size_t>(tail) * sizeof(int32_t));
  return nl + tail;
}

inline bool CpuHasAvx512ForCategorical() {
  static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                          __builtin_cpu_supports("avx512vl");
  return has;
}
#endif

template <class ColumnView>
int64_t SplitCategoricalBlock(const ColumnView& column, const SplitRule& rule,
                              std::span<int32_t> rows, int32_t* right) {
#ifdef QGBM_HAS_AVX512_CATEGORICAL_PARTITION
  if constexpr (std::is_same_v<ColumnView, ColumnBins8> ||
                std::is_same_v<ColumnView, ColumnBins4>) {
    if (rule.left_bins.size() <= 8 && CpuHasAvx512ForCategorical()) {
      return SplitCategoricalBlockAvx512<std::is_same_v<ColumnView, ColumnBins4>>(column.data, rule,
                                                                                  rows, right);
    }
  }
#endif
  return SplitCategoricalBlockScalar(column, rule, rows, right);
}

}  // namespace qgbm
