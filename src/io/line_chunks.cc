#include "io/line_chunks.h"

#include <algorithm>
#include <cstring>

#include "common/parallel_for.h"
#include "io/text_cells.h"

namespace qgbm::io {
namespace {

// Moves `pos` to the start of the line after the one containing pos - 1.
size_t AlignToLineStart(std::string_view text, size_t pos) {
  if (pos == 0 || pos >= text.size() || text[pos - 1] == '\n') return std::min(pos, text.size());
  const void* nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
  return nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1 : text.size();
}

struct LineCount {
  int64_t lines = 0;
  int64_t rows = 0;
};

LineCount CountLines(std::string_view text, size_t begin, size_t end, BlankRule rule) {
  LineCount count;
  const std::string_view chunk = text.substr(0, end);
  for (size_t pos = begin; pos < end;) {
    const std::string_view line = NextLine(chunk, pos);
    ++count.lines;
    const bool blank = rule == BlankRule::kDense ? IsBlankDenseLine(line) : IsBlankLibSvmLine(line);
    count.rows += blank ? 0 : 1;
  }
  return count;
}

}  // namespace

std::vector<LineChunk> SplitIntoChunks(std::string_view text, size_t begin, int64_t begin_line,
                                       BlankRule rule, int num_threads, size_t min_chunk_bytes) {
  const size_t bytes = text.size() > begin ? text.size() - begin : 0;
  const int64_t max_chunks = 4 * static_cast<int64_t>(std::max(num_threads, 1));
  const int64_t num_chunks =
      NumBlocks(static_cast<int64_t>(bytes),
                static_cast<int64_t>(std::max<size_t>(min_chunk_bytes, 1)), max_chunks);
  std::vector<LineChunk> chunks;
  size_t start = begin;
  for (int64_t c = 0; c < num_chunks && start < text.size(); ++c) {
    const size_t target =
        begin + static_cast<size_t>(BlockOf(static_cast<int64_t>(bytes), num_chunks, c).end);
    const size_t stop = AlignToLineStart(text, std::max(target, start + 1));
    chunks.push_back({start, stop, 0, 0, 0});
    start = stop;
  }
  std::vector<LineCount> counts(chunks.size());
  ParallelFor(static_cast<int64_t>(chunks.size()), num_threads, [&](int64_t c) {
    counts[c] = CountLines(text, chunks[c].begin, chunks[c].end, rule);
  });
  int64_t line = begin_line, row = 0;
  for (size_t c = 0; c < chunks.size(); ++c) {
    chunks[c].first_line = line;
    chunks[c].first_row = row;
    chunks[c].num_rows = counts[c].rows;
    line += counts[c].lines;
    row += counts[c].rows;
  }
  return chunks;
}

}  // namespace qgbm::io
