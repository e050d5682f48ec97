#include "learner/partition/row_partitioner.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "common/parallel_for.h"
#include "learner/partition/categorical_partition.h"
#include "learner/partition/stable_split.h"

namespace qgbm {
namespace {

constexpr size_t kPrefetchDistance = kPartitionPrefetchDistance;
// Below this many rows per block a split is not worth waking another thread for.
constexpr int64_t kMinRowsPerBlock = 4096;

// Stable split of one block of rows by the numeric rule (StableSplitRows).
template <class ColumnView>
int64_t SplitBlock(const ColumnView& column, const SplitRule& rule, std::span<int32_t> rows,
                   int32_t* right) {
  const uint32_t threshold = rule.threshold_bin, missing = rule.missing_bin;
  const bool default_left = rule.default_left;
  return StableSplitRows(column, rows, right, [&](uint32_t bin) {
    return bin == missing ? default_left : bin <= threshold;
  });
}

#if defined(__x86_64__) && defined(__GNUC__)
#define QGBM_HAS_AVX512_PARTITION 1
// SplitBlock for byte and 4-bit bins with AVX-512: 16 rows at a time, their bins gathered as
// 32-bit words (the column is padded, see kColumnPadding; a 4-bit cell is shifted out of its
// byte) and the row ids compressed into the left and right runs in registers, then stored whole.
// A full-vector store at the left cursor is safe in place: the cursor never passes the rows
// already loaded. Same output as the scalar loop, bit for bit.
template <bool kNibbles>
__attribute__((target("avx512f,avx512bw,avx512vl,popcnt"))) int64_t SplitBlockAvx512(
    const uint8_t* column, const SplitRule& rule, std::span<int32_t> rows, int32_t* right) {
  int32_t* left = rows.data();
  const size_t n = rows.size();
  const __m512i cell_mask = _mm512_set1_epi32(kNibbles ? 0xF : 0xFF);
  const __m512i threshold = _mm512_set1_epi32(static_cast<int>(rule.threshold_bin));
  const __m512i missing = _mm512_set1_epi32(static_cast<int>(rule.missing_bin));
  const bool has_missing = rule.missing_bin <= 0xFF;
  int64_t nl = 0, nr = 0;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    // Every index read here must be inside the block: the last one is ahead + 12.
    if (i + 32 + kPrefetchDistance <= n) {
      for (size_t k = 0; k < 16; k += 4) {
        const int32_t ahead = rows[i + 16 + kPrefetchDistance + k];
        __builtin_prefetch(column + (kNibbles ? ahead >> 1 : ahead));
      }
    }
    const __m512i ids = _mm512_loadu_si512(rows.data() + i);
    __m512i words;
    if constexpr (kNibbles) {
      // The maskz forms (all lanes) avoid GCC 12's false -Wmaybe-uninitialized on the plain ones.
      constexpr __mmask16 kAll = 0xFFFF;
      words = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), kAll,
                                          _mm512_maskz_srli_epi32(kAll, ids, 1), column, 1);
      const __m512i shift =
          _mm512_maskz_slli_epi32(kAll, _mm512_and_si512(ids, _mm512_set1_epi32(1)), 2);
      words = _mm512_maskz_srlv_epi32(kAll, words, shift);
    } else {
      words = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), 0xFFFF, ids, column, 1);
    }
    const __m512i bins = _mm512_and_si512(words, cell_mask);
    __mmask16 go_left = _mm512_cmple_epu32_mask(bins, threshold);
    if (has_missing) {
      const __mmask16 is_missing = _mm512_cmpeq_epi32_mask(bins, missing);
      go_left = rule.default_left ? static_cast<__mmask16>(go_left | is_missing)
                                  : static_cast<__mmask16>(go_left & ~is_missing);
    }
    const __mmask16 go_right = static_cast<__mmask16>(~go_left);
    _mm512_storeu_si512(left + nl, _mm512_maskz_compress_epi32(go_left, ids));
    _mm512_storeu_si512(right + nr, _mm512_maskz_compress_epi32(go_right, ids));
    const int count_left = __builtin_popcount(go_left);
    nl += count_left;
    nr += 16 - count_left;
  }
  const auto tail = SplitBlock(
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

bool CpuHasAvx512() {
  static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                          __builtin_cpu_supports("avx512vl");
  return has;
}
#endif

// Splits one block through the view of the matrix's cell width (vector code where it exists).
template <class ColumnView>
int64_t SplitAnyBlock(const ColumnView& column, const SplitRule& rule, std::span<int32_t> rows,
                      int32_t* right) {
#ifdef QGBM_HAS_AVX512_PARTITION
  if constexpr (std::is_same_v<ColumnView, ColumnBins8> ||
                std::is_same_v<ColumnView, ColumnBins4>) {
    if (CpuHasAvx512()) {
      return SplitBlockAvx512<std::is_same_v<ColumnView, ColumnBins4>>(column.data, rule, rows,
                                                                       right);
    }
  }
#endif
  return SplitBlock(column, rule, rows, right);
}

}  // namespace

