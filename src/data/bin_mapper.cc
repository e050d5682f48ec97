#include "data/bin_mapper.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <map>

#include "collective/gather.h"
#include "common/parallel_for.h"
#include "common/random.h"

namespace qgbm {
namespace {

// Rows of the sample: all rows when there are few, else each row independently with
// probability sample_count / rows, keyed by row id (so the sample does not depend on threads).
std::vector<int64_t> SampleRows(int64_t rows, const BinningOptions& options) {
  std::vector<int64_t> sample;
  if (rows <= options.sample_count) {
    sample.resize(static_cast<size_t>(rows));
    for (int64_t i = 0; i < rows; ++i) sample[static_cast<size_t>(i)] = i;
    return sample;
  }
  const double rate = static_cast<double>(options.sample_count) / static_cast<double>(rows);
  const uint64_t key = RandomKey(options.seed, RandomStream::kBinSample, 0);
  sample.reserve(static_cast<size_t>(options.sample_count * 11 / 10));
  for (int64_t i = 0; i < rows; ++i) {
    if (RandomUniform(key, static_cast<uint64_t>(i)) < rate) sample.push_back(i);
  }
  return sample;
}

// Ascending sort of non-NaN floats by a stable LSD radix sort on order-preserving keys (11-bit
// digits, passes whose digit is the same for every value skipped). Every feature's sample is
// sorted, so this is most of the binning time on wide data; comparison sorts are several times
// slower. -0.0 lands just before +0.0; they compare equal, so the cuts do not change.
void SortFloats(std::vector<float>* values) {
  const size_t n = values->size();
  if (n < 256) {
    std::sort(values->begin(), values->end());
    return;
  }
  constexpr int kDigitBits = 11, kPasses = 3;
  constexpr uint32_t kBuckets = 1u << kDigitBits;
  std::vector<uint32_t> keys(n), scratch(n);
  std::vector<uint32_t> counts(kPasses * kBuckets, 0);
  for (size_t i = 0; i < n; ++i) {
    const auto bits = std::bit_cast<uint32_t>((*values)[i]);
    const uint32_t key = (bits >> 31) != 0 ? ~bits : bits | 0x80000000u;
    keys[i] = key;
    for (int p = 0; p < kPasses; ++p)
      ++counts[p * kBuckets + ((key >> (p * kDigitBits)) & (kBuckets - 1))];
  }
  for (int p = 0; p < kPasses; ++p) {
    uint32_t* count = counts.data() + p * kBuckets;
    if (count[(keys[0] >> (p * kDigitBits)) & (kBuckets - 1)] == n) continue;
    uint32_t offset = 0;
    for (uint32_t d = 0; d < kBuckets; ++d) {
      const uint32_t c = count[d];
      count[d] = offset;
      offset += c;
    }
    for (const uint32_t key : keys)
      scratch[count[(key >> (p * kDigitBits)) & (kBuckets - 1)]++] = key;
    keys.swap(scratch);
  }
  for (size_t i = 0; i < n; ++i) {
    const uint32_t key = keys[i];
    (*values)[i] = std::bit_cast<float>((key >> 31) != 0 ? key & 0x7FFFFFFFu : ~key);
  }
}

// Features per task when gathering the sample: one task reads its features' values of each
// sampled row as one contiguous run, instead of one strided value per row and feature.
constexpr int kFeaturesPerGatherTask = 64;
// Sampled rows ahead whose values are fetched early (rows are far apart in wide data).
constexpr size_t kGatherPrefetchRows = 8;

// LightGBM's zero threshold: sample values with |v| <= this count as zero. It is the float
// literal 1e-35f widened to double, as LightGBM stores it, so the zero cuts print the same.
constexpr double kZeroThreshold = static_cast<double>(1e-35f);

// A float as the double LightGBM would have parsed from text. Floats come from decimal text
// (or from doubles), and LightGBM parses that text straight into a double, so a cut taken
// halfway between two floats widened exactly would differ from LightGBM's in its last digits.
// The shortest decimal that reads back as this float is what data written with up to ~7
// significant digits holds; read as a double it is exactly LightGBM's value, so the cut is the
// same double. Text with more digits than a float keeps still gives the same partition of the
// data (the cut lies strictly between the two floats, checked by the caller), only a cut that
// differs in its last digits. Called for the two values next to each cut only.
double AsParsedFromText(float v) {
  // Integers below 2^24 are their own shortest text (most features with few values).
  if (std::fabs(v) < 16777216.0f && v == std::nearbyint(v)) return static_cast<double>(v);
  char text[32];
  const auto written = std::to_chars(text, text + sizeof(text), v);
  double parsed = static_cast<double>(v);
  std::from_chars(text, written.ptr, parsed);
  return parsed;
}

// The cut between adjacent distinct values a < b: LightGBM's rule, the double just above their
// midpoint, so that the midpoint itself (a decimal that often appears in data) stays left. When
// the text values place it outside [a, b) (only possible for floats one ulp apart), the
// midpoint of the widened floats is used.
double CutBetween(float a, float b) {
  double cut = std::nextafter((AsParsedFromText(a) + AsParsedFromText(b)) / 2.0, INFINITY);
  if (!(cut >= static_cast<double>(a) && cut < static_cast<double>(b)))
    cut = std::nextafter((static_cast<double>(a) + static_cast<double>(b)) / 2.0, INFINITY);
  return cut;
}

// LightGBM's greedy bins over distinct values value[0..n) (ascending, counts in count, `total`
// rows), at most max_bin bins: appends the cuts between them to *cuts (not the open upper end).
// With few distinct values, each gets its own bin once it holds min_data_in_bin rows. Else the
// bin size is the mean of the rows left over the bins left; a value holding a full mean bin on
// its own is a "big" value that gets a bin of its own, and the bin before a big value may close
// at half the mean.
void GreedyCuts(const float* value, const int64_t* count, size_t n, int max_bin, int64_t total,
                int min_data_in_bin, std::vector<double>* cuts) {
  if (n <= 1) return;
  if (n <= static_cast<size_t>(max_bin)) {
    int64_t in_bin = 0;
    for (size_t i = 0; i + 1 < n; ++i) {
      in_bin += count[i];
      if (in_bin >= min_data_in_bin) {
        cuts->push_back(CutBetween(value[i], value[i + 1]));
        in_bin = 0;
      }
    }
    return;
  }
  if (min_data_in_bin > 0)
    max_bin =
        std::max<int>(1, static_cast<int>(std::min<int64_t>(max_bin, total / min_data_in_bin)));
  double mean = static_cast<double>(total) / max_bin;
  int rest_bins = max_bin;
  int64_t rest_rows = total;
  std::vector<uint8_t> big(n, 0);
  for (size_t i = 0; i < n; ++i) {
    if (static_cast<double>(count[i]) >= mean) {
      big[i] = 1;
      --rest_bins;
      rest_rows -= count[i];
    }
  }
  // LightGBM divides as written even when every bin went to big values (rest_bins == 0): the
  // mean is then infinite or NaN, and only big values close bins.
  mean = static_cast<double>(rest_rows) / rest_bins;
  int bins = 0;
  int64_t in_bin = 0;
  for (size_t i = 0; i + 1 < n; ++i) {
    if (big[i] == 0) rest_rows -= count[i];
    in_bin += count[i];
    const auto rows = static_cast<double>(in_bin);
    if (big[i] != 0 || rows >= mean || (big[i + 1] != 0 && rows >= std::max(1.0, mean * 0.5))) {
      cuts->push_back(CutBetween(value[i], value[i + 1]));
      if (++bins >= max_bin - 1) break;
      in_bin = 0;
      if (big[i] == 0) {
        --rest_bins;
        mean = static_cast<double>(rest_rows) / rest_bins;
      }
    }
  }
}
}  // namespace

std::vector<double> FindCuts(std::vector<float> values, int max_bin, int min_data_in_bin) {
  std::vector<double> cuts;
  if (values.empty()) return cuts;
  SortFloats(&values);
  std::vector<float> distinct;
  std::vector<int64_t> counts;
  for (float v : values) {
    if (distinct.empty() || v != distinct.back()) {
      distinct.push_back(v);
      counts.push_back(0);
    }
    ++counts.back();
  }
  // Values within kZeroThreshold of zero are zero: their run of distinct values becomes one.
  auto zero_begin = std::find_if(distinct.begin(), distinct.end(),
                                 [](float v) { return static_cast<double>(v) > -kZeroThreshold; });
  auto zero_end = std::find_if(zero_begin, distinct.end(),
                               [](float v) { return static_cast<double>(v) > kZeroThreshold; });
  if (zero_end - zero_begin > 1 || (zero_begin != zero_end && *zero_begin != 0.0f)) {
    const auto first = static_cast<size_t>(zero_begin - distinct.begin());
    const auto last = static_cast<size_t>(zero_end - distinct.begin());
    int64_t zeros = 0;
    for (size_t i = first; i < last; ++i) zeros += counts[i];
    distinct[first] = 0.0f;
    counts[first] = zeros;
    distinct.erase(distinct.begin() + static_cast<std::ptrdiff_t>(first) + 1,
                   distinct.begin() + static_cast<std::ptrdiff_t>(last));
    counts.erase(counts.begin() + static_cast<std::ptrdiff_t>(first) + 1,
                 counts.begin() + static_cast<std::ptrdiff_t>(last));
  }
  // LightGBM's zero bin: negatives and positives are binned apart, each side given a share of
  // the max_bin - 1 bins left beside the bin of zeros (-kZeroThreshold, kZeroThreshold].
  const size_t nd = distinct.size();
  size_t left_end = 0;  // distinct[0, left_end) are negative
  while (left_end < nd && static_cast<double>(distinct[left_end]) <= -kZeroThreshold) ++left_end;
  size_t right_begin = left_end;  // distinct[right_begin, nd) are positive
  while (right_begin < nd && static_cast<double>(distinct[right_begin]) <= kZeroThreshold)
    ++right_begin;
  const auto total = static_cast<int64_t>(values.size());
  int64_t left_rows = 0, zero_rows = 0;
  for (size_t i = 0; i < right_begin; ++i) (i < left_end ? left_rows : zero_rows) += counts[i];
  int left_bins = 0;  // bins below the zero bin, counting the one closed by -kZeroThreshold
  if (left_end > 0 && max_bin > 1) {
    const int share = static_cast<int>(static_cast<double>(left_rows) /
                                       static_cast<double>(total - zero_rows) * (max_bin - 1));
    GreedyCuts(distinct.data(), counts.data(), left_end, std::max(1, share), left_rows,
               min_data_in_bin, &cuts);
    cuts.push_back(-kZeroThreshold);
    left_bins = static_cast<int>(cuts.size());
  }
  const int right_share = max_bin - 1 - left_bins;
  if (right_begin < nd && right_share > 0) {
    cuts.push_back(kZeroThreshold);
    GreedyCuts(distinct.data() + right_begin, counts.data() + right_begin, nd - right_begin,
               right_share, total - left_rows - zero_rows, min_data_in_bin, &cuts);
  }
  // LightGBM keeps both zero cuts even with no value below, between or above them. An empty
  // bin adds nothing but a second threshold with the same partition: one at an end is dropped,
  // and of an empty zero bin the lower cut, since LightGBM's split search keeps the higher of
  // two equal splits (it scans from the right first).
  const double lowest = static_cast<double>(distinct.front());
  const double highest = static_cast<double>(distinct.back());
  std::erase_if(cuts, [&](double c) {
    return c < lowest || c >= highest || (c == -kZeroThreshold && zero_rows == 0);
  });
  return cuts;
}

namespace {

// Per feature, 1 when some row of `raw` is NaN: one pass over row blocks (the sample could
// miss rare NaNs).
std::vector<uint8_t> MissingFlags(const RawData& raw, int threads) {
  const int nf = raw.num_features;
  const int64_t n = raw.num_rows;
  std::vector<uint8_t> has_missing(static_cast<size_t>(nf), 0);
  const int64_t blocks = NumBlocks(n, 65536, 64);
  std::vector<std::vector<uint8_t>> block_missing(static_cast<size_t>(blocks),
                                                  std::vector<uint8_t>(static_cast<size_t>(nf), 0));
  ParallelForDynamic(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    uint8_t* flags = block_missing[static_cast<size_t>(b)].data();
    const float* v = raw.values.data();
    for (int64_t r = range.begin; r < range.end; ++r) {
      for (int f = 0; f < nf; ++f) flags[f] |= std::isnan(v[r * nf + f]) ? 1 : 0;
    }
  });
  for (const auto& flags : block_missing) {
    for (int f = 0; f < nf; ++f)
      has_missing[static_cast<size_t>(f)] |= flags[static_cast<size_t>(f)];
  }
  return has_missing;
}

}  // namespace

