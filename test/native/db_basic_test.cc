// The DB's basic contract: writes are readable, survive reopening, and iterate in order.
#include <memory>

#include "harness.h"
#include "strata/db.h"
#include "strata/env.h"

namespace strata {
namespace {

std::string Get(DB* db, uint32_t cf, const std::string& key) {
  std::string value;
  Status s = db->Get(ReadOptions(), cf, key, &value);
  if (s.IsNotFound()) return "NOT_FOUND";
  if (!s.ok()) return "ERROR: " + s.ToString();
  return value;
}

Status Put(DB* db, uint32_t cf, const std::string& key, const std::string& value) {
  WriteBatch batch;
  batch.Put(cf, key, value);
  return db->Write(WriteOptions(), std::move(batch));
}

TEST(DbBasic, PutThenGetReturnsTheValue) {
  test::TempDir dir;
  std::unique_ptr<DB> db;
  ASSERT_OK(DB::Open(Options(), dir.path() + "/db", &db));
  ASSERT_OK(Put(db.get(), 0, "a", "1"));
  ASSERT_EQ(Get(db.get(), 0, "a"), "1");
  ASSERT_EQ(Get(db.get(), 0, "b"), "NOT_FOUND");
}

TEST(DbBasic, WritesSurviveReopenThroughTheWal) {
  test::TempDir dir;
  {
    std::unique_ptr<DB> db;
    ASSERT_OK(DB::Open(Options(), dir.path() + "/db", &db));
    ASSERT_OK(Put(db.get(), 0, "k1", "v1"));
    uint32_t lock_cf;
    ASSERT_OK(db->ColumnFamilyId("lock", &lock_cf));
    ASSERT_OK(Put(db.get(), lock_cf, "k1", "lock-v1"));
  }
  std::unique_ptr<DB> db;
  ASSERT_OK(DB::Open(Options(), dir.path() + "/db", &db));
  uint32_t lock_cf;
  ASSERT_OK(db->ColumnFamilyId("lock", &lock_cf));
  ASSERT_EQ(Get(db.get(), 0, "k1"), "v1");
  ASSERT_EQ(Get(db.get(), lock_cf, "k1"), "lock-v1");
}

TEST(DbBasic, FlushedDataIsReadFromTables) {
  test::TempDir dir;
  std::unique_ptr<DB> db;
  ASSERT_OK(DB::Open(Options(), dir.path() + "/db", &db));
  for (int i = 0; i < 1000; i++) {
    ASSERT_OK(Put(db.get(), 0, "key" + std::to_string(i), "value" + std::to_string(i)));
  }
  ASSERT_OK(db->Flush());
  ASSERT_EQ(db->GetStats().levels[0].files, 1);
  ASSERT_EQ(Get(db.get(), 0, "key500"), "value500");
  db.reset();
  ASSERT_OK(DB::Open(Options(), dir.path() + "/db", &db));
  ASSERT_EQ(Get(db.get(), 0, "key999"), "value999");
}

TEST(DbBasic, IteratorWalksKeysInOrderBothWays) {
  Options options;
  options.in_memory = true;
  std::unique_ptr<DB> db;
  ASSERT_OK(DB::Open(options, "", &db));
  ASSERT_OK(Put(db.get(), 0, "b", "2"));
  ASSERT_OK(Put(db.get(), 0, "a", "1"));
  ASSERT_OK(Put(db.get(), 0, "c", "3"));
  std::unique_ptr<Iterator> it(db->NewIterator(ReadOptions(), 0));
  std::string seen;
  for (it->SeekToFirst(); it->Valid(); it->Next()) seen += std::string(it->key());
  ASSERT_EQ(seen, "abc");
  seen.clear();
  for (it->SeekToLast(); it->Valid(); it->Prev()) seen += std::string(it->key());
  ASSERT_EQ(seen, "cba");
}

}  // namespace
}  // namespace strata
