// WireHub: the JS class over wire::WireHub (native/wire/wire_hub.h), which owns authenticated
// client sockets and answers prepared point selects natively. Events (packets for JavaScript,
// closes, drains) arrive in batches through one thread-safe function.
#pragma once

#include <napi.h>

#include <memory>
#include <mutex>
#include <vector>

#include "wire/wire_hub.h"

namespace strata::binding {

class Database;

class WireHubWrap final : public Napi::ObjectWrap<WireHubWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  // info: (database, lockCf, writeCf, defaultCf, onEvents)
  explicit WireHubWrap(const Napi::CallbackInfo& info);
  ~WireHubWrap() override;

  // Stops the hub (before the database closes).
  void Shutdown();
  void Detach() { database_ = nullptr; }

 private:
  Napi::Value Adopt(const Napi::CallbackInfo& info);
  Napi::Value Send(const Napi::CallbackInfo& info);
  Napi::Value Resume(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value Pause(const Napi::CallbackInfo& info);
  Napi::Value RegisterStatement(const Napi::CallbackInfo& info);
  Napi::Value UnregisterStatement(const Napi::CallbackInfo& info);
  Napi::Value SetParamType(const Napi::CallbackInfo& info);
  Napi::Value SetSchemaVersion(const Napi::CallbackInfo& info);
  Napi::Value IdleTime(const Napi::CallbackInfo& info);
  Napi::Value Stats(const Napi::CallbackInfo& info);
  Napi::Value Stop(const Napi::CallbackInfo& info);

  void Deliver(Napi::Env env, Napi::Function on_events);

  Database* database_ = nullptr;
  Napi::ObjectReference database_ref_;
  std::unique_ptr<wire::WireHub> hub_;
  Napi::ThreadSafeFunction events_fn_;
  std::mutex events_mutex_;
  std::vector<wire::HubEvent> events_;
};

}  // namespace strata::binding