BinMapper BinMapper::Build(const RawData& raw, const BinningOptions& options, int threads) {
  return BuildFromSample(raw, SampleRows(raw.num_rows, options), MissingFlags(raw, threads),
                         options, threads);
}

StatusOr<BinMapper> BinMapper::BuildDistributed(const RawData& local, int64_t row_offset,
                                                int64_t global_rows, const BinningOptions& options,
                                                int threads, Communicator& comm) {
  // The rows one machine would sample from all rows, by global id: this machine's share of
  // them, gathered in global order (rank order is row order).
  const std::vector<int64_t> sample = SampleRows(global_rows, options);
  const auto first = std::lower_bound(sample.begin(), sample.end(), row_offset);
  const auto last = std::lower_bound(first, sample.end(), row_offset + local.num_rows);
  const auto nf = static_cast<size_t>(local.num_features);
  std::vector<float> mine;
  mine.reserve(static_cast<size_t>(last - first) * nf);
  for (auto it = first; it != last; ++it) {
    const float* row = local.values.data() + static_cast<size_t>(*it - row_offset) * nf;
    mine.insert(mine.end(), row, row + nf);
  }
  RawData gathered;
  gathered.num_features = local.num_features;
  gathered.categorical = local.categorical;
  QGBM_ASSIGN_OR_RETURN(gathered.values, GatherInRankOrder(comm, std::span<const float>(mine)));
  gathered.num_rows = nf == 0 ? 0 : static_cast<int64_t>(gathered.values.size() / nf);
  std::vector<int64_t> all_rows(static_cast<size_t>(gathered.num_rows));
  for (size_t i = 0; i < all_rows.size(); ++i) all_rows[i] = static_cast<int64_t>(i);
  // A feature has a missing bin when any machine has a NaN in it.
  const std::vector<uint8_t> local_missing = MissingFlags(local, threads);
  std::vector<int32_t> missing(local_missing.begin(), local_missing.end());
  QGBM_RETURN_IF_ERROR(comm.AllreduceSum(std::span<int32_t>(missing)));
  std::vector<uint8_t> has_missing(nf);
  for (size_t f = 0; f < nf; ++f) has_missing[f] = missing[f] > 0 ? 1 : 0;
  return BuildFromSample(gathered, all_rows, has_missing, options, threads);
}

