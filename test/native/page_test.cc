// Page-compressed SSTs (docs/format/page.md): pages of every size and level round-trip, pages that
// do not compress are stored plain in their slots, blocks end at policy range boundaries and fit
// their page, punched slots leave a file allocated well below its logical size, and a damaged
// page is corruption that names the file and the page.
#include <cstring>
#include <map>

#include "db/dbformat.h"
#include "harness.h"
#include "io/file_io.h"
#include "strata/env.h"
#include "table/table.h"
#include "table/table_builder.h"
#include "util/coding.h"
#include "util/crc32c.h"
#include "util/random.h"

namespace strata {
namespace {

constexpr char kTablePath[] = "/pages.sst";
// TableBuilderOptions' default filesystem block, which MemEnv also punches in.
constexpr uint32_t kFileSystemBlock = 4096;

std::string IKey(const std::string& user_key) {
  std::string k;
  AppendInternalKey(&k, user_key, 1, ValueType::kValue);
  return k;
}

std::string UserKey(int i) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "k%06d", i);
  return buf;
}

// Values that LZ4 shrinks to about a third: a 12-byte pattern with the key number mixed in.
std::string CompressibleValue(int i, size_t length) {
  std::string v;
  while (v.size() < length) v += "abcdefghijkl" + std::to_string(i % 10);
  v.resize(length);
  return v;
}

std::string RandomValue(Random* random, size_t length) {
  std::string v(length, '\0');
  for (auto& c : v) c = static_cast<char>(random->Next());
  return v;
}

CompressionSettings Paged(CompressionAlgorithm algorithm, int level, uint32_t page_size) {
  CompressionSettings s;
  s.algorithm = algorithm;
  s.level = level;
  s.page_compressed = true;
  s.page_size_bytes = page_size;
  return s;
}

std::shared_ptr<const CompressionPolicy> Everywhere(const CompressionSettings& settings) {
  return std::make_shared<const CompressionPolicy>(settings, std::vector<CompressionRange>{});
}

using Entries = std::map<std::string, std::string>;

struct Built {
  Env* env = nullptr;
  std::string path;
  std::unique_ptr<Table> table;
  BlockCache cache{4 << 20, 2};
  PageStats page_stats;
  uint64_t file_size = 0;
};

void Open(Built* b, const FileOptions& file_options = FileOptions()) {
  std::unique_ptr<RandomAccessFile> in;
  ASSERT_OK(b->env->NewRandomAccessFile(b->path, file_options, &in));
  TableOpenOptions open;
  open.block_cache = &b->cache;
  ASSERT_OK(Table::Open(open, b->path, std::move(in), 1, b->file_size, &b->table));
}

void Build(Built* b, Env* env, const std::string& path, const Entries& entries,
           std::shared_ptr<const CompressionPolicy> policy,
           const FileOptions& file_options = FileOptions()) {
  b->env = env;
  b->path = path;
  std::unique_ptr<WritableFile> file;
  ASSERT_OK(env->NewWritableFile(path, file_options, &file));
  TableBuilderOptions options;
  options.block_size = 4096;
  options.policy = std::move(policy);
  TableBuilder builder(options, file.get());
  for (const auto& [k, v] : entries) builder.Add(IKey(k), v);
  ASSERT_OK(builder.Finish());
  ASSERT_OK(file->Sync());
  ASSERT_OK(file->Close());
  b->page_stats = builder.page_stats();
  b->file_size = builder.FileSize();
  Open(b, file_options);
}

// Every entry reads back by point lookup and by a full scan, and nothing else is there.
void ExpectContents(const Table& table, const Entries& entries) {
  TableReadContext context;
  for (const auto& [k, v] : entries) {
    std::string got;
    bool found = false;
    ASSERT_OK(table.Get(context, IKey(k), k, [&](std::string_view key, std::string_view value) {
      found = ExtractUserKey(key) == k;
      got.assign(value);
    }));
    ASSERT_TRUE(found);
    ASSERT_TRUE(got == v);
  }
  std::unique_ptr<Iterator> it(table.NewIterator(&context));
  auto expected = entries.begin();
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    ASSERT_TRUE(expected != entries.end());
    ASSERT_TRUE(ExtractUserKey(it->key()) == expected->first);
    ASSERT_TRUE(it->value() == expected->second);
  }
  ASSERT_OK(it->status());
  ASSERT_TRUE(expected == entries.end());
}

// The index entries of the data blocks, in order.
std::vector<IndexValue> DataBlocks(const Table& table) {
  std::vector<IndexValue> values;
  std::unique_ptr<Iterator> index(table.NewIndexIterator());
  for (index->SeekToFirst(); index->Valid(); index->Next()) {
    IndexValue v;
    ASSERT_OK(table.DecodeIndexValue(index->value(), &v));
    values.push_back(v);
  }
  return values;
}

