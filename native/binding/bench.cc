#include "binding/bench.h"

#include "bench/db_bench.h"
#include "binding/options.h"
#include "binding/status_error.h"

namespace strata::binding {

namespace {

class BenchWorker final : public Napi::AsyncWorker {
 public:
  BenchWorker(Napi::Function callback, Options options, std::string path, bench::BenchConfig config)
      : Napi::AsyncWorker(callback),
        options_(std::move(options)),
        path_(std::move(path)),
        config_(std::move(config)) {}

  void Execute() override { status_ = bench::RunBenchmarks(options_, path_, config_, &results_); }

  void OnOK() override {
    Napi::Env env = Env();
    if (!status_.ok()) {
      Callback().Call({StatusToError(env, status_).Value(), env.Undefined()});
      return;
    }
    Napi::Array out = Napi::Array::New(env, results_.size());
    for (size_t i = 0; i < results_.size(); i++) {
      const auto& r = results_[i];
      Napi::Object o = Napi::Object::New(env);
      o.Set("name", r.name);
      o.Set("ops", static_cast<double>(r.ops));
      o.Set("seconds", r.seconds);
      o.Set("bytes", static_cast<double>(r.bytes));
      o.Set("found", static_cast<double>(r.found));
      out.Set(i, o);
    }
    Callback().Call({env.Null(), out});
  }

 private:
  Options options_;
  std::string path_;
  bench::BenchConfig config_;
  std::vector<bench::BenchResult> results_;
  Status status_;
};

}  // namespace

Napi::Value RunBenchmark(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env,
             info.Length() == 4 && info[0].IsString() && info[1].IsObject() && info[2].IsObject() &&
                 info[3].IsFunction(),
             "runBenchmark(path, options, config, callback)")) {
    return env.Undefined();
  }
  Options options;
  Status s = ParseOptions(info[1].As<Napi::Object>(), &options);
  Napi::Object c = info[2].As<Napi::Object>();
  bench::BenchConfig config;
  Napi::Value names = c.Get("benchmarks");
  if (!Check(env, names.IsArray(), "config.benchmarks must be an array")) return env.Undefined();
  auto array = names.As<Napi::Array>();
  for (uint32_t i = 0; i < array.Length(); i++) {
    config.benchmarks.push_back(array.Get(i).ToString().Utf8Value());
  }
  auto number = [&c](const char* name, double fallback) {
    Napi::Value v = c.Get(name);
    return v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : fallback;
  };
  config.num = static_cast<uint64_t>(number("num", 1000000));
  config.reads = static_cast<uint64_t>(number("reads", 0));
  config.key_size = static_cast<int>(number("keySize", 16));
  config.value_size = static_cast<int>(number("valueSize", 100));
  config.compression_ratio = number("compressionRatio", 0.5);
  config.seed = static_cast<uint64_t>(number("seed", 42));
  config.sync = c.Get("sync").ToBoolean().Value();
  if (!s.ok()) {
    info[3].As<Napi::Function>().Call({StatusToError(env, s).Value(), env.Undefined()});
    return env.Undefined();
  }
  (new BenchWorker(info[3].As<Napi::Function>(), std::move(options),
                   info[0].As<Napi::String>().Utf8Value(), std::move(config)))
      ->Queue();
  return env.Undefined();
}

}  // namespace strata::binding
