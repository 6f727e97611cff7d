#include "binding/wire.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "binding/database.h"
#include "binding/status_error.h"

namespace strata::binding {

namespace {

std::string_view BufferArg(const Napi::Value& v) {
  if (!v.IsBuffer()) return {};
  auto b = v.As<Napi::Buffer<char>>();
  return std::string_view(b.Data(), b.Length());
}

uint32_t U32(const Napi::Value& v) { return v.As<Napi::Number>().Uint32Value(); }

Status ParsePlan(const Napi::Object& o, wire::PointSelectPlan* plan) {
  Napi::Value version = o.Get("schemaVersion");
  Napi::Value prefix = o.Get("rowKeyPrefix");
  Napi::Value columns = o.Get("columns");
  Napi::Value count = o.Get("columnCountPayload");
  Napi::Value definitions = o.Get("columnPayloads");
  if (!version.IsNumber() || !prefix.IsBuffer() || !columns.IsArray() || !count.IsBuffer() ||
      !definitions.IsArray()) {
    return Status::InvalidArgument("malformed point-select plan");
  }
  plan->schema_version = static_cast<uint64_t>(version.As<Napi::Number>().Int64Value());
  plan->row_key_prefix.assign(BufferArg(prefix));
  plan->column_count_payload.assign(BufferArg(count));
  auto cols = columns.As<Napi::Array>();
  auto defs = definitions.As<Napi::Array>();
  if (cols.Length() != defs.Length()) return Status::InvalidArgument("plan column counts differ");
  for (uint32_t i = 0; i < cols.Length(); i++) {
    Napi::Object c = cols.Get(i).As<Napi::Object>();
    wire::FastColumn column;
    column.id = U32(c.Get("id"));
    column.wire_type = static_cast<uint8_t>(U32(c.Get("wireType")));
    std::string kind = c.Get("kind").ToString().Utf8Value();
    if (kind == "int") {
      column.kind = wire::FastColumn::Kind::kInt;
    } else if (kind == "uint") {
      column.kind = wire::FastColumn::Kind::kUint;
    } else if (kind == "float") {
      column.kind = wire::FastColumn::Kind::kFloat;
    } else if (kind == "bytes") {
      column.kind = wire::FastColumn::Kind::kBytes;
    } else {
      return Status::InvalidArgument("unknown column kind", kind);
    }
    plan->columns.push_back(column);
    Napi::Value d = defs.Get(i);
    if (!d.IsBuffer()) return Status::InvalidArgument("column definition must be a Buffer");
    plan->column_payloads.emplace_back(BufferArg(d));
  }
  return Status::OK();
}

}  // namespace

Napi::Function WireHubWrap::Define(Napi::Env env) {
  return DefineClass(env, "WireHub",
                     {
                         InstanceMethod<&WireHubWrap::Adopt>("adopt"),
                         InstanceMethod<&WireHubWrap::Send>("send"),
                         InstanceMethod<&WireHubWrap::Resume>("resume"),
                         InstanceMethod<&WireHubWrap::Close>("close"),
                         InstanceMethod<&WireHubWrap::Pause>("pause"),
                         InstanceMethod<&WireHubWrap::RegisterStatement>("registerStatement"),
                         InstanceMethod<&WireHubWrap::UnregisterStatement>("unregisterStatement"),
                         InstanceMethod<&WireHubWrap::SetParamType>("setParamType"),
                         InstanceMethod<&WireHubWrap::SetSchemaVersion>("setSchemaVersion"),
                         InstanceMethod<&WireHubWrap::IdleTime>("idleMs"),
                         InstanceMethod<&WireHubWrap::Stats>("stats"),
                         InstanceMethod<&WireHubWrap::Stop>("stop"),
                     });
}

WireHubWrap::WireHubWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<WireHubWrap>(info) {
  Napi::Env env = info.Env();
  if (!Check(env,
             info.Length() == 5 && info[0].IsObject() && info[1].IsNumber() && info[2].IsNumber() &&
                 info[3].IsNumber() && info[4].IsFunction(),
             "new WireHub(database, lockCf, writeCf, defaultCf, onEvents)")) {
    return;
  }
  database_ = Database::Unwrap(info[0].As<Napi::Object>());
  database_ref_ = Napi::Persistent(info[0].As<Napi::Object>());
  auto db = database_->db();
  if (!db) {
    StatusToError(env, Status::Closed()).ThrowAsJavaScriptException();
    return;
  }
  mvcc::ColumnFamilies cfs{U32(info[1]), U32(info[2]), U32(info[3])};
  events_fn_ =
      Napi::ThreadSafeFunction::New(env, info[4].As<Napi::Function>(), "strata-wire", 0, 1);
  events_fn_.Unref(env);
  hub_ = std::make_unique<wire::WireHub>(db.get(), cfs, [this](wire::HubEvent event) {
    bool first;
    {
      std::lock_guard lock(events_mutex_);
      first = events_.empty();
      events_.push_back(std::move(event));
    }
    // One call drains every event queued before it runs.
    if (first) {
      events_fn_.NonBlockingCall([this](Napi::Env e, Napi::Function fn) { Deliver(e, fn); });
    }
  });
  Status s = hub_->Start();
  if (!s.ok()) {
    StatusToError(env, s).ThrowAsJavaScriptException();
    return;
  }
  database_->Register(this);
}

WireHubWrap::~WireHubWrap() {
  if (hub_) hub_->Stop();
  if (database_) database_->Unregister(this);
}

void WireHubWrap::Shutdown() {
  if (hub_) hub_->Stop();
}

void WireHubWrap::Deliver(Napi::Env env, Napi::Function on_events) {
  std::vector<wire::HubEvent> batch;
  {
    std::lock_guard lock(events_mutex_);
    batch.swap(events_);
  }
  if (batch.empty()) return;
  Napi::Array out = Napi::Array::New(env, batch.size());
  for (size_t i = 0; i < batch.size(); i++) {
    const auto& e = batch[i];
    Napi::Object o = Napi::Object::New(env);
    const char* kind = e.kind == wire::HubEvent::Kind::kPackets  ? "packets"
                       : e.kind == wire::HubEvent::Kind::kClosed ? "closed"
                                                                 : "drained";
    o.Set("kind", kind);
    o.Set("connection", e.connection);
    if (e.kind == wire::HubEvent::Kind::kPackets) {
      o.Set("bytes", Napi::Buffer<char>::Copy(env, e.bytes.data(), e.bytes.size()));
      o.Set("sequence", static_cast<double>(e.sequence));
    }
    out.Set(i, o);
  }
  on_events.Call({out});
}

Napi::Value WireHubWrap::Adopt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env,
             info.Length() == 5 && info[0].IsNumber() && info[1].IsNumber() && info[3].IsNumber(),
             "adopt(connection, fd, pending, status, deprecateEof)")) {
    return env.Undefined();
  }
  int fd = info[1].As<Napi::Number>().Int32Value();
  // The hub keeps its own descriptor: JavaScript closes the one it had.
  int own = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (own < 0) {
    StatusToError(env, Status::IOError("dup", std::strerror(errno))).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Status s = hub_->Adopt(U32(info[0]), own, std::string(BufferArg(info[2])),
                         static_cast<uint16_t>(U32(info[3])), info[4].ToBoolean().Value());
  if (!s.ok()) {
    ::close(own);
    StatusToError(env, s).ThrowAsJavaScriptException();
  }
  return env.Undefined();
}

