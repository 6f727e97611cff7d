#include "binding/status_error.h"

#include <string>

namespace strata::binding {

Napi::Error StatusToError(Napi::Env env, const Status& status) {
  std::string message = std::string("[") + status.CodeName() + "] " + status.message();
  return Napi::Error::New(env, message);
}

bool Check(Napi::Env env, bool condition, const char* message) {
  if (!condition) Napi::TypeError::New(env, message).ThrowAsJavaScriptException();
  return condition;
}

}  // namespace strata::binding
