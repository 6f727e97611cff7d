#include "bench/db_bench.h"

#include <chrono>
#include <filesystem>
#include <memory>

#include "strata/db.h"
#include "util/coding.h"
#include "util/random.h"

namespace strata::bench {

namespace {

// Values made of a random stretch repeated, so that they compress to compression_ratio of their
// size (db_bench's RandomGenerator does the same).
class ValueGenerator {
 public:
  ValueGenerator(double ratio, uint64_t seed) {
    Random rnd(seed);
    constexpr size_t kPoolBytes = 1 << 20;
    while (data_.size() < kPoolBytes) {
      constexpr size_t kPiece = 100;
      size_t raw = std::max<size_t>(1, static_cast<size_t>(kPiece * ratio));
      std::string piece;
      for (size_t i = 0; i < raw; i++) piece.push_back(static_cast<char>(' ' + rnd.Uniform(95)));
      while (piece.size() < kPiece) piece.append(piece.substr(0, kPiece - piece.size()));
      data_.append(piece);
    }
  }

  std::string_view Next(size_t length) {
    if (pos_ + length > data_.size()) pos_ = 0;
    std::string_view v(data_.data() + pos_, length);
    pos_ += length;
    return v;
  }

 private:
  std::string data_;
  size_t pos_ = 0;
};

// db_bench's key layout: the number big-endian in the first 8 bytes, padded with '0'.
void MakeKey(uint64_t n, int key_size, std::string* key) {
  key->assign(static_cast<size_t>(key_size), '0');
  for (int i = 0; i < 8 && i < key_size; i++) {
    (*key)[static_cast<size_t>(i)] = static_cast<char>((n >> (8 * (7 - i))) & 0xff);
  }
}

using Clock = std::chrono::steady_clock;

}  // namespace

Status RunBenchmarks(const Options& options, const std::string& path, const BenchConfig& config,
                     std::vector<BenchResult>* results) {
  std::unique_ptr<DB> db;
  auto open = [&](bool fresh) -> Status {
    if (db) {
      db->Close();
      db.reset();
    }
    if (fresh && !options.in_memory) {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
    return DB::Open(options, path, &db);
  };
  Status s = open(true);
  if (!s.ok()) return s;
  ValueGenerator values(config.compression_ratio, config.seed);
  Random rnd(config.seed);
  std::string key;
  uint64_t reads = config.reads ? config.reads : config.num;

  for (const auto& name : config.benchmarks) {
    BenchResult r;
    r.name = name;
    bool fill = name == "fillseq" || name == "fillrandom";
    if (fill && !options.in_memory) {
      s = open(true);
      if (!s.ok()) return s;
    }
    WriteOptions write_options;
    write_options.sync = config.sync;
    auto start = Clock::now();
    if (name == "fillseq" || name == "fillrandom" || name == "overwrite") {
      bool sequential = name == "fillseq";
      for (uint64_t i = 0; i < config.num; i++) {
        MakeKey(sequential ? i : rnd.Uniform(config.num), config.key_size, &key);
        WriteBatch batch;
        batch.Put(0, key, values.Next(static_cast<size_t>(config.value_size)));
        s = db->Write(write_options, std::move(batch));
        if (!s.ok()) return s;
      }
      r.ops = config.num;
      r.bytes = r.ops * static_cast<uint64_t>(config.key_size + config.value_size);
    } else if (name == "readrandom") {
      std::string value;
      for (uint64_t i = 0; i < reads; i++) {
        MakeKey(rnd.Uniform(config.num), config.key_size, &key);
        s = db->Get(ReadOptions(), 0, key, &value);
        if (s.ok()) {
          r.found++;
          r.bytes += key.size() + value.size();
        } else if (!s.IsNotFound()) {
          return s;
        }
      }
      r.ops = reads;
    } else if (name == "seekrandom") {
      std::unique_ptr<Iterator> it(db->NewIterator(ReadOptions(), 0));
      for (uint64_t i = 0; i < reads; i++) {
        MakeKey(rnd.Uniform(config.num), config.key_size, &key);
        it->Seek(key);
        if (it->Valid()) {
          r.found += it->key() == key ? 1 : 0;
          r.bytes += it->key().size() + it->value().size();
        }
        if (!it->status().ok()) return it->status();
      }
      r.ops = reads;
    } else if (name == "readseq") {
      std::unique_ptr<Iterator> it(db->NewIterator(ReadOptions(), 0));
      for (it->SeekToFirst(); it->Valid() && r.ops < reads; it->Next()) {
        r.ops++;
        r.bytes += it->key().size() + it->value().size();
      }
      if (!it->status().ok()) return it->status();
    } else if (name == "flush") {
      s = db->Flush();
      if (!s.ok()) return s;
    } else if (name == "compact") {
      s = db->CompactRange(0, nullptr, nullptr);
      if (!s.ok()) return s;
    } else {
      return Status::InvalidArgument("unknown benchmark", name);
    }
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    results->push_back(r);
  }
  return db->Close();
}

}  // namespace strata::bench
