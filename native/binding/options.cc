#include "binding/options.h"

namespace strata::binding {

namespace {

template <typename T>
Status ReadNumber(const Napi::Object& object, const char* name, T* out, double min, double max) {
  Napi::Value v = object.Get(name);
  if (v.IsUndefined() || v.IsNull()) return Status::OK();
  if (!v.IsNumber()) return Status::InvalidArgument(std::string("option ") + name, "not a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= min && d <= max)) {
    return Status::InvalidArgument(std::string("option ") + name,
                                   "out of range " + std::to_string(static_cast<long long>(min)) +
                                       " to " + std::to_string(static_cast<long long>(max)));
  }
  *out = static_cast<T>(d);
  return Status::OK();
}

Status ReadBool(const Napi::Object& object, const char* name, bool* out) {
  Napi::Value v = object.Get(name);
  if (v.IsUndefined() || v.IsNull()) return Status::OK();
  if (!v.IsBoolean())
    return Status::InvalidArgument(std::string("option ") + name, "not a boolean");
  *out = v.As<Napi::Boolean>().Value();
  return Status::OK();
}

Status ReadString(const Napi::Object& object, const char* name, std::string* out, bool* present) {
  Napi::Value v = object.Get(name);
  *present = !(v.IsUndefined() || v.IsNull());
  if (!*present) return Status::OK();
  if (!v.IsString()) return Status::InvalidArgument(std::string("option ") + name, "not a string");
  *out = v.As<Napi::String>().Utf8Value();
  return Status::OK();
}

constexpr double kMaxBytes = 1ull << 50;
// Page sizes the policy accepts (powers of two; CompressionPolicy::Validate checks that).
constexpr double kMinPageBytes = 4 << 10;
constexpr double kMaxPageBytes = 64 << 10;

}  // namespace

Status ParseAlgorithm(const std::string& name, CompressionAlgorithm* algorithm) {
  if (name == "none") {
    *algorithm = CompressionAlgorithm::kNone;
  } else if (name == "lz4") {
    *algorithm = CompressionAlgorithm::kLz4;
  } else if (name == "zstd") {
    *algorithm = CompressionAlgorithm::kZstd;
  } else {
    return Status::InvalidArgument("unknown compression algorithm", name);
  }
  return Status::OK();
}

Status ParseOptions(const Napi::Object& o, Options* options) {
  Status s;
#define STRATA_TRY(expr) \
  if (!(s = (expr)).ok()) return s
  STRATA_TRY(ReadBool(o, "inMemory", &options->in_memory));
  STRATA_TRY(ReadBool(o, "createIfMissing", &options->create_if_missing));
  STRATA_TRY(ReadBool(o, "errorIfExists", &options->error_if_exists));
  STRATA_TRY(
      ReadNumber(o, "writeBufferSizeBytes", &options->write_buffer_size, 64 << 10, kMaxBytes));
  STRATA_TRY(ReadNumber(o, "maxImmutableMemtables", &options->max_immutable_memtables, 1, 64));
  STRATA_TRY(ReadNumber(o, "blockCacheBytes", &options->block_cache_bytes, 0, kMaxBytes));
  STRATA_TRY(ReadNumber(o, "blockSizeBytes", &options->block_size, 1024, 4 << 20));
  STRATA_TRY(ReadNumber(o, "bloomBitsPerKey", &options->bloom_bits_per_key, 0, 40));
  STRATA_TRY(
      ReadNumber(o, "level0CompactionTrigger", &options->level0_compaction_trigger, 1, 1000));
  STRATA_TRY(ReadNumber(o, "level0StopWritesTrigger", &options->level0_stop_trigger, 1, 10000));
  STRATA_TRY(ReadNumber(o, "maxBytesForLevelBase", &options->max_bytes_for_level_base, 1 << 16,
                        kMaxBytes));
  STRATA_TRY(ReadNumber(o, "levelSizeMultiplier", &options->level_size_multiplier, 2, 100));
  STRATA_TRY(ReadNumber(o, "targetFileSizeBytes", &options->target_file_size, 1 << 16, kMaxBytes));
  STRATA_TRY(ReadNumber(o, "compactionThreads", &options->compaction_threads, 1, 64));
  STRATA_TRY(ReadNumber(o, "flushDelayMs", &options->flush_delay_ms, 0, 60000));
  STRATA_TRY(ReadBool(o, "directIo", &options->direct_io));
  STRATA_TRY(ReadBool(o, "verifyChecksums", &options->verify_checksums));
  if (options->level0_slowdown_trigger > options->level0_stop_trigger) {
    options->level0_slowdown_trigger = options->level0_stop_trigger;
  }
  std::string text;
  bool present = false;
  STRATA_TRY(ReadString(o, "compression", &text, &present));
  if (present) STRATA_TRY(ParseAlgorithm(text, &options->compression.algorithm));
  STRATA_TRY(ReadNumber(o, "compressionLevel", &options->compression.level, 1, 22));
  STRATA_TRY(ReadBool(o, "pageCompressed", &options->compression.page_compressed));
  STRATA_TRY(ReadNumber(o, "pageSizeBytes", &options->compression.page_size_bytes, kMinPageBytes,
                        kMaxPageBytes));
  STRATA_TRY(ReadString(o, "io", &text, &present));
  if (present) {
    if (text == "uring") {
      options->io_backend = IoBackend::kUring;
    } else if (text == "threads") {
      options->io_backend = IoBackend::kThreads;
    } else {
      return Status::InvalidArgument("option io", "must be uring or threads");
    }
  }
  STRATA_TRY(ReadString(o, "atomicWrites", &text, &present));
  if (present) {
    if (text == "on") {
      options->atomic_writes = AtomicWritesMode::kOn;
    } else if (text == "off") {
      options->atomic_writes = AtomicWritesMode::kOff;
    } else if (text == "default") {
      options->atomic_writes = AtomicWritesMode::kDefault;
    } else {
      return Status::InvalidArgument("option atomicWrites", "must be on, off or default");
    }
  }
  Napi::Value families = o.Get("columnFamilies");
  if (families.IsArray()) {
    auto array = families.As<Napi::Array>();
    options->column_families.clear();
    for (uint32_t i = 0; i < array.Length(); i++) {
      Napi::Value name = array.Get(i);
      if (!name.IsString()) return Status::InvalidArgument("column family names must be strings");
      options->column_families.push_back(name.As<Napi::String>().Utf8Value());
    }
  }
#undef STRATA_TRY
  return Status::OK();
}

Status ParseCompressionPolicy(const Napi::Array& ranges, const CompressionSettings& fallback,
                              std::shared_ptr<const CompressionPolicy>* policy) {
  std::vector<CompressionRange> parsed;
  for (uint32_t i = 0; i < ranges.Length(); i++) {
    Napi::Value v = ranges.Get(i);
    if (!v.IsObject()) return Status::InvalidArgument("compression range must be an object");
    Napi::Object o = v.As<Napi::Object>();
    Napi::Value start = o.Get("start");
    Napi::Value end = o.Get("end");
    if (!start.IsBuffer() || !end.IsBuffer()) {
      return Status::InvalidArgument("compression range needs Buffer start and end");
    }
    CompressionRange range;
    auto sb = start.As<Napi::Buffer<char>>();
    auto eb = end.As<Napi::Buffer<char>>();
    range.start.assign(sb.Data(), sb.Length());
    range.end.assign(eb.Data(), eb.Length());
    std::string algorithm;
    bool present = false;
    Status s = ReadString(o, "algorithm", &algorithm, &present);
    if (!s.ok()) return s;
    if (present) s = ParseAlgorithm(algorithm, &range.settings.algorithm);
    if (!s.ok()) return s;
    s = ReadNumber(o, "level", &range.settings.level, 1, 22);
    if (!s.ok()) return s;
    s = ReadBool(o, "pageCompressed", &range.settings.page_compressed);
    if (!s.ok()) return s;
    s = ReadNumber(o, "pageSizeBytes", &range.settings.page_size_bytes, kMinPageBytes,
                   kMaxPageBytes);
    if (!s.ok()) return s;
    parsed.push_back(std::move(range));
  }
  *policy = std::make_shared<const CompressionPolicy>(fallback, std::move(parsed));
  return Status::OK();
}

}  // namespace strata::binding
