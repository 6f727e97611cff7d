#include "binding/tools.h"

#include <functional>
#include <memory>
#include <string>

#include "binding/database.h"
#include "binding/status_error.h"
#include "db/dbformat.h"
#include "tools/check.h"
#include "tools/log_dump.h"
#include "tools/manifest_dump.h"
#include "tools/table_dump.h"
#include "util/compression.h"

namespace strata::binding {

namespace {

using Build = std::function<Napi::Value(Napi::Env)>;

// Runs work on libuv's pool and calls back (error) or (null, build()). When inflight is given,
// the database it belongs to waits for the worker before closing.
class ToolWorker final : public Napi::AsyncWorker {
 public:
  ToolWorker(Napi::Function callback, std::function<Status()> work, Build build,
             std::atomic<int>* inflight = nullptr)
      : Napi::AsyncWorker(callback),
        work_(std::move(work)),
        build_(std::move(build)),
        inflight_(inflight) {
    if (inflight_) inflight_->fetch_add(1);
  }
  ~ToolWorker() override {
    if (inflight_) inflight_->fetch_sub(1);
  }

  void Execute() override { status_ = work_(); }
  void OnOK() override {
    Napi::Env env = Env();
    if (!status_.ok()) {
      Callback().Call({StatusToError(env, status_).Value(), env.Undefined()});
      return;
    }
    Callback().Call({env.Null(), build_(env)});
  }

 private:
  std::function<Status()> work_;
  Build build_;
  std::atomic<int>* inflight_;
  Status status_;
};

Napi::Number Num(Napi::Env env, uint64_t v) {
  return Napi::Number::New(env, static_cast<double>(v));
}

Napi::Value Bytes(Napi::Env env, std::string_view bytes) {
  return Napi::Buffer<char>::Copy(env, bytes.data(), bytes.size());
}

// An internal key as { userKey, sequence, type }, or null when it cannot be parsed.
Napi::Value InternalKey(Napi::Env env, std::string_view key) {
  ParsedInternalKey parsed;
  if (!ParseInternalKey(key, &parsed)) return env.Null();
  Napi::Object o = Napi::Object::New(env);
  o.Set("userKey", Bytes(env, parsed.user_key));
  o.Set("sequence", Napi::BigInt::New(env, parsed.sequence));
  o.Set("type", parsed.type == ValueType::kValue ? "put" : "delete");
  return o;
}

Napi::Array FindingList(Napi::Env env, const std::vector<tools::Problem>& list) {
  Napi::Array out = Napi::Array::New(env, list.size());
  for (size_t i = 0; i < list.size(); i++) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("file", list[i].file);
    o.Set("offset", Num(env, list[i].offset));
    o.Set("message", list[i].message);
    out.Set(i, o);
  }
  return out;
}

void SetFindings(Napi::Env env, Napi::Object o, const tools::Findings& findings) {
  o.Set("problems", FindingList(env, findings.problems));
  o.Set("notes", FindingList(env, findings.notes));
}

Napi::Object Handle(Napi::Env env, const BlockHandle& handle) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("offset", Num(env, handle.offset));
  o.Set("size", Num(env, handle.size));
  return o;
}

const char* BlockKindName(BlockKind kind) {
  switch (kind) {
    case BlockKind::kData:
      return "data";
    case BlockKind::kIndex:
      return "index";
    case BlockKind::kFilter:
      return "filter";
    case BlockKind::kProperties:
      return "properties";
  }
  return "unknown";
}

Napi::Object BlockObject(Napi::Env env, const tools::BlockDump& b) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("kind", BlockKindName(b.kind));
  o.Set("offset", Num(env, b.handle.offset));
  o.Set("size", Num(env, b.handle.size));
  uint64_t page_size = b.page_shift == 0 ? 0 : uint64_t{1} << b.page_shift;
  o.Set("pageSize", Num(env, page_size));
  o.Set("pageNumber", Num(env, page_size == 0 ? 0 : b.handle.offset / page_size));
  o.Set("slotBytes", Num(env, b.slot_bytes));
  o.Set("allocatedBytes", Num(env, b.allocated_bytes));
  o.Set("headerOk", b.header_ok);
  if (b.header_ok) {
    o.Set("pageType", b.header.page_type == PageType::kPlain ? "plain" : "compressed");
    o.Set("algorithm", AlgorithmName(b.header.algorithm));
    o.Set("storedLength", Num(env, b.header.stored_length));
    o.Set("rawLength", Num(env, b.header.raw_length));
  }
  o.Set("entries", Num(env, b.entries));
  o.Set("firstKey", b.entries > 0 ? InternalKey(env, b.first_key) : env.Null());
  o.Set("lastKey", b.entries > 0 ? InternalKey(env, b.last_key) : env.Null());
  return o;
}