void RowPartitioner::Reset(int64_t num_rows, std::span<const int32_t> rows) {
  num_rows_ = num_rows;
  subset_ = !rows.empty() && static_cast<int64_t>(rows.size()) != num_rows;
  if (rows.empty()) {
    rows_.resize(static_cast<size_t>(num_rows));
    for (int64_t i = 0; i < num_rows; ++i) rows_[static_cast<size_t>(i)] = static_cast<int32_t>(i);
  } else {
    rows_.assign(rows.begin(), rows.end());
  }
  scratch_right_.resize(rows_.size());
  std::fill(leaf_begin_.begin(), leaf_begin_.end(), 0);
  std::fill(leaf_count_.begin(), leaf_count_.end(), 0);
  leaf_count_[0] = static_cast<int64_t>(rows_.size());
}

std::span<const int32_t> RowPartitioner::LeafOfRows() {
  leaf_of_row_.resize(static_cast<size_t>(num_rows_));
  if (subset_) std::fill(leaf_of_row_.begin(), leaf_of_row_.end(), kNoLeaf);
  ParallelForDynamic(static_cast<int64_t>(leaf_count_.size()), threads_, [&](int64_t l) {
    for (const int32_t r : Rows(static_cast<int>(l)))
      leaf_of_row_[static_cast<size_t>(r)] = static_cast<int32_t>(l);
  });
  return leaf_of_row_;
}

int64_t RowPartitioner::Split(int leaf, int new_leaf, const BinnedMatrix& matrix,
                              const SplitRule& rule) {
  const int64_t begin = leaf_begin_[static_cast<size_t>(leaf)];
  const int64_t n = leaf_count_[static_cast<size_t>(leaf)];
  const int64_t blocks = NumBlocks(n, kMinRowsPerBlock, 64);
  std::vector<int64_t>& left_counts = left_counts_;
  std::vector<int64_t>& right_counts = right_counts_;
  left_counts.resize(static_cast<size_t>(blocks));
  right_counts.resize(static_cast<size_t>(blocks));
  int32_t* rows = rows_.data() + begin;
  // Pass 1: each block compacts its left rows in place and writes its right rows to scratch.
  ParallelFor(blocks, threads_, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    int32_t* right = scratch_right_.data() + begin + range.begin;
    const std::span<int32_t> block_rows(rows + range.begin,
                                        static_cast<size_t>(range.end - range.begin));
    const int64_t nl = matrix.VisitColumn(rule.column, [&](const auto& column) {
      return rule.categorical() ? SplitCategoricalBlock(column, rule, block_rows, right)
                                : SplitAnyBlock(column, rule, block_rows, right);
    });
    left_counts[static_cast<size_t>(b)] = nl;
    right_counts[static_cast<size_t>(b)] = range.end - range.begin - nl;
  });
  std::vector<int64_t>& left_offset = left_offset_;
  std::vector<int64_t>& right_offset = right_offset_;
  left_offset.resize(static_cast<size_t>(blocks));
  right_offset.resize(static_cast<size_t>(blocks));
  int64_t total_left = 0, total_right = 0;
  for (int64_t b = 0; b < blocks; ++b) {
    left_offset[static_cast<size_t>(b)] = total_left;
    right_offset[static_cast<size_t>(b)] = total_right;
    total_left += left_counts[static_cast<size_t>(b)];
    total_right += right_counts[static_cast<size_t>(b)];
  }
  // Pass 2: close the gaps between the blocks' left parts, in block order (each destination
  // ends before the next block's rows start, so nothing unread is overwritten).
  for (int64_t b = 1; b < blocks; ++b) {
    const size_t bi = static_cast<size_t>(b);
    std::memmove(rows + left_offset[bi], rows + BlockOf(n, blocks, b).begin,
                 static_cast<size_t>(left_counts[bi]) * sizeof(int32_t));
  }
  // Pass 3: the right parts follow all left rows, in block order.
  ParallelFor(blocks, threads_, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    const size_t bi = static_cast<size_t>(b);
    std::memcpy(rows + total_left + right_offset[bi], scratch_right_.data() + begin + range.begin,
                static_cast<size_t>(right_counts[bi]) * sizeof(int32_t));
  });
  leaf_count_[static_cast<size_t>(leaf)] = total_left;
  leaf_begin_[static_cast<size_t>(new_leaf)] = begin + total_left;
  leaf_count_[static_cast<size_t>(new_leaf)] = total_right;
  return total_left;
}

}  // namespace qgbm
