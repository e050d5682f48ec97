#include "io/category_strings.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace qgbm::io {
namespace {

// Largest category code a float holds exactly, plus one.
constexpr double kMaxCategoryCode = 16777216.0;

std::string FeatureName(const RawData& data, int f) {
  const std::string name = static_cast<size_t>(f) < data.feature_names.size()
                               ? data.feature_names[static_cast<size_t>(f)]
                               : "Column_" + std::to_string(f);
  return "feature " + std::to_string(f) + " ('" + name + "')";
}

std::string Where(const RawData& data, int64_t row, int f) {
  return "file " + data.source + " data row " + std::to_string(row + 1) + ", " +
         FeatureName(data, f);
}

// Model files store category texts as UTF-8 strings, so any other bytes would not survive a save
// and load: such a text would then no longer match the data it came from.
bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    // RFC 3629: the length from the lead byte, and the range of the second byte (which rules out
    // overlong forms, surrogates and code points past U+10FFFF); later bytes are 80..BF.
    size_t extra = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      lo = c == 0xE0 ? 0xA0 : 0x80;
      hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      lo = c == 0xF0 ? 0x90 : 0x80;
      hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
      return false;
    }
    if (s.size() - i <= extra) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return false;
    }
    i += extra + 1;
  }
  return true;
}

// The sorted distinct keys of feature f: its string cells and its number cells.
std::vector<std::string> CollectNames(const std::vector<StringCells>& cells, const RawData& data,
                                      int f) {
  std::set<std::string> keys;
  for (const StringCells& chunk : cells) {
    for (size_t i = 0; i < chunk.size(); ++i) {
      if (chunk.feature(i) == f) keys.insert(chunk.text(i));
    }
  }
  const int nf = data.num_features;
  for (int64_t r = 0; r < data.num_rows; ++r) {
    const float v = data.values[static_cast<size_t>(r * nf + f)];
    if (!std::isnan(v)) keys.insert(NumberKey(v));
  }
  return {keys.begin(), keys.end()};
}

// Writes the codes of feature f: number cells through their keys, then the string cells (whose
// values are NaN placeholders until now). Unknown keys become NaN.
void WriteCodes(const std::vector<StringCells>& cells, const std::vector<std::string>& names, int f,
                RawData* data) {
  std::unordered_map<std::string, int> code;
  for (size_t i = 0; i < names.size(); ++i) code.emplace(names[i], static_cast<int>(i));
  auto lookup = [&](const std::string& key) {
    const auto it = code.find(key);
    return it == code.end() ? std::nanf("") : static_cast<float>(it->second);
  };
  const int nf = data->num_features;
  for (int64_t r = 0; r < data->num_rows; ++r) {
    float& v = data->values[static_cast<size_t>(r * nf + f)];
    if (!std::isnan(v)) v = lookup(NumberKey(v));
  }
  for (const StringCells& chunk : cells) {
    for (size_t i = 0; i < chunk.size(); ++i) {
      if (chunk.feature(i) != f) continue;
      data->values[static_cast<size_t>(chunk.row(i) * nf + f)] = lookup(chunk.text(i));
    }
  }
}

}  // namespace

void StringCells::Add(int64_t row, int feature, std::string_view text) {
  const auto [it, inserted] =
      index_.try_emplace(std::string(text), static_cast<int32_t>(texts_.size()));
  if (inserted) texts_.emplace_back(text);
  rows_.push_back(row);
  features_.push_back(feature);
  ids_.push_back(it->second);
}

std::string NumberKey(float value) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof(buf), value);
  return {buf, res.ptr};
}

Status ResolveStringColumns(const std::vector<StringCells>& cells,
                            const std::vector<std::vector<std::string>>* known, RawData* data) {
  const int nf = data->num_features;
  data->categorical.resize(static_cast<size_t>(nf), 0);
  data->category_names.resize(static_cast<size_t>(nf));
  std::vector<uint8_t> has_strings(static_cast<size_t>(nf), 0);
  for (const StringCells& chunk : cells) {
    for (size_t i = 0; i < chunk.size(); ++i) {
      const int f = chunk.feature(i);
      const bool named = known != nullptr && static_cast<size_t>(f) < known->size() &&
                         !(*known)[static_cast<size_t>(f)].empty();
      if (!IsValidUtf8(chunk.text(i))) {
        return Status::DataError(Where(*data, chunk.row(i), f) +
                                 ": a text that is not valid UTF-8 (model files keep category "
                                 "texts as UTF-8; convert the file's encoding)");
      }
      if (known != nullptr && !named) {
        return Status::DataError(Where(*data, chunk.row(i), f) + ": cannot parse '" +
                                 chunk.text(i) +
                                 "' as a number (this column holds numbers in the training data)");
      }
      has_strings[static_cast<size_t>(f)] = 1;
    }
  }
  for (int f = 0; f < nf; ++f) {
    const auto fi = static_cast<size_t>(f);
    std::vector<std::string> names;
    if (known != nullptr) {
      if (fi < known->size()) names = (*known)[fi];
    } else if (has_strings[fi] != 0) {
      names = CollectNames(cells, *data, f);
    }
    if (names.empty()) continue;
    WriteCodes(cells, names, f, data);
    data->categorical[fi] = 1;
    data->category_names[fi] = std::move(names);
  }
  return Status::Ok();
}

Status CheckIntegerCategories(RawData* data) {
  const int nf = data->num_features;
  std::vector<int> features;
  for (int f = 0; f < nf; ++f) {
    const auto fi = static_cast<size_t>(f);
    if (fi < data->categorical.size() && data->categorical[fi] != 0 &&
        (fi >= data->category_names.size() || data->category_names[fi].empty())) {
      features.push_back(f);
    }
  }
  if (features.empty()) return Status::Ok();
  for (int64_t r = 0; r < data->num_rows; ++r) {
    for (int f : features) {
      float& v = data->values[static_cast<size_t>(r * nf + f)];
      if (std::isnan(v)) continue;
      if (v < 0.0f) {
        v = std::nanf("");  // LightGBM: negative categories are missing values
        continue;
      }
      if (v != std::floor(v) || static_cast<double>(v) >= kMaxCategoryCode) {
        return Status::DataError(
            Where(*data, r, f) + ": a categorical value that is not an integer: " + NumberKey(v) +
            " (categorical_feature columns hold integer codes from 0 to 16777215; negative "
            "values are missing)");
      }
    }
  }
  return Status::Ok();
}

}  // namespace qgbm::io
