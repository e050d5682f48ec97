// Hot-path helpers shared by the text parsers: line iteration, cell splitting and number parsing.
//
// Glossary: a *line* is the bytes between two '\n' (a trailing '\r' is dropped); a *data line*
// is a line that is not blank; a *cell* is one delimited field of a dense line. Everything here
// works on string_views into the file buffer, so parsing allocates nothing per cell.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace qgbm::io {

// Returns the line starting at `pos` (without '\n' and a trailing '\r') and moves `pos` past it.
inline std::string_view NextLine(std::string_view text, size_t& pos) {
  const char* begin = text.data() + pos;
  const size_t rest = text.size() - pos;
  const void* nl = std::memchr(begin, '\n', rest);
  size_t len = nl ? static_cast<size_t>(static_cast<const char*>(nl) - begin) : rest;
  pos += nl ? len + 1 : len;
  if (len > 0 && begin[len - 1] == '\r') --len;
  return {begin, len};
}

inline bool IsBlankChar(char c) { return c == ' ' || c == '\t' || c == '\r'; }

inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlankChar(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlankChar(s.back())) s.remove_suffix(1);
  return s;
}

// Dense files: only spaces make a line blank (a line of tabs is a TSV row of missing cells).
inline bool IsBlankDenseLine(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\r') return false;
  }
  return true;
}

// LibSVM files: whitespace and comments carry no data.
inline std::string_view StripComment(std::string_view line) {
  const size_t hash = line.find('#');
  return hash == std::string_view::npos ? line : line.substr(0, hash);
}
inline bool IsBlankLibSvmLine(std::string_view line) { return Trim(StripComment(line)).empty(); }

// Splits a dense line into cells. Delimiter ' ' means "runs of spaces/tabs", so leading and
// trailing blanks make no empty cells; ',' and '\t' split exactly (an empty cell is missing).
class CellSplitter {
 public:
  CellSplitter(std::string_view line, char delimiter) : line_(line), delimiter_(delimiter) {
    if (delimiter_ == ' ') SkipBlanks();
  }
  bool Done() const { return done_; }
  std::string_view Next() {
    const char* p = line_.data() + pos_;
    const size_t rest = line_.size() - pos_;
    size_t len = 0;
    if (delimiter_ == ' ') {
      while (len < rest && p[len] != ' ' && p[len] != '\t') ++len;
      pos_ += len;
      SkipBlanks();
    } else {
      const void* d = std::memchr(p, delimiter_, rest);
      len = d ? static_cast<size_t>(static_cast<const char*>(d) - p) : rest;
      pos_ += len + 1;
      done_ = d == nullptr;
    }
    return {p, len};
  }

 private:
  void SkipBlanks() {
    while (pos_ < line_.size() && (line_[pos_] == ' ' || line_[pos_] == '\t')) ++pos_;
    done_ = pos_ >= line_.size();
  }
  std::string_view line_;
  size_t pos_ = 0;
  char delimiter_;
  bool done_ = false;
};

inline char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

// Missing-value spellings written by R, pandas, databases and ARFF-style files.
inline bool IsMissingToken(std::string_view s) {
  return s.empty() || s == "?" || EqualsIgnoreCase(s, "na") || EqualsIgnoreCase(s, "nan") ||
         EqualsIgnoreCase(s, "null");
}

// from_chars leaves the value untouched on overflow or underflow: saturate like strtod does.
inline double OutOfRangeValue(const char* p, const char* end) {
  const char* e = p;
  while (e != end && *e != 'e' && *e != 'E') ++e;
  const bool underflow = e + 1 < end && e[1] == '-';
  if (underflow) return *p == '-' ? -0.0 : 0.0;
  return *p == '-' ? -HUGE_VAL : HUGE_VAL;
}

// Parses a whole cell as a number; missing spellings give NaN. Returns false when the cell is
// not a number. Parsing goes through double (as LightGBM does) so 1e300 becomes inf in a float.
inline bool ParseCell(std::string_view cell, double* value) {
  const char* p = cell.data();
  const char* end = p + cell.size();
  if (p != end && *p == '+') ++p;  // from_chars rejects a leading '+'
  const auto result = std::from_chars(p, end, *value);
  if (result.ptr == end && p != end &&
      (result.ec == std::errc() || result.ec == std::errc::result_out_of_range)) {
    if (result.ec == std::errc::result_out_of_range) *value = OutOfRangeValue(p, end);
    return true;
  }
  const std::string_view trimmed = Trim(cell);
  if (trimmed.size() != cell.size()) return ParseCell(trimmed, value);
  if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') {
    return ParseCell(cell.substr(1, cell.size() - 2), value);
  }
  if (IsMissingToken(cell)) {
    *value = std::nan("");
    return true;
  }
  return false;
}

// A cell or token shown in an error message: quoted and shortened.
inline std::string Quoted(std::string_view token) {
  constexpr size_t kMaxShown = 40;
  std::string text(1, '\'');
  text.append(token.substr(0, kMaxShown));
  text.append(token.size() > kMaxShown ? "...'" : "'");
  return text;
}

// "file X line N" prefix of every content error.
inline std::string Where(const std::string& file, int64_t line) {
  return "file " + file + " line " + std::to_string(line);
}

}  // namespace qgbm::io
