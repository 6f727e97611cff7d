// The same database workload on every Env — in-memory, the threads backend and io_uring, each
// buffered and with O_DIRECT — gives the same answers; page compression set by the policy applies
// to what flushes and compactions write from then on; and range sizes add up.
#include <map>
#include <memory>

#include "harness.h"
#include "strata/db.h"
#include "strata/env.h"
#include "util/random.h"

namespace strata {
namespace {

struct Backend {
  const char* name;
  bool in_memory;
  IoBackend io;
  bool direct;
};

const Backend kBackends[] = {
    {"mem", true, IoBackend::kThreads, false},     {"threads", false, IoBackend::kThreads, false},
    {"threads", false, IoBackend::kThreads, true}, {"uring", false, IoBackend::kUring, false},
    {"uring", false, IoBackend::kUring, true},
};

Options SmallOptions(const Backend& backend) {
  Options options;
  options.in_memory = backend.in_memory;
  options.io_backend = backend.io;
  options.direct_io = backend.direct;
  options.write_buffer_size = 256 << 10;
  options.target_file_size = 256 << 10;
  options.max_bytes_for_level_base = 1 << 20;
  options.level0_compaction_trigger = 2;
  options.block_cache_bytes = 256 << 10;
  return options;
}

std::string Key(uint64_t i) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "t%03llu_r%08llu", static_cast<unsigned long long>(i % 4),
                static_cast<unsigned long long>(i));
  return buf;
}

std::string Value(uint64_t i, uint64_t version) {
  std::string v = "value-" + std::to_string(i) + "-" + std::to_string(version) + "-";
  while (v.size() < 40 + i % 300) v += "pattern" + std::to_string(i % 7);
  return v;
}

// Tables t000 and t002 page-compressed (LZ4 and zstd, 8 and 16 KiB pages), t001 packed LZ4.
std::shared_ptr<const CompressionPolicy> TablePolicy() {
  std::vector<CompressionRange> ranges(3);
  ranges[0].start = "t000_";
  ranges[0].end = "t000`";
  ranges[0].settings = {CompressionAlgorithm::kLz4, 1, true, 8192};
  ranges[1].start = "t001_";
  ranges[1].end = "t001`";
  ranges[1].settings = {CompressionAlgorithm::kLz4, 1, false, 16384};
  ranges[2].start = "t002_";
  ranges[2].end = "t002`";
  ranges[2].settings = {CompressionAlgorithm::kZstd, 3, true, 16384};
  return std::make_shared<const CompressionPolicy>(CompressionSettings{}, ranges);
}

void ExpectMatches(DB* db, const std::map<std::string, std::string>& model) {
  for (const auto& [k, v] : model) {
    std::string got;
    ASSERT_OK(db->Get(ReadOptions(), 0, k, &got));
    ASSERT_TRUE(got == v);
  }
  std::unique_ptr<Iterator> it(db->NewIterator(ReadOptions(), 0));
  auto expected = model.begin();
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    ASSERT_TRUE(expected != model.end());
    ASSERT_TRUE(it->key() == expected->first && it->value() == expected->second);
  }
  ASSERT_OK(it->status());
  ASSERT_TRUE(expected == model.end());
}

TEST(DbBackends, EveryBackendAgreesWithAModelThroughFlushesCompactionsAndReopens) {
  for (const Backend& backend : kBackends) {
    test::TempDir dir;
    std::string path = dir.path() + "/db";
    Options options = SmallOptions(backend);
    std::unique_ptr<Env> mem;
    if (backend.in_memory) {
      mem = NewMemEnv();
      options.in_memory = false;
      options.env = mem.get();
    }
    std::map<std::string, std::string> model;
    Random random(42);
    std::unique_ptr<DB> db;
    ASSERT_OK(DB::Open(options, path, &db));
    ASSERT_EQ(db->GetStats().io_backend, std::string(backend.name));
    ASSERT_EQ(db->GetStats().direct_io, backend.direct);
    ASSERT_OK(db->SetCompressionPolicy(TablePolicy()));
    for (int round = 0; round < 4; round++) {
      for (int n = 0; n < 3000; n++) {
        uint64_t i = random.Uniform(6000);
        WriteBatch batch;
        if (random.OneIn(8)) {
          batch.Delete(0, Key(i));
          model.erase(Key(i));
        } else {
          batch.Put(0, Key(i), Value(i, round));
          model[Key(i)] = Value(i, round);
        }
        WriteOptions write_options;
        write_options.sync = random.OneIn(50);
        ASSERT_OK(db->Write(write_options, std::move(batch)));
      }
      ASSERT_OK(db->Flush());
      if (round % 2 == 1) ASSERT_OK(db->CompactRange(0, nullptr, nullptr));
      ExpectMatches(db.get(), model);
      db.reset();
      ASSERT_OK(DB::Open(options, path, &db));
      ASSERT_OK(db->SetCompressionPolicy(TablePolicy()));
      ExpectMatches(db.get(), model);
    }
  }
}

