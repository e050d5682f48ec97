// Categorical columns of text files: text cells turned into category codes, and the checks on
// integer-coded categorical columns.
//
// Glossary
//   string cell      a feature cell that does not parse as a number (and is not a missing token)
//   string column    a feature column with at least one string cell; it is categorical
//   category key     the text a cell stands for: a string cell's text (trimmed, unquoted), or the
//                    shortest text of a number cell's float value ("1", "2.5"), so "1" and "1.0"
//                    are one category
//   category names   per feature, the sorted keys seen in the training data; code = position
//
// The parser collects string cells per chunk (StringCells, file order); once the file is read,
// ResolveStringColumns writes every string column's codes into RawData::values. With the training
// data's names given (validation and prediction files), a key the training data did not have
// becomes NaN, which goes the missing-value way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "qgbm/status.h"

#include "io/raw_data.h"

namespace qgbm::io {

// The string cells of one chunk of rows. Texts are stored once per chunk.
class StringCells {
 public:
  void Add(int64_t row, int feature, std::string_view text);
  size_t size() const { return rows_.size(); }
  int64_t row(size_t i) const { return rows_[i]; }
  int feature(size_t i) const { return features_[i]; }
  const std::string& text(size_t i) const { return texts_[static_cast<size_t>(ids_[i])]; }

 private:
  std::vector<int64_t> rows_;
  std::vector<int32_t> features_;
  std::vector<int32_t> ids_;
  std::vector<std::string> texts_;
  std::unordered_map<std::string, int32_t> index_;
};

// The category key of a number (shortest round-trip text of the float).
std::string NumberKey(float value);

// Makes every column with string cells (or with names in `known`) categorical: sets
// data->categorical and data->category_names, and replaces the column's values with codes.
// known == nullptr: names come from this file (training data). Otherwise a string cell in a
// column without known names is an error naming the file, row and column.
Status ResolveStringColumns(const std::vector<StringCells>& cells,
                            const std::vector<std::vector<std::string>>* known, RawData* data);

// Declared categorical features without names must hold integer codes: negative values become
// NaN (missing, as in LightGBM); a value that is not an integer (or is 2^24 or more, which a float
// cannot hold exactly) is an error naming the file, the data row and the column.
Status CheckIntegerCategories(RawData* data);

}  // namespace qgbm::io