Napi::Value TableObject(Napi::Env env, const tools::TableDump& dump) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("fileSize", Num(env, dump.file_size));
  o.Set("allocatedBytes", Num(env, dump.allocated_bytes));
  o.Set("footerOk", dump.footer_ok);
  if (dump.footer_ok) {
    Napi::Object footer = Napi::Object::New(env);
    footer.Set("version", Num(env, static_cast<uint32_t>(dump.footer.version)));
    footer.Set("index", Handle(env, dump.footer.index));
    footer.Set("filter", Handle(env, dump.footer.filter));
    footer.Set("properties", Handle(env, dump.footer.properties));
    o.Set("footer", footer);
  }
  Napi::Object properties = Napi::Object::New(env);
  for (const auto& [name, value] : dump.properties) properties.Set(name, Num(env, value));
  o.Set("properties", properties);
  Napi::Array blocks = Napi::Array::New(env, dump.blocks.size());
  for (size_t i = 0; i < dump.blocks.size(); i++) blocks.Set(i, BlockObject(env, dump.blocks[i]));
  o.Set("blocks", blocks);
  o.Set("entries", Num(env, dump.entries));
  o.Set("smallest", dump.entries > 0 ? InternalKey(env, dump.smallest) : env.Null());
  o.Set("largest", dump.entries > 0 ? InternalKey(env, dump.largest) : env.Null());
  Napi::Array entries = Napi::Array::New(env, dump.entry_list.size());
  for (size_t i = 0; i < dump.entry_list.size(); i++) {
    const tools::EntryDump& e = dump.entry_list[i];
    Napi::Object entry = Napi::Object::New(env);
    entry.Set("key", InternalKey(env, e.internal_key));
    entry.Set("valueBytes", Num(env, e.value_bytes));
    entry.Set("valuePrefix", Bytes(env, e.value_prefix));
    entries.Set(i, entry);
  }
  o.Set("entryList", entries);
  SetFindings(env, o, dump.findings);
  return o;
}

Napi::Value LogObject(Napi::Env env, const tools::LogDump& dump) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("fileSize", Num(env, dump.file_size));
  o.Set("records", Num(env, dump.records));
  o.Set("endOfLastRecord", Num(env, dump.end_of_last_record));
  Napi::Array records = Napi::Array::New(env, dump.record_list.size());
  for (size_t i = 0; i < dump.record_list.size(); i++) {
    const tools::LogRecordDump& r = dump.record_list[i];
    Napi::Object record = Napi::Object::New(env);
    record.Set("offset", Num(env, r.offset));
    record.Set("bytes", Num(env, r.bytes));
    record.Set("sequence", Napi::BigInt::New(env, r.sequence));
    record.Set("count", Num(env, r.count));
    Napi::Array operations = Napi::Array::New(env, r.operations.size());
    for (size_t j = 0; j < r.operations.size(); j++) {
      const tools::BatchOperationDump& op = r.operations[j];
      Napi::Object operation = Napi::Object::New(env);
      operation.Set("type", op.put ? "put" : "delete");
      operation.Set("columnFamily", Num(env, op.column_family));
      operation.Set("key", Bytes(env, op.key));
      operation.Set("valueBytes", Num(env, op.value_bytes));
      operations.Set(j, operation);
    }
    record.Set("operations", operations);
    records.Set(i, record);
  }
  o.Set("recordList", records);
  SetFindings(env, o, dump.findings);
  return o;
}

Napi::Object FileObject(Napi::Env env, uint32_t column_family, int level,
                        const FileMetaData& meta) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("columnFamily", Num(env, column_family));
  o.Set("level", Num(env, static_cast<uint64_t>(level)));
  o.Set("fileNumber", Num(env, meta.number));
  o.Set("fileSize", Num(env, meta.file_size));
  o.Set("allocatedBytes", Num(env, meta.allocated_bytes));
  o.Set("smallest", InternalKey(env, meta.smallest));
  o.Set("largest", InternalKey(env, meta.largest));
  o.Set("entries", Num(env, meta.num_entries));
  o.Set("deletions", Num(env, meta.num_deletions));
  return o;
}

Napi::Array ColumnFamilies(Napi::Env env,
                           const std::vector<std::pair<uint32_t, std::string>>& families) {
  Napi::Array out = Napi::Array::New(env, families.size());
  for (size_t i = 0; i < families.size(); i++) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("id", Num(env, families[i].first));
    o.Set("name", families[i].second);
    out.Set(i, o);
  }
  return out;
}

