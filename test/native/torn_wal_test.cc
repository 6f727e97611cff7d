// Torn writes and the WAL (docs/format/wal.md, "Torn writes"): at a power cut, every write not yet
// synced may land whole, not at all, or torn, block by block. Without untorn writes the WAL pads
// each synced group to a filesystem block, so no later write touches a block holding synced
// records; with them (XFS here) it rewrites its partly written last block in place with
// RWF_ATOMIC. Either way no synced record is lost, which a WAL doing neither fails to promise.
#include <memory>

#include "harness.h"
#include "io/file_io.h"
#include "power_cut_io.h"
#include "strata/db.h"
#include "strata/env.h"
#include "util/random.h"
#include "wal/log_reader.h"
#include "wal/log_writer.h"
#include "xfs_mount.h"

namespace strata {
namespace {

constexpr uint32_t kBlockBytes = 4096;
constexpr int kCutsPerMode = 25;
constexpr uint64_t kFirstSeed = 1000;

FileIo* Uring() {
  std::string why_not;
  FileIo* io = UringFileIo(&why_not);
  if (io == nullptr) test::Fail(__FILE__, __LINE__, why_not);
  return io;
}

struct WalMode {
  FileOptions file_options;
  uint32_t sync_unit;
};

WalMode Padded(bool direct) { return WalMode{FileOptions{direct, 0}, kBlockBytes}; }
WalMode Untorn() { return WalMode{FileOptions{true, kBlockBytes}, 0}; }
// Neither padding nor untorn writes: the synced tail block is rewritten and may tear.
WalMode Unprotected() { return WalMode{FileOptions{true, 0}, 0}; }

// Writes groups of small records to a log, each group synced or only flushed, until the power is
// cut after a random number of writes. Returns how many of the first records a sync acknowledged.
size_t WriteUntilPowerCut(Env* env, test::PowerCutIo* io, const std::string& path,
                          const WalMode& mode, Random* random, std::vector<std::string>* records) {
  constexpr int kGroups = 40;
  io->CutAfterWrites(1 + random->Uniform(kGroups));
  std::unique_ptr<WritableFile> file;
  ASSERT_OK(env->NewWritableFile(path, mode.file_options, &file));
  log::Writer writer(file.get(), 0, mode.sync_unit);
  size_t synced = 0;
  for (int g = 0; g < kGroups; g++) {
    Status s;
    for (int r = 1 + static_cast<int>(random->Uniform(3)); r > 0 && s.ok(); r--) {
      std::string record(20 + random->Uniform(400), static_cast<char>('a' + records->size() % 26));
      record += std::to_string(records->size());
      records->push_back(record);
      s = writer.AddRecord(record);
    }
    bool sync = random->Uniform(10) < 7;
    if (s.ok()) s = sync ? writer.Sync() : file->Flush();
    if (!s.ok()) break;
    if (sync) synced = records->size();
  }
  io->CutNow();
  return synced;
}

// Reads the log back after the cut: the synced records must all be there, intact and in order.
bool SyncedRecordsSurvive(const std::string& path, const std::vector<std::string>& records,
                          size_t synced) {
  std::unique_ptr<SequentialFile> file;
  ASSERT_OK(PosixEnv()->NewSequentialFile(path, &file));
  log::Reader reader(file.get(), nullptr);
  std::string scratch;
  std::string_view record;
  size_t read = 0;
  while (read < synced && reader.ReadRecord(&record, &scratch)) {
    if (record != records[read]) return false;
    read++;
  }
  return read == synced;
}

struct CutResults {
  int cuts_losing_synced_records = 0;
  size_t synced_records = 0;  // over all cuts: the runs got somewhere before the power went
  uint64_t untorn_writes = 0;
};

CutResults CutPower(const std::string& dir, FileIo* base, const WalMode& mode) {
  CutResults results;
  for (uint64_t seed = kFirstSeed; seed < kFirstSeed + kCutsPerMode; seed++) {
    test::PowerCutIo io(base, seed, ".wal");
    auto env = NewFileIoEnv(&io);
    Random random(seed);
    std::string path = dir + "/" + std::to_string(seed) + ".wal";
    std::vector<std::string> records;
    size_t synced = WriteUntilPowerCut(env.get(), &io, path, mode, &random, &records);
    results.synced_records += synced;
    results.untorn_writes += io.untorn_writes();
    if (!SyncedRecordsSurvive(path, records, synced)) {
      results.cuts_losing_synced_records++;
      std::printf("     seed %llu: synced records lost\n", static_cast<unsigned long long>(seed));
    }
  }
  return results;
}

TEST(TornWal, PaddingLosesNoSyncedRecordAtAPowerCut) {
  for (FileIo* base : {SyscallFileIo(), Uring()}) {
    for (bool direct : {false, true}) {
      test::TempDir dir;
      CutResults results = CutPower(dir.path(), base, Padded(direct));
      ASSERT_EQ(results.cuts_losing_synced_records, 0);
      ASSERT_TRUE(results.synced_records > 0);
    }
  }
}

TEST(TornWal, UntornTailRewritesLoseNoSyncedRecordAtAPowerCut) {
  test::XfsMount xfs;
  ASSERT_MOUNTED(xfs);
  for (FileIo* base : {SyscallFileIo(), Uring()}) {
    CutResults results = CutPower(xfs.path(), base, Untorn());
    ASSERT_EQ(results.cuts_losing_synced_records, 0);
    ASSERT_TRUE(results.synced_records > 0);
    ASSERT_TRUE(results.untorn_writes > 0);
  }
}

// The control: the same cuts do lose synced records when the tail is rewritten unprotected.
TEST(TornWal, AnUnprotectedTailRewriteLosesSyncedRecords) {
  test::TempDir dir;
  CutResults results = CutPower(dir.path(), SyscallFileIo(), Unprotected());
  ASSERT_TRUE(results.cuts_losing_synced_records > 0);
}

std::string Key(int i) { return "key" + std::to_string(i); }
std::string Value(int i) { return std::string(50 + i % 200, static_cast<char>('a' + i % 26)); }

// A database doing synced writes from one thread until the power goes; after reopening, every
// acknowledged write is there.
void ExpectSyncedWritesSurvive(const std::string& dir, FileIo* base, Options options,
                               bool expect_untorn) {
  int total_acknowledged = 0;
  uint64_t untorn_writes = 0;
  for (uint64_t seed = kFirstSeed; seed < kFirstSeed + kCutsPerMode / 5; seed++) {
    std::string path = dir + "/db" + std::to_string(seed);
    test::PowerCutIo io(base, seed, ".wal");
    auto env = NewFileIoEnv(&io);
    Random random(seed);
    options.env = env.get();
    std::unique_ptr<DB> db;
    ASSERT_OK(DB::Open(options, path, &db));
    ASSERT_EQ(db->GetStats().atomic_writes, expect_untorn);
    constexpr int kWrites = 300;
    io.CutAfterWrites(io.writes() + 1 + random.Uniform(kWrites));
    int acknowledged = 0;
    WriteOptions sync;
    sync.sync = true;
    for (int i = 0; i < kWrites; i++) {
      WriteBatch batch;
      batch.Put(0, Key(i), Value(i));
      if (!db->Write(sync, std::move(batch)).ok()) break;
      acknowledged = i + 1;
    }
    io.CutNow();
    db.reset();
    total_acknowledged += acknowledged;
    untorn_writes += io.untorn_writes();

    options.env = PosixEnv();
    ASSERT_OK(DB::Open(options, path, &db));
    for (int i = 0; i < acknowledged; i++) {
      std::string value;
      ASSERT_OK(db->Get(ReadOptions(), 0, Key(i), &value));
      ASSERT_TRUE(value == Value(i));
    }
    db.reset();
  }
  ASSERT_TRUE(total_acknowledged > 0);
  ASSERT_EQ(untorn_writes > 0, expect_untorn);
}

TEST(TornWal, ADatabasePaddingItsWalLosesNoSyncedWriteAtAPowerCut) {
  for (FileIo* base : {SyscallFileIo(), Uring()}) {
    for (bool direct : {false, true}) {
      test::TempDir dir;
      Options options;
      options.direct_io = direct;
      ExpectSyncedWritesSurvive(dir.path(), base, options, false);
    }
  }
}

TEST(TornWal, ADatabaseWithUntornWritesLosesNoSyncedWriteAtAPowerCut) {
  test::XfsMount xfs;
  ASSERT_MOUNTED(xfs);
  for (FileIo* base : {SyscallFileIo(), Uring()}) {
    Options options;
    options.atomic_writes = AtomicWritesMode::kOn;
    ExpectSyncedWritesSurvive(xfs.path(), base, options, true);
  }
}

}  // namespace
}  // namespace strata
