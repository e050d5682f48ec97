#include "config/param_index.h"

#include <algorithm>
#include <numeric>

#include "qgbm/params.h"

#include "common/check.h"
#include "config/value_codec.h"

namespace qgbm {
namespace {

class Collector : public ParamVisitor {
 public:
  explicit Collector(std::vector<ParamInfo>* out) : out_(out) {}
  void BeginGroup(std::string_view title) override { group_ = title; }
  void Visit(const FieldSpec& spec, FieldRef field) override {
    out_->push_back({spec, TypeName(field), FormatValue(field), group_});
  }

 private:
  std::vector<ParamInfo>* out_;
  std::string_view group_;
};

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
}

}  // namespace

ParamIndex::ParamIndex() {
  Params defaults;
  Collector collector(&params_);
  defaults.VisitFields(collector);
  for (size_t i = 0; i < params_.size(); ++i) {
    const FieldSpec& spec = params_[i].spec;
    QGBM_CHECK(by_name_.emplace(spec.key, i).second) << "duplicate parameter " << spec.key;
    for (std::string_view alias : spec.aliases) {
      QGBM_CHECK(by_name_.emplace(alias, i).second) << "duplicate alias " << alias;
    }
  }
}

const ParamIndex& ParamIndex::Get() {
  static const ParamIndex kIndex;
  return kIndex;
}

const ParamInfo* ParamIndex::Find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &params_[it->second];
}

std::string ParamIndex::Suggest(std::string_view unknown) const {
  // A third of the name (at least 2 edits) still reads as a typo; beyond that it is noise.
  const size_t max_distance = std::max<size_t>(2, unknown.size() / 3);
  size_t best_distance = max_distance + 1;
  std::string best;
  for (const auto& [name, i] : by_name_) {
    const size_t d = EditDistance(ToLower(unknown), name);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(params_[i].spec.key);
    }
  }
  return best;
}

}  // namespace qgbm
