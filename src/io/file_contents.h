// Reads a whole text file into memory, inflating it when it is gzip-compressed.
#pragma once

#include <string>

#include "qgbm/status.h"

namespace qgbm::io {

// gzip is recognised by its magic bytes (1f 8b), not by the file name. Concatenated gzip members
// (as written by `cat a.gz b.gz` or pigz) are inflated one after another.
// Errors: kNotFound (no such file), kIoError (unreadable), kDataError (corrupt or truncated gzip).
StatusOr<std::string> ReadFileContents(const std::string& path);

// Ok when `path` names a regular file; else kNotFound (no such file) or kIoError (a directory,
// a device, ...), with a message naming the file.
Status CheckRegularFile(const std::string& path);

// True when `path` names an existing regular file (side files are optional).
bool RegularFileExists(const std::string& path);

}  // namespace qgbm::io
