// Splitting a text buffer into line-aligned chunks that threads parse independently.
//
// Each chunk knows the file line number and the data-row index it starts at (prefix sums of a
// counting pass), so parsers write rows straight into their final place and report exact line
// numbers, whatever the number of chunks.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace qgbm::io {

enum class BlankRule { kDense, kLibSvm };  // which lines carry no row (see text_cells.h)

struct LineChunk {
  size_t begin = 0;  // byte range [begin, end) of whole lines
  size_t end = 0;
  int64_t first_line = 1;  // 1-based file line number of the line at `begin`
  int64_t first_row = 0;   // index of the chunk's first data row
  int64_t num_rows = 0;    // data rows in the chunk
};

// Chunks cover text[begin, text.size()); `begin_line` is the line number at `begin`. Chunks hold
// at least `min_chunk_bytes` (except the last), with up to 4 chunks per thread for balance.
std::vector<LineChunk> SplitIntoChunks(std::string_view text, size_t begin, int64_t begin_line,
                                       BlankRule rule, int num_threads,
                                       size_t min_chunk_bytes = size_t{1} << 18);

inline int64_t TotalRows(const std::vector<LineChunk>& chunks) {
  return chunks.empty() ? 0 : chunks.back().first_row + chunks.back().num_rows;
}

}  // namespace qgbm::io
