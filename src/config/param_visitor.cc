#include "config/param_visitor.h"

#include <charconv>

namespace qgbm {
namespace {

std::string ShortestText(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

}  // namespace

bool Bound::Contains(double v) const {
  const bool above = lo_open ? v > lo : v >= lo;
  const bool below = hi_open ? v < hi : v <= hi;
  return above && below;
}

std::string Bound::Describe() const {
  const double inf = std::numeric_limits<double>::infinity();
  if (lo == -inf && hi == inf) return "";
  if (hi == inf) return (lo_open ? "> " : ">= ") + ShortestText(lo);
  if (lo == -inf) return (hi_open ? "< " : "<= ") + ShortestText(hi);
  return std::string("in ") + (lo_open ? "(" : "[") + ShortestText(lo) + ", " + ShortestText(hi) +
         (hi_open ? ")" : "]");
}

Constraint NoConstraint() { return {}; }

Constraint AtLeast(double lo) {
  Constraint c;
  c.kind = Constraint::Kind::kBound;
  c.bound.lo = lo;
  return c;
}

Constraint GreaterThan(double lo) {
  Constraint c = AtLeast(lo);
  c.bound.lo_open = true;
  return c;
}

Constraint InRange(double lo, double hi) {
  Constraint c = AtLeast(lo);
  c.bound.hi = hi;
  return c;
}

Constraint InRangeOpenLow(double lo, double hi) {
  Constraint c = InRange(lo, hi);
  c.bound.lo_open = true;
  return c;
}

Constraint InRangeOpenHigh(double lo, double hi) {
  Constraint c = InRange(lo, hi);
  c.bound.hi_open = true;
  return c;
}

Constraint OneOf(const ChoiceList& choices) {
  Constraint c;
  c.kind = Constraint::Kind::kChoices;
  c.choices = &choices;
  return c;
}

Constraint Items(ItemNormalizer normalize, bool unique) {
  Constraint c;
  c.kind = Constraint::Kind::kItems;
  c.normalize = normalize;
  c.unique_items = unique;
  return c;
}

}  // namespace qgbm