Napi::Value WireHubWrap::Send(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env, info.Length() == 2 && info[0].IsNumber() && info[1].IsBuffer(),
             "send(connection, bytes)")) {
    return env.Undefined();
  }
  return Napi::Number::New(env, static_cast<double>(hub_->Send(U32(info[0]), BufferArg(info[1]))));
}

Napi::Value WireHubWrap::Resume(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env, info.Length() == 5 && info[0].IsNumber() && info[1].IsNumber(),
             "resume(connection, sequence, status, fastPathAllowed, leftover)")) {
    return env.Undefined();
  }
  hub_->Resume(U32(info[0]), static_cast<uint64_t>(info[1].As<Napi::Number>().Int64Value()),
               static_cast<uint16_t>(U32(info[2])), info[3].ToBoolean().Value(),
               std::string(BufferArg(info[4])));
  return env.Undefined();
}

Napi::Value WireHubWrap::Close(const Napi::CallbackInfo& info) {
  if (info.Length() == 1 && info[0].IsNumber()) hub_->Close(U32(info[0]));
  return info.Env().Undefined();
}

Napi::Value WireHubWrap::Pause(const Napi::CallbackInfo& info) {
  if (info.Length() == 2 && info[0].IsNumber()) {
    hub_->PauseReading(U32(info[0]), info[1].ToBoolean().Value());
  }
  return info.Env().Undefined();
}

Napi::Value WireHubWrap::RegisterStatement(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env,
             info.Length() == 3 && info[0].IsNumber() && info[1].IsNumber() && info[2].IsObject(),
             "registerStatement(connection, statement, plan)")) {
    return env.Undefined();
  }
  auto plan = std::make_shared<wire::PointSelectPlan>();
  Status s = ParsePlan(info[2].As<Napi::Object>(), plan.get());
  if (!s.ok()) {
    StatusToError(env, s).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  hub_->RegisterStatement(U32(info[0]), U32(info[1]), std::move(plan));
  return env.Undefined();
}

Napi::Value WireHubWrap::UnregisterStatement(const Napi::CallbackInfo& info) {
  if (info.Length() == 2 && info[0].IsNumber() && info[1].IsNumber()) {
    hub_->UnregisterStatement(U32(info[0]), U32(info[1]));
  }
  return info.Env().Undefined();
}

Napi::Value WireHubWrap::SetParamType(const Napi::CallbackInfo& info) {
  if (info.Length() == 3 && info[0].IsNumber() && info[1].IsNumber() && info[2].IsNumber()) {
    hub_->SetParamType(U32(info[0]), U32(info[1]), static_cast<uint16_t>(U32(info[2])));
  }
  return info.Env().Undefined();
}

Napi::Value WireHubWrap::SetSchemaVersion(const Napi::CallbackInfo& info) {
  if (info.Length() == 1 && info[0].IsNumber()) {
    hub_->SetSchemaVersion(static_cast<uint64_t>(info[0].As<Napi::Number>().Int64Value()));
  }
  return info.Env().Undefined();
}

Napi::Value WireHubWrap::IdleTime(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsNumber()) return env.Undefined();
  return Napi::Number::New(env, static_cast<double>(hub_->IdleMs(U32(info[0]))));
}

Napi::Value WireHubWrap::Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  wire::HubStats s = hub_->Stats();
  Napi::Object o = Napi::Object::New(env);
  o.Set("fastQueries", static_cast<double>(s.fast_queries));
  o.Set("fallbacks", static_cast<double>(s.fallbacks));
  o.Set("bytesReceived", static_cast<double>(s.bytes_received));
  o.Set("bytesSent", static_cast<double>(s.bytes_sent));
  o.Set("connections", static_cast<double>(s.connections));
  return o;
}

Napi::Value WireHubWrap::Stop(const Napi::CallbackInfo& info) {
  Shutdown();
  return info.Env().Undefined();
}

}  // namespace strata::binding
