// How a database picks its I/O path: io_uring or the threads backend, O_DIRECT where the
// filesystem reports an alignment for it (buffered on tmpfs, with the reason in stats), and
// untorn WAL writes where the filesystem offers them (XFS here, not this machine's ext4).
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "harness.h"
#include "strata/db.h"
#include "strata/env.h"
#include "xfs_mount.h"

namespace strata {
namespace {

// tmpfs: accepts O_DIRECT opens but reports no alignment for them, and has no untorn writes.
constexpr char kTmpfs[] = "/dev/shm";

Status Put(DB* db, const std::string& key, const std::string& value, bool sync = false) {
  WriteBatch batch;
  batch.Put(0, key, value);
  WriteOptions options;
  options.sync = sync;
  return db->Write(options, std::move(batch));
}

TEST(IoModes, TheUringBackendIsTheDefaultWhereIoUringWorks) {
  test::TempDir dir;
  std::unique_ptr<DB> db;
  ASSERT_OK(DB::Open(Options(), dir.path() + "/db", &db));
  DbStats stats = db->GetStats();
  ASSERT_EQ(stats.io_backend, std::string("uring"));
  ASSERT_EQ(stats.fallback_reason, std::string());
}

TEST(IoModes, TheThreadsBackendIsUsedWhenAsked) {
  test::TempDir dir;
  Options options;
  options.io_backend = IoBackend::kThreads;
  std::unique_ptr<DB> db;
  ASSERT_OK(DB::Open(options, dir.path() + "/db", &db));
  ASSERT_EQ(db->GetStats().io_backend, std::string("threads"));
}

TEST(IoModes, DirectIoIsUsedWhereTheFilesystemReportsAnAlignment) {
  test::TempDir dir;
  Options options;
  options.direct_io = true;
  std::unique_ptr<DB> db;
  ASSERT_OK(DB::Open(options, dir.path() + "/db", &db));
  DbStats stats = db->GetStats();
  ASSERT_TRUE(stats.direct_io);
  ASSERT_EQ(stats.fallback_reason, std::string());
}

TEST(IoModes, DirectIoFallsBackToBufferedOnTmpfsAndSaysWhy) {
  test::TempDir scratch;
  std::string dir = std::string(kTmpfs) + "/strata-io-modes-" + std::to_string(::getpid());
  Options options;
  options.direct_io = true;
  {
    std::unique_ptr<DB> db;
    ASSERT_OK(DB::Open(options, dir, &db));
    DbStats stats = db->GetStats();
    ASSERT_TRUE(!stats.direct_io);
    ASSERT_TRUE(stats.fallback_reason.find("O_DIRECT") != std::string::npos);
    ASSERT_OK(Put(db.get(), "k", "v", true));
    ASSERT_OK(db->Flush());
    std::string value;
    ASSERT_OK(db->Get(ReadOptions(), 0, "k", &value));
    ASSERT_EQ(value, std::string("v"));
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

TEST(IoModes, AtomicWritesOnFailToOpenWhereThereAreNoUntornWrites) {
  test::TempDir dir;
  Options options;
  options.atomic_writes = AtomicWritesMode::kOn;
  std::unique_ptr<DB> db;
  Status s = DB::Open(options, dir.path() + "/db", &db);
  ASSERT_TRUE(s.IsNotSupported());
  ASSERT_TRUE(s.message().find("untorn writes") != std::string::npos);
}

TEST(IoModes, WithoutUntornWritesTheWalPadsToAFilesystemBlock) {
  test::TempDir dir;
  Options options;
  options.direct_io = true;
  std::unique_ptr<DB> db;
  ASSERT_OK(DB::Open(options, dir.path() + "/db", &db));
  DbStats stats = db->GetStats();
  ASSERT_TRUE(!stats.atomic_writes);
  ASSERT_EQ(stats.wal_sync_unit, uint32_t{4096});
}

TEST(IoModes, UntornWritesAreUsedOnXfsByDefaultWithDirectIo) {
  test::XfsMount xfs;
  ASSERT_MOUNTED(xfs);
  for (IoBackend backend : {IoBackend::kThreads, IoBackend::kUring}) {
    Options options;
    options.io_backend = backend;
    options.direct_io = true;
    std::unique_ptr<DB> db;
    std::string path = xfs.path() + "/db" + std::to_string(static_cast<int>(backend));
    ASSERT_OK(DB::Open(options, path, &db));
    DbStats stats = db->GetStats();
    ASSERT_TRUE(stats.atomic_writes);
    ASSERT_EQ(stats.wal_sync_unit, uint32_t{0});
    for (int i = 0; i < 200; i++) {
      ASSERT_OK(Put(db.get(), "key" + std::to_string(i), std::string(100, 'v'), i % 2 == 0));
    }
    db.reset();
    ASSERT_OK(DB::Open(options, path, &db));
    std::string value;
    ASSERT_OK(db->Get(ReadOptions(), 0, "key199", &value));
  }
}

TEST(IoModes, AtomicWritesOffPadsEvenOnXfs) {
  test::XfsMount xfs;
  ASSERT_MOUNTED(xfs);
  Options options;
  options.direct_io = true;
  options.atomic_writes = AtomicWritesMode::kOff;
  std::unique_ptr<DB> db;
  ASSERT_OK(DB::Open(options, xfs.path() + "/db", &db));
  ASSERT_TRUE(!db->GetStats().atomic_writes);
}

TEST(IoModes, AtomicWritesOnPutsTheWalOnDirectIoEvenWhenTablesAreBuffered) {
  test::XfsMount xfs;
  ASSERT_MOUNTED(xfs);
  Options options;
  options.atomic_writes = AtomicWritesMode::kOn;
  std::unique_ptr<DB> db;
  ASSERT_OK(DB::Open(options, xfs.path() + "/db", &db));
  DbStats stats = db->GetStats();
  ASSERT_TRUE(stats.atomic_writes);
  ASSERT_TRUE(!stats.direct_io);
}

}  // namespace
}  // namespace strata