BinMapper BinMapper::BuildFromSample(const RawData& raw, const std::vector<int64_t>& sample,
                                     const std::vector<uint8_t>& has_missing,
                                     const BinningOptions& options, int threads) {
  const int nf = raw.num_features;
  std::vector<std::vector<double>> per_feature(static_cast<size_t>(nf));
  auto is_categorical = [&](int f) {
    return static_cast<size_t>(f) < raw.categorical.size() &&
           raw.categorical[static_cast<size_t>(f)] != 0;
  };
  std::vector<CategoryBins> categories(static_cast<size_t>(nf));
  BinMapper m;
  const int64_t tasks = (nf + kFeaturesPerGatherTask - 1) / kFeaturesPerGatherTask;
  ParallelForDynamic(tasks, threads, [&](int64_t t) {
    const int first = static_cast<int>(t) * kFeaturesPerGatherTask;
    const int last = std::min(nf, first + kFeaturesPerGatherTask);
    std::vector<std::vector<float>> values(static_cast<size_t>(last - first));
    for (auto& v : values) v.reserve(sample.size());
    for (size_t i = 0; i < sample.size(); ++i) {
      if (i + kGatherPrefetchRows < sample.size()) {
        const float* ahead = raw.values.data() + sample[i + kGatherPrefetchRows] * nf + first;
        for (int f = 0; f < last - first; f += 16) __builtin_prefetch(ahead + f);
      }
      const float* row = raw.values.data() + sample[i] * nf;
      for (int f = first; f < last; ++f) {
        if (!std::isnan(row[f])) values[static_cast<size_t>(f - first)].push_back(row[f]);
      }
    }
    for (int f = first; f < last; ++f) {
      std::vector<float>& v = values[static_cast<size_t>(f - first)];
      if (is_categorical(f)) {
        CategoryBins& c = categories[static_cast<size_t>(f)];
        c.bins = FindCategoryBins(v, static_cast<int64_t>(sample.size()), options.max_bin,
                                  options.min_data_in_bin, &c.other_count);
        // Placeholder cuts, so NumNumericBins counts the categories.
        for (size_t b = 1; b < c.bins.size(); ++b)
          per_feature[static_cast<size_t>(f)].push_back(static_cast<double>(b));
        continue;
      }
      // As in LightGBM, NaN in the sample takes one of the max_bin bins.
      const int numeric_bins = options.max_bin - (v.size() < sample.size() ? 1 : 0);
      per_feature[static_cast<size_t>(f)] =
          FindCuts(std::move(v), numeric_bins, options.min_data_in_bin);
    }
  });
  m.has_missing_ = has_missing;
  m.cut_offsets_.assign(static_cast<size_t>(nf) + 1, 0);
  for (int f = 0; f < nf; ++f) {
    const auto& c = per_feature[static_cast<size_t>(f)];
    m.cut_offsets_[static_cast<size_t>(f) + 1] =
        m.cut_offsets_[static_cast<size_t>(f)] + static_cast<int64_t>(c.size());
    m.cuts_.insert(m.cuts_.end(), c.begin(), c.end());
  }
  bool any_categorical = false;
  for (int f = 0; f < nf; ++f) any_categorical = any_categorical || is_categorical(f);
  if (any_categorical) m.SetCategories(raw.categorical, categories);
  return m;
}

