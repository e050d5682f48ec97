// The parameter table's vocabulary. Each group's VisitFields (param_table.cc) hands every field to
// a ParamVisitor together with its FieldSpec; parsing, writing, alias lookup and the markdown docs
// are all visitors, so a parameter is described exactly once.
//
// Glossary:
//   key         the canonical name, identical to LightGBM's and to the C++ field name.
//   alias       another name LightGBM accepts for the same key.
//   constraint  what a value must satisfy: numeric bounds, a closed set of string choices, or a
//               per-item normaliser for comma-separated lists.
//   choice      one accepted value of a string parameter, with its own value aliases; a choice
//               may be known but unavailable (recognised, then rejected with a reason).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace qgbm {

// Numeric bounds; an open end excludes the bound itself.
struct Bound {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;

  bool Contains(double v) const;
  std::string Describe() const;  // ">= 0", "> 0", "in [2, 127]", "in (0, 1]"; "" when unbounded
};

struct Choice {
  std::string_view name;                  // canonical value
  std::vector<std::string_view> aliases;  // other spellings mapped to `name`
  std::string_view unavailable;           // non-empty: recognised but rejected, with this reason
};
using ChoiceList = std::vector<Choice>;

// Maps one list item to its canonical spelling (e.g. metric "mse" -> "l2").
using ItemNormalizer = std::string (*)(std::string_view item);

struct Constraint {
  enum class Kind { kNone, kBound, kChoices, kItems };
  Kind kind = Kind::kNone;
  Bound bound;                          // kBound
  const ChoiceList* choices = nullptr;  // kChoices
  ItemNormalizer normalize = nullptr;   // kItems; nullptr keeps items as written
  bool unique_items = false;            // kItems: drop repeated items after normalising
};

// Constraint builders used by the table.
Constraint NoConstraint();
Constraint AtLeast(double lo);
Constraint GreaterThan(double lo);
Constraint InRange(double lo, double hi);          // [lo, hi]
Constraint InRangeOpenLow(double lo, double hi);   // (lo, hi]
Constraint InRangeOpenHigh(double lo, double hi);  // [lo, hi)
Constraint OneOf(const ChoiceList& choices);       // the list must outlive the program (static)
Constraint Items(ItemNormalizer normalize, bool unique);

// One row of the parameter table. Always written with all four members, in this order.
struct FieldSpec {
  std::string_view key;
  std::vector<std::string_view> aliases;
  Constraint constraint;
  std::string_view doc;
};

// Pointer to the field being visited; the alternative is the field's C++ type.
using FieldRef =
    std::variant<int*, int64_t*, double*, bool*, std::string*, std::vector<std::string>*>;

class ParamVisitor {
 public:
  virtual ~ParamVisitor() = default;
  // Called by Params::VisitFields before each group's fields (used for doc sections).
  virtual void BeginGroup(std::string_view /*title*/) {}
  virtual void Visit(const FieldSpec& spec, FieldRef field) = 0;
};

}  // namespace qgbm
