#include "metric/auc_metric.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

#include "common/parallel_for.h"
#include "metric/pointwise_sum.h"

namespace qgbm {
namespace {

constexpr int64_t kSortRowsPerBlock = 1 << 15;
constexpr int64_t kSortMaxBlocks = 64;

}  // namespace

std::vector<int64_t> OrderByScore(std::span<const double> scores, int threads) {
  const auto n = static_cast<int64_t>(scores.size());
  // Sort (score, row) pairs stored side by side: comparing in place is far cheaper than
  // chasing row indices into the score array.
  struct Entry {
    double score;
    int64_t row;
    bool operator<(const Entry& o) const {
      return score < o.score || (score == o.score && row < o.row);
    }
  };
  std::vector<Entry> entries(scores.size());
  for (int64_t i = 0; i < n; ++i)
    entries[static_cast<size_t>(i)] = {scores[static_cast<size_t>(i)], i};
  const int64_t blocks = NumBlocks(n, kSortRowsPerBlock, kSortMaxBlocks);
  const int workers = threads > 0 ? threads : DefaultThreadCount();
  const auto begin_of = [&](int64_t b) {
    return entries.begin() + (b < blocks ? BlockOf(n, blocks, b).begin : n);
  };
  ParallelFor(blocks, workers, [&](int64_t b) { std::sort(begin_of(b), begin_of(b + 1)); });
  // Merge sorted runs pairwise; run widths double each round.
  for (int64_t width = 1; width < blocks; width *= 2) {
    const int64_t pairs = (blocks + 2 * width - 1) / (2 * width);
    ParallelFor(pairs, workers, [&](int64_t p) {
      const int64_t first = 2 * p * width;
      const int64_t mid = std::min(first + width, blocks),
                    last = std::min(first + 2 * width, blocks);
      if (mid < last) std::inplace_merge(begin_of(first), begin_of(mid), begin_of(last));
    });
  }
  std::vector<int64_t> order(scores.size());
  for (int64_t i = 0; i < n; ++i)
    order[static_cast<size_t>(i)] = entries[static_cast<size_t>(i)].row;
  return order;
}

namespace {

// A row for the AUC sweep: the score as an unsigned key with the same order, and the row's
// weight on the positive or the negative side.
struct KeyedRow {
  uint64_t key;
  float positive;
  float negative;
};

uint64_t OrderedKey(double score) {
  const auto bits = std::bit_cast<uint64_t>(score);
  return (bits >> 63) != 0 ? ~bits : bits | (uint64_t{1} << 63);
}
double ScoreOfKey(uint64_t key) {
  return std::bit_cast<double>((key >> 63) != 0 ? key & ~(uint64_t{1} << 63) : ~key);
}

// Rows sorted by score: a stable LSD radix sort on the key's top 33 bits (three 11-bit
// digits; passes whose digit is the same for every row skipped), then each run of rows whose
// top bits agree sorted stably on the whole key. Half the passes of a radix sort over all 64
// bits; nearly every run is a single row. The result is the stable sort by key, whatever the
// thread count (blocks count and scatter their own rows, in block order).
const std::vector<KeyedRow>& SortedByScore(std::span<const double> p, std::span<const float> labels,
                                           std::span<const float> weights, int threads) {
  constexpr int kDigitBits = 11, kPasses = 3, kFirstShift = 64 - kPasses * kDigitBits;
  constexpr size_t kBuckets = size_t{1} << kDigitBits;
  const auto n = static_cast<int64_t>(p.size());
  // Kept between calls: every evaluation of a validation set sorts the same number of rows.
  // Bound to references: inside the workers' lambdas a thread_local name would be the worker's.
  thread_local std::vector<KeyedRow> kept_rows, kept_scratch;
  thread_local std::vector<uint32_t> kept_counts;
  std::vector<KeyedRow>& rows = kept_rows;
  std::vector<KeyedRow>& scratch = kept_scratch;
  std::vector<uint32_t>& counts = kept_counts;  // per block, per digit
  rows.resize(p.size());
  scratch.resize(p.size());
  const int workers = threads > 0 ? threads : DefaultThreadCount();
  const int64_t blocks = NumBlocks(n, int64_t{1} << 16, workers);
  ParallelFor(blocks, workers, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    for (int64_t i = range.begin; i < range.end; ++i) {
      const auto r = static_cast<size_t>(i);
      const float w = weights.empty() ? 1.0f : weights[r];
      const bool positive = labels[r] > 0.0f;
      rows[r] = {OrderedKey(p[r]), positive ? w : 0.0f, positive ? 0.0f : w};
    }
  });
  counts.resize(static_cast<size_t>(blocks) * kBuckets);
  for (int pass = 0; pass < kPasses; ++pass) {
    const int shift = kFirstShift + pass * kDigitBits;
    auto digit = [shift](const KeyedRow& row) {
      return static_cast<size_t>((row.key >> shift) & (kBuckets - 1));
    };
    ParallelFor(blocks, workers, [&](int64_t b) {
      uint32_t* count = counts.data() + static_cast<size_t>(b) * kBuckets;
      std::fill(count, count + kBuckets, 0u);
      const BlockRange range = BlockOf(n, blocks, b);
      for (int64_t i = range.begin; i < range.end; ++i)
        ++count[digit(rows[static_cast<size_t>(i)])];
    });
    // Block b's rows of digit d go after every row of a smaller digit and after the rows of
    // digit d in blocks before b.
    uint32_t offset = 0;
    bool one_digit = false;
    for (size_t d = 0; d < kBuckets; ++d) {
      uint32_t total = 0;
      for (int64_t b = 0; b < blocks; ++b) {
        uint32_t& c = counts[static_cast<size_t>(b) * kBuckets + d];
        const uint32_t here = c;
        c = offset + total;
        total += here;
      }
      one_digit = one_digit || total == static_cast<uint32_t>(n);
      offset += total;
    }
    if (one_digit) continue;  // every row has this digit: the pass would not move anything
    ParallelFor(blocks, workers, [&](int64_t b) {
      uint32_t* next = counts.data() + static_cast<size_t>(b) * kBuckets;
      const BlockRange range = BlockOf(n, blocks, b);
      for (int64_t i = range.begin; i < range.end; ++i) {
        const KeyedRow& row = rows[static_cast<size_t>(i)];
        scratch[next[digit(row)]++] = row;
      }
    });
    rows.swap(scratch);
  }
  // Runs sharing the top bits, in order of the low bits (stable: equal keys keep row order).
  const auto by_key = [](const KeyedRow& a, const KeyedRow& b) { return a.key < b.key; };
  constexpr int64_t kInsertionRun = 32;
  for (int64_t i = 0; i < n;) {
    const uint64_t top = rows[static_cast<size_t>(i)].key >> kFirstShift;
    int64_t end = i + 1;
    while (end < n && (rows[static_cast<size_t>(end)].key >> kFirstShift) == top) ++end;
    if (end - i > kInsertionRun) {
      // Long runs are mostly rows of one score (early trees give few distinct scores).
      if (!std::is_sorted(rows.begin() + i, rows.begin() + end, by_key))
        std::stable_sort(rows.begin() + i, rows.begin() + end, by_key);
    } else {
      for (int64_t j = i + 1; j < end; ++j) {
        const KeyedRow row = rows[static_cast<size_t>(j)];
        int64_t k = j;
        for (; k > i && row.key < rows[static_cast<size_t>(k - 1)].key; --k)
          rows[static_cast<size_t>(k)] = rows[static_cast<size_t>(k - 1)];
        rows[static_cast<size_t>(k)] = row;
      }
    }
    i = end;
  }
  return rows;
}

}  // namespace

double AucMetric::Evaluate(std::span<const double> predictions, const LabelView& data,
                           int threads) const {
  CheckMetricInputs(predictions, data);
  if (std::any_of(predictions.begin(), predictions.end(), [](double p) { return std::isnan(p); })) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const std::vector<KeyedRow>& rows =
      SortedByScore(predictions, data.labels, data.weights, threads);
  // Ascending sweep: each positive outranks the negatives below its group of equal scores and
  // ties half of those inside it. -0.0 and +0.0 are adjacent keys and equal scores: one group.
  double area = 0.0, negatives_below = 0.0, positives = 0.0;
  for (size_t i = 0; i < rows.size();) {
    const double score = ScoreOfKey(rows[i].key);
    double group_pos = 0.0, group_neg = 0.0;
    for (; i < rows.size() && ScoreOfKey(rows[i].key) == score; ++i) {
      group_pos += rows[i].positive;
      group_neg += rows[i].negative;
    }
    area += group_pos * (negatives_below + 0.5 * group_neg);
    negatives_below += group_neg;
    positives += group_pos;
  }
  if (positives <= 0.0 || negatives_below <= 0.0) return 1.0;
  return area / (positives * negatives_below);
}

}  // namespace qgbm