Napi::Value ManifestObject(Napi::Env env, const tools::ManifestDump& dump) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("manifest", dump.manifest_name);
  o.Set("manifestBytes", Num(env, dump.manifest_size));
  Napi::Array edits = Napi::Array::New(env, dump.edits.size());
  for (size_t i = 0; i < dump.edits.size(); i++) {
    const VersionEditView& e = dump.edits[i].edit;
    Napi::Object edit = Napi::Object::New(env);
    edit.Set("offset", Num(env, dump.edits[i].offset));
    if (e.log_number) edit.Set("logNumber", Num(env, *e.log_number));
    if (e.next_file_number) edit.Set("nextFileNumber", Num(env, *e.next_file_number));
    if (e.last_sequence) edit.Set("lastSequence", Napi::BigInt::New(env, *e.last_sequence));
    edit.Set("columnFamilies", ColumnFamilies(env, e.column_families));
    Napi::Array deleted = Napi::Array::New(env, e.deleted_files.size());
    for (size_t j = 0; j < e.deleted_files.size(); j++) {
      Napi::Object d = Napi::Object::New(env);
      d.Set("columnFamily", Num(env, e.deleted_files[j].column_family));
      d.Set("level", Num(env, static_cast<uint64_t>(e.deleted_files[j].level)));
      d.Set("fileNumber", Num(env, e.deleted_files[j].number));
      deleted.Set(j, d);
    }
    edit.Set("deletedFiles", deleted);
    Napi::Array added = Napi::Array::New(env, e.new_files.size());
    for (size_t j = 0; j < e.new_files.size(); j++) {
      const VersionEdit::NewFile& f = e.new_files[j];
      added.Set(j, FileObject(env, f.column_family, f.level, f.meta));
    }
    edit.Set("newFiles", added);
    edits.Set(i, edit);
  }
  o.Set("edits", edits);
  o.Set("stateOk", dump.state_ok);
  std::vector<std::pair<uint32_t, std::string>> families;
  for (const auto& [name, id] : dump.column_families) families.emplace_back(id, name);
  o.Set("columnFamilies", ColumnFamilies(env, families));
  o.Set("logNumber", Num(env, dump.log_number));
  o.Set("nextFileNumber", Num(env, dump.next_file_number));
  o.Set("lastSequence", Napi::BigInt::New(env, dump.last_sequence));
  Napi::Array live = Napi::Array::New(env, dump.live_files.size());
  for (size_t i = 0; i < dump.live_files.size(); i++) {
    const tools::LiveFile& f = dump.live_files[i];
    live.Set(i, FileObject(env, f.column_family, f.level, f.meta));
  }
  o.Set("liveFiles", live);
  SetFindings(env, o, dump.findings);
  return o;
}

Napi::Value CheckReportObject(Napi::Env env, const tools::CheckReport& report) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("manifestRecords", Num(env, report.manifest_records));
  o.Set("tableFiles", Num(env, report.table_files));
  o.Set("blocks", Num(env, report.blocks));
  o.Set("entries", Num(env, report.entries));
  o.Set("walFiles", Num(env, report.wal_files));
  o.Set("walRecords", Num(env, report.wal_records));
  o.Set("bytes", Num(env, report.bytes));
  SetFindings(env, o, report.findings);
  return o;
}

bool BoolOption(const Napi::Object& options, const char* name) {
  return options.Get(name).ToBoolean().Value();
}

double NumberOption(const Napi::Object& options, const char* name, double fallback) {
  Napi::Value v = options.Get(name);
  return v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : fallback;
}

// checkDataDir(dir, callback)
Napi::Value CheckDataDir(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env, info.Length() == 2 && info[0].IsString() && info[1].IsFunction(),
             "checkDataDir(dir, callback)")) {
    return env.Undefined();
  }
  std::string dir = info[0].As<Napi::String>().Utf8Value();
  auto report = std::make_shared<tools::CheckReport>();
  (new ToolWorker(
       info[1].As<Napi::Function>(),
       [dir, report] { return tools::CheckDataDir(PosixEnv(), dir, report.get()); },
       [report](Napi::Env e) { return CheckReportObject(e, *report); }))
      ->Queue();
  return env.Undefined();
}

