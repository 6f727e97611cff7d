#include "strata/status.h"

namespace strata {

Status::Status(Code code, std::string_view msg, std::string_view msg2) {
  std::string message(msg);
  if (!msg2.empty()) {
    message.append(": ");
    message.append(msg2);
  }
  state_ = std::make_shared<const State>(State{code, std::move(message)});
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return state_ ? state_->message : kEmpty;
}

const char* Status::CodeName() const {
  switch (code()) {
    case Code::kOk:
      return "OK";
    case Code::kNotFound:
      return "NOT_FOUND";
    case Code::kCorruption:
      return "CORRUPTION";
    case Code::kNotSupported:
      return "NOT_SUPPORTED";
    case Code::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case Code::kIOError:
      return "IO_ERROR";
    case Code::kBusy:
      return "BUSY";
    case Code::kNoSpace:
      return "NO_SPACE";
    case Code::kIncomplete:
      return "INCOMPLETE";
    case Code::kClosed:
      return "CLOSED";
  }
  return "UNKNOWN";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(CodeName()) + ": " + message();
}

}  // namespace strata
