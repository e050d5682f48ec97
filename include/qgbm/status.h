// Status and StatusOr<T>: how every user-caused error travels back to the caller.
//
// Internal invariants are checked with QGBM_CHECK (src/common/check.h) and abort; anything a user
// can cause (a bad file, a bad parameter) comes back as a Status so that the CLI, the C API and
// Python can report it. Exceptions never cross a module boundary.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace qgbm {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument = 1,  // a parameter or an input value is wrong
  kNotFound = 2,         // a file or a named column does not exist
  kIoError = 3,          // reading or writing failed
  kDataError = 4,        // malformed content in a data or model file
  kUnavailable = 5,      // a feature this build does not have
  kInternal = 6,
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status DataError(std::string m) { return {StatusCode::kDataError, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <class T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design
  StatusOr(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace qgbm

#define QGBM_STATUS_CONCAT_INNER(a, b) a##b
#define QGBM_STATUS_CONCAT(a, b) QGBM_STATUS_CONCAT_INNER(a, b)

#define QGBM_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::qgbm::Status qgbm_status_ = (expr);        \
    if (!qgbm_status_.ok()) return qgbm_status_; \
  } while (0)

#define QGBM_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()

#define QGBM_ASSIGN_OR_RETURN(lhs, expr) \
  QGBM_ASSIGN_OR_RETURN_IMPL(QGBM_STATUS_CONCAT(qgbm_statusor_, __LINE__), lhs, expr)