// The user keys of one data block.
std::vector<std::string> BlockKeys(const Table& table, const IndexValue& value) {
  TableReadContext context;
  std::shared_ptr<const Block> block;
  ASSERT_OK(table.ReadDataBlock(context, value, &block));
  std::unique_ptr<Iterator> it(Block::NewIterator(block, GetInternalKeyComparator()));
  std::vector<std::string> keys;
  for (it->SeekToFirst(); it->Valid(); it->Next()) keys.emplace_back(ExtractUserKey(it->key()));
  return keys;
}

Entries CompressibleEntries(int n, size_t value_length) {
  Entries entries;
  for (int i = 0; i < n; i++) entries[UserKey(i)] = CompressibleValue(i, value_length);
  return entries;
}

std::string ReadWholeFile(Env* env, const std::string& path) {
  uint64_t size;
  ASSERT_OK(env->GetFileSize(path, &size));
  std::unique_ptr<RandomAccessFile> in;
  ASSERT_OK(env->NewRandomAccessFile(path, FileOptions(), &in));
  std::string bytes(size, '\0');
  std::string_view got;
  ASSERT_OK(in->Read(0, size, &got, bytes.data()));
  return std::string(got);
}

void RewriteFile(Env* env, const std::string& path, const std::string& bytes) {
  std::unique_ptr<WritableFile> out;
  ASSERT_OK(env->NewWritableFile(path, FileOptions(), &out));
  ASSERT_OK(out->Append(bytes));
  ASSERT_OK(out->Close());
}

TEST(Pages, EveryPageSizeAndLevelRoundTrips) {
  const Entries entries = CompressibleEntries(600, 150);
  const uint32_t page_sizes[] = {4096, 8192, 16384, 32768, 65536};
  const CompressionAlgorithm algorithms[] = {CompressionAlgorithm::kLz4,
                                             CompressionAlgorithm::kZstd};
  constexpr int kMaxLevel = 9;
  for (uint32_t page_size : page_sizes) {
    for (CompressionAlgorithm algorithm : algorithms) {
      for (int level = 1; level <= kMaxLevel; level++) {
        auto env = NewMemEnv();
        Built b;
        Build(&b, env.get(), kTablePath, entries, Everywhere(Paged(algorithm, level, page_size)));
        ExpectContents(*b.table, entries);
        // A full 4 KiB page cannot free a 4 KiB filesystem block, however well it compresses.
        if (page_size > kFileSystemBlock) {
          ASSERT_TRUE(b.page_stats.pages_compressed > 0);
        } else {
          ASSERT_TRUE(b.page_stats.pages_plain > 0);
        }
        for (const IndexValue& v : DataBlocks(*b.table)) {
          ASSERT_EQ(v.page_size(), uint64_t{page_size});
          ASSERT_EQ(v.handle.offset % page_size, uint64_t{0});
          ASSERT_TRUE(v.handle.size <= page_size);
        }
      }
    }
  }
}

TEST(Pages, IncompressiblePagesAreStoredPlainInTheirSlots) {
  Random random(301);
  Entries entries;
  for (int i = 0; i < 300; i++) entries[UserKey(i)] = RandomValue(&random, 200);
  auto env = NewMemEnv();
  Built b;
  Build(&b, env.get(), kTablePath, entries, Everywhere(Paged(CompressionAlgorithm::kLz4, 1, 8192)));
  ExpectContents(*b.table, entries);
  auto blocks = DataBlocks(*b.table);
  ASSERT_EQ(b.page_stats.pages_compressed, uint64_t{0});
  ASSERT_EQ(b.page_stats.pages_plain, uint64_t{blocks.size()});
  for (const IndexValue& v : blocks) ASSERT_EQ(v.handle.offset % 8192, uint64_t{0});
}

TEST(Pages, BlocksEndAtRangeBoundariesAndFitTheirPage) {
  const Entries entries = CompressibleEntries(1000, 90);
  std::vector<CompressionRange> ranges(3);
  ranges[0] = {UserKey(100), UserKey(250), Paged(CompressionAlgorithm::kLz4, 4, 4096)};
  ranges[1] = {UserKey(250), UserKey(400), CompressionSettings{CompressionAlgorithm::kLz4}};
  ranges[2] = {UserKey(400), UserKey(700), Paged(CompressionAlgorithm::kZstd, 3, 16384)};
  auto policy = std::make_shared<const CompressionPolicy>(CompressionSettings{}, ranges);
  ASSERT_TRUE(policy->Validate().empty());
  auto env = NewMemEnv();
  Built b;
  Build(&b, env.get(), kTablePath, entries, policy);
  ExpectContents(*b.table, entries);

  auto range_of = [&](const std::string& key) -> int {
    for (int r = 0; r < 3; r++) {
      if (key >= ranges[r].start && key < ranges[r].end) return r;
    }
    return -1;
  };
  for (const IndexValue& v : DataBlocks(*b.table)) {
    auto keys = BlockKeys(*b.table, v);
    ASSERT_TRUE(!keys.empty());
    int range = range_of(keys.front());
    ASSERT_EQ(range_of(keys.back()), range);
    bool paged = range == 0 || range == 2;
    ASSERT_EQ(v.page_shift != 0, paged);
    if (paged) {
      ASSERT_EQ(v.page_size(), uint64_t{ranges[range].settings.page_size_bytes});
      ASSERT_EQ(v.handle.offset % v.page_size(), uint64_t{0});
    }
  }
}

