// The MVCC garbage collector in compaction: after GC at a safepoint, every read at or after the
// safepoint sees what it saw before, older versions are gone, and their default-CF values too.
#include <memory>

#include "harness.h"
#include "strata/db.h"

namespace strata {
namespace {

std::string Ts(uint64_t ts) {
  std::string s;
  for (int i = 7; i >= 0; i--) s.push_back(static_cast<char>((~ts >> (8 * i)) & 0xff));
  return s;
}

std::string StartTs(uint64_t ts) {
  std::string s;
  for (int i = 7; i >= 0; i--) s.push_back(static_cast<char>((ts >> (8 * i)) & 0xff));
  return s;
}

// Write records as docs/format/mvcc.md describes them.
std::string PutInline(uint64_t start_ts, const std::string& value) {
  return "P" + StartTs(start_ts) + "v" + std::string(1, static_cast<char>(value.size())) + value;
}
std::string PutLong(uint64_t start_ts) { return "P" + StartTs(start_ts); }
std::string Delete(uint64_t start_ts) { return "D" + StartTs(start_ts); }
std::string Rollback(uint64_t start_ts) { return "R" + StartTs(start_ts) + "p"; }

struct Fixture {
  std::unique_ptr<DB> db;
  uint32_t write_cf = 0;
  Fixture() {
    Options options;
    options.in_memory = true;
    ASSERT_OK(DB::Open(options, "", &db));
    ASSERT_OK(db->ColumnFamilyId("write", &write_cf));
  }
  void Put(uint32_t cf, const std::string& k, const std::string& v) {
    WriteBatch b;
    b.Put(cf, k, v);
    ASSERT_OK(db->Write(WriteOptions(), std::move(b)));
  }
  bool Has(uint32_t cf, const std::string& k) {
    std::string v;
    Status s = db->Get(ReadOptions(), cf, k, &v);
    ASSERT_TRUE(s.ok() || s.IsNotFound());
    return s.ok();
  }
};

TEST(MvccGc, KeepsTheVersionVisibleAtTheSafepointAndDropsOlderOnes) {
  Fixture f;
  const std::string a = "user-key-a";
  f.Put(f.write_cf, a + Ts(110), PutInline(100, "v1"));
  f.Put(f.write_cf, a + Ts(210), PutLong(200));
  f.Put(0, a + Ts(200), std::string(300, 'x'));  // v2's long value
  f.Put(f.write_cf, a + Ts(250), Rollback(250));
  f.Put(f.write_cf, a + Ts(310), PutInline(300, "v3"));
  f.Put(f.write_cf, a + Ts(410), PutInline(400, "v4"));  // after the safepoint
  f.db->SetGcSafepoint(350);
  ASSERT_OK(f.db->CompactRange(f.write_cf, nullptr, nullptr));
  ASSERT_OK(f.db->CompactRange(0, nullptr, nullptr));
  ASSERT_TRUE(f.Has(f.write_cf, a + Ts(410)));   // newer than the safepoint
  ASSERT_TRUE(f.Has(f.write_cf, a + Ts(310)));   // what reads at 350..409 see
  ASSERT_TRUE(!f.Has(f.write_cf, a + Ts(250)));  // rollback below the safepoint
  ASSERT_TRUE(!f.Has(f.write_cf, a + Ts(210)));
  ASSERT_TRUE(!f.Has(f.write_cf, a + Ts(110)));
  ASSERT_TRUE(!f.Has(0, a + Ts(200)));  // the dropped version's long value
}

TEST(MvccGc, ADeleteBelowTheSafepointGoesWithEverythingOlderAtTheBottom) {
  Fixture f;
  const std::string b = "user-key-b";
  f.Put(f.write_cf, b + Ts(110), PutInline(100, "old"));
  f.Put(f.write_cf, b + Ts(210), Delete(200));
  f.db->SetGcSafepoint(300);
  ASSERT_OK(f.db->CompactRange(f.write_cf, nullptr, nullptr));
  ASSERT_TRUE(!f.Has(f.write_cf, b + Ts(210)));
  ASSERT_TRUE(!f.Has(f.write_cf, b + Ts(110)));
}

TEST(MvccGc, NothingIsDroppedWithoutASafepoint) {
  Fixture f;
  const std::string c = "user-key-c";
  f.Put(f.write_cf, c + Ts(110), PutInline(100, "a"));
  f.Put(f.write_cf, c + Ts(210), PutInline(200, "b"));
  ASSERT_OK(f.db->CompactRange(f.write_cf, nullptr, nullptr));
  ASSERT_TRUE(f.Has(f.write_cf, c + Ts(110)));
  ASSERT_TRUE(f.Has(f.write_cf, c + Ts(210)));
}

}  // namespace
}  // namespace strata