Status Fill(DB* db, int count) {
  for (int i = 0; i < count; i++) {
    WriteBatch batch;
    batch.Put(0, Key(static_cast<uint64_t>(i)), Value(static_cast<uint64_t>(i), 0));
    Status s = db->Write(WriteOptions(), std::move(batch));
    if (!s.ok()) return s;
  }
  return db->Flush();
}

TEST(DbBackends, APolicyChangeAppliesToWhatCompactionRewrites) {
  test::TempDir dir;
  Options options = SmallOptions(kBackends[4]);
  options.write_buffer_size = 8 << 20;
  options.target_file_size = 64 << 20;
  std::unique_ptr<DB> db;
  ASSERT_OK(DB::Open(options, dir.path() + "/db", &db));
  ASSERT_OK(Fill(db.get(), 20000));
  DbStats before = db->GetStats();
  ASSERT_EQ(before.pages_compressed, uint64_t{0});
  ASSERT_TRUE(before.table_allocated_bytes >= before.table_logical_bytes);

  CompressionSettings paged{CompressionAlgorithm::kLz4, 4, true, 16384};
  ASSERT_OK(db->SetCompressionPolicy(
      std::make_shared<const CompressionPolicy>(paged, std::vector<CompressionRange>{})));
  ASSERT_OK(db->CompactRange(0, nullptr, nullptr));
  DbStats after = db->GetStats();
  ASSERT_TRUE(after.pages_compressed > 0);
  ASSERT_TRUE(after.punch_hole_calls > 0);
  ASSERT_TRUE(after.page_bytes_saved > 0);
  ASSERT_TRUE(after.table_allocated_bytes * 2 < after.table_logical_bytes);
  ASSERT_TRUE(after.table_allocated_bytes * 2 < before.table_allocated_bytes);
  std::string value;
  ASSERT_OK(db->Get(ReadOptions(), 0, Key(12345), &value));
  ASSERT_TRUE(value == Value(12345, 0));
}

TEST(DbBackends, RangeSizesAddUpToTheWholeAndShrinkWithPageCompression) {
  test::TempDir dir;
  Options options = SmallOptions(kBackends[3]);
  options.write_buffer_size = 8 << 20;
  std::unique_ptr<DB> db;
  ASSERT_OK(DB::Open(options, dir.path() + "/db", &db));
  ASSERT_OK(db->SetCompressionPolicy(TablePolicy()));
  ASSERT_OK(Fill(db.get(), 40000));
  ASSERT_OK(db->CompactRange(0, nullptr, nullptr));

  RangeSize whole, paged, packed;
  ASSERT_OK(db->GetRangeSize("", "", &whole));
  ASSERT_OK(db->GetRangeSize("t000_", "t000`", &paged));
  ASSERT_OK(db->GetRangeSize("t001_", "t001`", &packed));
  DbStats stats = db->GetStats();
  ASSERT_EQ(whole.logical_bytes, stats.table_logical_bytes);
  ASSERT_EQ(whole.allocated_bytes, stats.table_allocated_bytes);
  // Each table holds a quarter of the keys; the page-compressed one keeps its logical size but
  // not all of its blocks.
  ASSERT_TRUE(paged.logical_bytes > 0 && packed.logical_bytes > 0);
  // An 8 KiB page keeps at least one of its two 4 KiB blocks: at best half is released.
  ASSERT_TRUE(paged.allocated_bytes * 10 < paged.logical_bytes * 6);
  ASSERT_TRUE(paged.logical_bytes + packed.logical_bytes <= whole.logical_bytes);
  RangeSize nothing;
  ASSERT_OK(db->GetRangeSize("u", "v", &nothing));
  ASSERT_EQ(nothing.logical_bytes, uint64_t{0});
  ASSERT_EQ(nothing.files, 0);
}

}  // namespace
}  // namespace strata