TEST(Pages, AScanReadingAheadReturnsWhatOneReadPerBlockDoes) {
  const Entries entries = CompressibleEntries(3000, 150);
  std::vector<CompressionRange> ranges(1);
  ranges[0] = {UserKey(1000), UserKey(2000), Paged(CompressionAlgorithm::kLz4, 1, 16384)};
  auto env = NewMemEnv();
  Built b;
  Build(&b, env.get(), kTablePath, entries,
        std::make_shared<const CompressionPolicy>(CompressionSettings{}, ranges));
  // Readahead smaller than a page, a few pages, and the whole file.
  for (size_t readahead : {size_t{5000}, size_t{70000}, size_t{1} << 24}) {
    TableReadContext context;
    context.fill_cache = false;
    context.readahead_bytes = readahead;
    std::unique_ptr<Iterator> it(b.table->NewIterator(&context));
    auto expected = entries.begin();
    for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
      ASSERT_TRUE(expected != entries.end());
      ASSERT_TRUE(ExtractUserKey(it->key()) == expected->first);
      ASSERT_TRUE(it->value() == expected->second);
    }
    ASSERT_OK(it->status());
    ASSERT_TRUE(expected == entries.end());
  }
}

TEST(Pages, AnEntryLargerThanAPageTakesAMultiPageSlot) {
  Entries entries = CompressibleEntries(40, 100);
  Random random(7);
  entries[UserKey(20)] = RandomValue(&random, 10000);  // 2.5 pages of 4 KiB, incompressible
  auto env = NewMemEnv();
  Built b;
  Build(&b, env.get(), kTablePath, entries, Everywhere(Paged(CompressionAlgorithm::kLz4, 1, 4096)));
  ExpectContents(*b.table, entries);
  auto blocks = DataBlocks(*b.table);
  bool found_large = false;
  for (size_t i = 0; i + 1 < blocks.size(); i++) {
    ASSERT_EQ(blocks[i].handle.offset % 4096, uint64_t{0});
    ASSERT_TRUE(blocks[i + 1].handle.offset >= blocks[i].handle.offset + blocks[i].handle.size);
    if (blocks[i].handle.size > 4096) {
      found_large = true;
      ASSERT_EQ(blocks[i + 1].handle.offset - blocks[i].handle.offset, uint64_t{3 * 4096});
    }
  }
  ASSERT_TRUE(found_large);
}

// Values of 50 random bytes said twice: LZ4 halves them, so a full 16 KiB page compresses to a
// little over two 4 KiB blocks.
std::string HalfCompressibleValue(Random* random) {
  std::string half = RandomValue(random, 50);
  for (auto& c : half) c = static_cast<char>(' ' + static_cast<unsigned char>(c) % 95);
  return half + half;
}

TEST(Pages, BlocksAreCutShortWhenThatKeepsAWholeBlockLess) {
  Random random(11);
  Entries entries;
  for (int i = 0; i < 20000; i++) entries[UserKey(i)] = HalfCompressibleValue(&random);
  auto env = NewMemEnv();
  Built b;
  Build(&b, env.get(), kTablePath, entries,
        Everywhere(Paged(CompressionAlgorithm::kLz4, 1, 16384)));
  ExpectContents(*b.table, entries);
  auto blocks = DataBlocks(*b.table);
  size_t two_blocks = 0;
  for (const IndexValue& v : blocks) two_blocks += v.handle.size <= 2 * kFileSystemBlock ? 1 : 0;
  // The first page, written before the ratio is known, is full and keeps three.
  ASSERT_TRUE(two_blocks * 10 >= blocks.size() * 9);
}