// inspectTable(path, { entries, maxEntries, valuePrefixBytes }, callback)
Napi::Value InspectTable(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env,
             info.Length() == 3 && info[0].IsString() && info[1].IsObject() && info[2].IsFunction(),
             "inspectTable(path, options, callback)")) {
    return env.Undefined();
  }
  std::string path = info[0].As<Napi::String>().Utf8Value();
  Napi::Object given = info[1].As<Napi::Object>();
  tools::TableDumpOptions options;
  options.entries = BoolOption(given, "entries");
  options.max_entries = static_cast<uint64_t>(NumberOption(given, "maxEntries", 0));
  options.value_prefix = static_cast<size_t>(NumberOption(given, "valuePrefixBytes", 0));
  auto dump = std::make_shared<tools::TableDump>();
  (new ToolWorker(
       info[2].As<Napi::Function>(),
       [path, options, dump] { return tools::DumpTable(PosixEnv(), path, options, dump.get()); },
       [dump](Napi::Env e) { return TableObject(e, *dump); }))
      ->Queue();
  return env.Undefined();
}

// inspectLog(path, { operations, newest }, callback): a WAL, record by record.
Napi::Value InspectLog(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env,
             info.Length() == 3 && info[0].IsString() && info[1].IsObject() && info[2].IsFunction(),
             "inspectLog(path, options, callback)")) {
    return env.Undefined();
  }
  std::string path = info[0].As<Napi::String>().Utf8Value();
  Napi::Object given = info[1].As<Napi::Object>();
  tools::LogDumpOptions options;
  options.batches = true;
  options.operations = BoolOption(given, "operations");
  options.newest = BoolOption(given, "newest");
  auto dump = std::make_shared<tools::LogDump>();
  (new ToolWorker(
       info[2].As<Napi::Function>(),
       [path, options, dump] { return tools::DumpLog(PosixEnv(), path, options, dump.get()); },
       [dump](Napi::Env e) { return LogObject(e, *dump); }))
      ->Queue();
  return env.Undefined();
}

// inspectManifest(dir, callback)
Napi::Value InspectManifest(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env, info.Length() == 2 && info[0].IsString() && info[1].IsFunction(),
             "inspectManifest(dir, callback)")) {
    return env.Undefined();
  }
  std::string dir = info[0].As<Napi::String>().Utf8Value();
  auto dump = std::make_shared<tools::ManifestDump>();
  (new ToolWorker(
       info[1].As<Napi::Function>(),
       [dir, dump] { return tools::DumpManifest(PosixEnv(), dir, dump.get()); },
       [dump](Napi::Env e) { return ManifestObject(e, *dump); }))
      ->Queue();
  return env.Undefined();
}

// checkpoint(database, dest, callback). REQUIRES: database is a Database.
Napi::Value Checkpoint(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env,
             info.Length() == 3 && info[0].IsObject() && info[1].IsString() && info[2].IsFunction(),
             "checkpoint(database, dest, callback)")) {
    return env.Undefined();
  }
  Database* database = Database::Unwrap(info[0].As<Napi::Object>());
  if (!Check(env, database != nullptr, "checkpoint: not a Database")) return env.Undefined();
  std::shared_ptr<DB> db = database->db();
  if (!db) {
    info[2].As<Napi::Function>().Call({StatusToError(env, Status::Closed()).Value()});
    return env.Undefined();
  }
  std::string dest = info[1].As<Napi::String>().Utf8Value();
  auto result = std::make_shared<CheckpointInfo>();
  (new ToolWorker(
       info[2].As<Napi::Function>(),
       [db, dest, result] { return db->Checkpoint(dest, result.get()); },
       [result](Napi::Env e) {
         Napi::Object o = Napi::Object::New(e);
         o.Set("sequence", Napi::BigInt::New(e, result->sequence));
         o.Set("manifestNumber", Num(e, result->manifest_number));
         o.Set("tableFiles", Num(e, static_cast<uint64_t>(result->table_files)));
         o.Set("linkedFiles", Num(e, static_cast<uint64_t>(result->linked_files)));
         o.Set("tableBytes", Num(e, result->table_bytes));
         return o;
       },
       &database->inflight()))
      ->Queue();
  return env.Undefined();
}

}  // namespace

void DefineTools(Napi::Env env, Napi::Object exports) {
  exports.Set("checkDataDir", Napi::Function::New(env, CheckDataDir, "checkDataDir"));
  exports.Set("inspectTable", Napi::Function::New(env, InspectTable, "inspectTable"));
  exports.Set("inspectLog", Napi::Function::New(env, InspectLog, "inspectLog"));
  exports.Set("inspectManifest", Napi::Function::New(env, InspectManifest, "inspectManifest"));
  exports.Set("checkpoint", Napi::Function::New(env, Checkpoint, "checkpoint"));
}

}  // namespace strata::binding
