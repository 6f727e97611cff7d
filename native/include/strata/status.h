// Status: the outcome of an engine operation. Every fallible engine call returns one; the engine
// never throws. native/binding/ turns a non-OK Status into a JS EngineError whose code is
// CodeName(). Thread-compatible (a value type).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace strata {

class Status {
 public:
  enum class Code : unsigned char {
    kOk = 0,
    kNotFound,
    kCorruption,
    kNotSupported,
    kInvalidArgument,
    kIOError,
    kBusy,
    kNoSpace,
    kIncomplete,
    kClosed,
  };

  Status() = default;

  static Status OK() { return Status(); }
  static Status NotFound(std::string_view msg, std::string_view msg2 = {}) {
    return Status(Code::kNotFound, msg, msg2);
  }
  static Status Corruption(std::string_view msg, std::string_view msg2 = {}) {
    return Status(Code::kCorruption, msg, msg2);
  }
  static Status NotSupported(std::string_view msg, std::string_view msg2 = {}) {
    return Status(Code::kNotSupported, msg, msg2);
  }
  static Status InvalidArgument(std::string_view msg, std::string_view msg2 = {}) {
    return Status(Code::kInvalidArgument, msg, msg2);
  }
  static Status IOError(std::string_view msg, std::string_view msg2 = {}) {
    return Status(Code::kIOError, msg, msg2);
  }
  static Status Busy(std::string_view msg, std::string_view msg2 = {}) {
    return Status(Code::kBusy, msg, msg2);
  }
  static Status NoSpace(std::string_view msg, std::string_view msg2 = {}) {
    return Status(Code::kNoSpace, msg, msg2);
  }
  // The answer needs a disk read and the caller asked for memory only.
  static Status Incomplete(std::string_view msg = "not in memory") {
    return Status(Code::kIncomplete, msg, {});
  }
  static Status Closed(std::string_view msg = "the engine is closed") {
    return Status(Code::kClosed, msg, {});
  }

  bool ok() const { return state_ == nullptr; }
  Code code() const { return state_ ? state_->code : Code::kOk; }
  bool IsNotFound() const { return code() == Code::kNotFound; }
  bool IsCorruption() const { return code() == Code::kCorruption; }
  bool IsIOError() const { return code() == Code::kIOError; }
  bool IsNoSpace() const { return code() == Code::kNoSpace; }
  bool IsIncomplete() const { return code() == Code::kIncomplete; }
  bool IsBusy() const { return code() == Code::kBusy; }
  bool IsInvalidArgument() const { return code() == Code::kInvalidArgument; }
  bool IsNotSupported() const { return code() == Code::kNotSupported; }
  bool IsClosed() const { return code() == Code::kClosed; }

  // The message alone, without the code.
  const std::string& message() const;
  // Stable upper-case name of the code ("CORRUPTION"), shared with src/engine/errors.ts.
  const char* CodeName() const;
  // "CODE: message", for logs and tests.
  std::string ToString() const;

 private:
  struct State {
    Code code;
    std::string message;
  };
  Status(Code code, std::string_view msg, std::string_view msg2);

  // Shared so that copying a Status is cheap; a State is never mutated after construction.
  std::shared_ptr<const State> state_;
};

}  // namespace strata