// On a real filesystem, through both I/O backends, buffered and with O_DIRECT.
TEST(Pages, ACompressedTableIsAllocatedWellBelowItsLogicalSize) {
  const Entries entries = CompressibleEntries(30000, 120);
  std::string why_not;
  Env* uring = UringEnv(&why_not);
  ASSERT_TRUE(uring != nullptr);
  for (Env* env : {PosixEnv(), uring}) {
    for (bool direct : {false, true}) {
      test::TempDir dir;
      FileOptions file_options;
      file_options.direct_io = direct;
      Built b;
      Build(&b, env, dir.path() + "/000001.sst", entries,
            Everywhere(Paged(CompressionAlgorithm::kLz4, 1, 16384)), file_options);
      uint64_t allocated = 0;
      ASSERT_OK(env->GetAllocatedBytes(b.path, &allocated));
      uint64_t logical = 0;
      ASSERT_OK(env->GetFileSize(b.path, &logical));
      ASSERT_EQ(logical, b.file_size);
      // The values shrink to about a third; whole 4 KiB blocks are kept of each 16 KiB page.
      ASSERT_TRUE(allocated * 2 < logical);
      ASSERT_TRUE(b.page_stats.punch_hole_calls > 0);
      ExpectContents(*b.table, entries);
    }
  }
}

struct DamagedPage {
  std::unique_ptr<Env> env = NewMemEnv();
  Built built;
  IndexValue page;
  std::string key_in_page;
  std::string bytes;

  explicit DamagedPage(int page_index) {
    Build(&built, env.get(), kTablePath, CompressibleEntries(2000, 120),
          Everywhere(Paged(CompressionAlgorithm::kLz4, 1, 8192)));
    page = DataBlocks(*built.table)[static_cast<size_t>(page_index)];
    key_in_page = BlockKeys(*built.table, page).front();
    bytes = ReadWholeFile(env.get(), kTablePath);
  }

  // Rewrites the page's header field at field_offset, recomputing the checksum so that only the
  // field is wrong.
  void SetHeaderField(size_t field_offset, const std::string& field) {
    char* header = bytes.data() + page.handle.offset;
    std::memcpy(header + field_offset, field.data(), field.size());
    constexpr size_t kChecksummed = 12;
    uint32_t crc = crc32c::Value(header, kChecksummed);
    uint32_t stored = DecodeFixed32(header + 4);
    crc = crc32c::Extend(crc, header + BlockHeader::kSize,
                         std::min<size_t>(stored, page.handle.size - BlockHeader::kSize));
    EncodeFixed32(header + kChecksummed, crc32c::Mask(crc));
  }

  // Reopens the damaged file (without a block cache, which holds the page intact) and reads a
  // key of the page: the corruption it reports.
  Status Read() {
    RewriteFile(env.get(), kTablePath, bytes);
    std::unique_ptr<RandomAccessFile> in;
    ASSERT_OK(env->NewRandomAccessFile(kTablePath, FileOptions(), &in));
    std::unique_ptr<Table> table;
    ASSERT_OK(Table::Open(TableOpenOptions(), kTablePath, std::move(in), 1, bytes.size(), &table));
    TableReadContext context;
    return table->Get(context, IKey(key_in_page), key_in_page,
                      [](std::string_view, std::string_view) {});
  }
};

void ExpectPageCorruption(const DamagedPage& damaged, const Status& s, const char* reason) {
  ASSERT_TRUE(s.IsCorruption());
  std::string where = "page " + std::to_string(damaged.page.page_number()) + " (8192-byte pages)";
  ASSERT_TRUE(s.message().find(kTablePath) != std::string::npos);
  ASSERT_TRUE(s.message().find(where) != std::string::npos);
  ASSERT_TRUE(s.message().find(reason) != std::string::npos);
}

TEST(Pages, APageWhoseChecksumFailsIsCorruptionNamingFileAndPage) {
  DamagedPage damaged(3);
  damaged.bytes[damaged.page.handle.offset + BlockHeader::kSize + 10] ^= 0x10;
  ExpectPageCorruption(damaged, damaged.Read(), "checksum mismatch");
}

TEST(Pages, AHeaderWithAnUnknownAlgorithmIsCorruptionNamingFileAndPage) {
  DamagedPage damaged(5);
  damaged.SetHeaderField(1, std::string(1, '\x07'));
  ExpectPageCorruption(damaged, damaged.Read(), "unknown compression algorithm 7");
}

TEST(Pages, AHeaderWithAnImpossibleLengthIsCorruptionNamingFileAndPage) {
  DamagedPage damaged(2);
  std::string raw_length(4, '\0');
  EncodeFixed32(raw_length.data(), 0xfffffff0u);
  damaged.SetHeaderField(8, raw_length);
  ExpectPageCorruption(damaged, damaged.Read(), "impossible raw length");
}

TEST(Pages, AStoredLengthUnlikeTheIndexIsCorruptionNamingFileAndPage) {
  DamagedPage damaged(4);
  std::string stored_length(4, '\0');
  EncodeFixed32(stored_length.data(), static_cast<uint32_t>(damaged.page.handle.size));
  damaged.SetHeaderField(4, stored_length);
  ExpectPageCorruption(damaged, damaged.Read(), "does not match its handle");
}

}  // namespace
}  // namespace strata