void BinMapper::SetCategories(const std::vector<uint8_t>& categorical,
                              const std::vector<CategoryBins>& categories) {
  const size_t nf = has_missing_.size();
  categorical_.assign(nf, 0);
  categorical_trivial_.assign(nf, 0);
  category_offsets_.assign(nf + 1, 0);
  for (size_t f = 0; f < nf; ++f) {
    const CategoryBins& c = categories[f];
    if (f < categorical.size() && categorical[f] != 0) {
      categorical_[f] = 1;
      has_missing_[f] = 1;  // the bin of missing, rare and unseen categories always exists
      const size_t used = c.bins.size() + (c.other_count > 0 ? 1 : 0);
      categorical_trivial_[f] = used <= 1 ? 1 : 0;
      for (size_t b = 0; b < c.bins.size(); ++b) {
        bin_category_.push_back(c.bins[b]);
        category_lookup_.emplace_back(c.bins[b], static_cast<int32_t>(b));
      }
      std::sort(category_lookup_.begin() + category_offsets_[f], category_lookup_.end());
    }
    category_offsets_[f + 1] = static_cast<int64_t>(bin_category_.size());
  }
}

uint32_t BinMapper::CategoricalBinOf(int f, float v) const {
  const auto missing = static_cast<uint32_t>(MissingBin(f));
  // NaN and negative values are missing; codes were checked to be integers when read.
  if (!(v >= 0.0f) || v >= 2147483648.0f) return missing;
  const auto code = static_cast<int32_t>(v);
  const auto begin = category_lookup_.begin() + category_offsets_[f];
  const auto end = category_lookup_.begin() + category_offsets_[f + 1];
  const auto it = std::lower_bound(begin, end, std::make_pair(code, int32_t{-1}));
  return it != end && it->first == code ? static_cast<uint32_t>(it->second) : missing;
}

bool BinMapper::HasCategorical() const {
  return std::any_of(categorical_.begin(), categorical_.end(), [](uint8_t c) { return c != 0; });
}

std::vector<int32_t> FindCategoryBins(const std::vector<float>& values, int64_t sample_rows,
                                      int max_bin, int min_data_in_bin, int64_t* other_count) {
  std::map<int32_t, int64_t> counts;  // by code, ascending
  int64_t na = sample_rows - static_cast<int64_t>(values.size());
  for (float v : values) {
    if (v < 0.0f || v >= 2147483648.0f) {
      ++na;
    } else {
      ++counts[static_cast<int32_t>(v)];
    }
  }
  std::vector<std::pair<int32_t, int64_t>> order(counts.begin(), counts.end());
  // Most frequent first; equal counts keep ascending codes (LightGBM's stable sort).
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<int32_t> bins;
  const int64_t rest = sample_rows - na;
  *other_count = sample_rows;
  if (rest <= 0) return bins;
  // LightGBM's loop (bin_mapper.cpp, categorical FindBin), bin 0 being its missing bin.
  const auto cut =
      static_cast<int64_t>(static_cast<double>(static_cast<float>(rest) * 0.99f) + 0.5);
  const int64_t distinct = static_cast<int64_t>(order.size()) + (na > 0 ? 1 : 0);
  const int64_t limit = std::min<int64_t>(distinct, max_bin);
  int64_t used = 0, num_bin = 1;
  for (size_t i = 0; i < order.size() && (used < cut || num_bin < limit); ++i) {
    if (order[i].second < min_data_in_bin && i > 1) break;
    bins.push_back(order[i].first);
    used += order[i].second;
    ++num_bin;
  }
  *other_count = sample_rows - used;
  return bins;
}

int BinMapper::MaxNumBins() const {
  int best = 1;
  for (int f = 0; f < num_features(); ++f) best = std::max(best, NumBins(f));
  return best;
}

}  // namespace qgbm
