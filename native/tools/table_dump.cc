#include "tools/table_dump.h"

#include <memory>

#include "db/dbformat.h"
#include "table/block.h"
#include "util/coding.h"
#include "util/compression.h"

namespace strata::tools {

namespace {

std::string PageSuffix(const BlockDump& block) {
  if (block.page_shift == 0) return "";
  uint64_t page_size = uint64_t{1} << block.page_shift;
  return " (page " + std::to_string(block.handle.offset >> block.page_shift) + " of " +
         std::to_string(page_size) + "-byte pages)";
}

class TableReader {
 public:
  TableReader(Env* env, const std::string& path, const TableDumpOptions& options, TableDump* dump)
      : env_(env), path_(path), options_(options), dump_(dump) {}

  Status Run() {
    std::unique_ptr<RandomAccessFile> file;
    Status s = env_->NewRandomAccessFile(path_, FileOptions(), &file);
    if (!s.ok()) return s;
    file_ = std::move(file);
    dump_->file_size = file_->Size();
    if (options_.allocation) env_->GetAllocatedBytes(path_, &dump_->allocated_bytes);
    if (dump_->file_size < Footer::kSize) {
      Problem(0, "file is too short to be an SST (" + std::to_string(dump_->file_size) +
                     " bytes, a footer alone is " + std::to_string(Footer::kSize) + ")");
      return Status::OK();
    }
    s = ReadFooter();
    if (!s.ok() || !dump_->footer_ok) return s;

    const Footer& footer = dump_->footer;
    std::string index_contents;
    BlockDump index = NewBlock(BlockKind::kIndex, footer.index, 0);
    s = ReadBlock(&index, &index_contents);
    if (!s.ok()) return s;
    std::string properties_contents;
    BlockDump properties = NewBlock(BlockKind::kProperties, footer.properties, 0);
    s = ReadBlock(&properties, &properties_contents);
    if (!s.ok()) return s;
    if (properties.header_ok) ReadProperties(properties, std::move(properties_contents));
    if (index.header_ok) {
      s = ReadDataBlocks(index, std::move(index_contents));
      if (!s.ok()) return s;
    }
    if (footer.filter.size > 0) {
      BlockDump filter = NewBlock(BlockKind::kFilter, footer.filter, 0);
      std::string ignored;
      s = ReadBlock(&filter, &ignored);
      if (!s.ok()) return s;
      dump_->blocks.push_back(filter);
    }
    dump_->blocks.push_back(properties);
    dump_->blocks.push_back(index);
    // Counts only mean something when every block could be read.
    if (dump_->findings.problems.empty()) CheckCounts();
    return Status::OK();
  }

 private:
  void Problem(uint64_t offset, std::string message) {
    dump_->findings.AddProblem(path_, offset, std::move(message));
  }

  BlockDump NewBlock(BlockKind kind, const BlockHandle& handle, uint8_t page_shift) const {
    BlockDump block;
    block.kind = kind;
    block.handle = handle;
    block.page_shift = page_shift;
    block.slot_bytes = handle.size;
    if (page_shift != 0) {
      uint64_t page_size = uint64_t{1} << page_shift;
      block.slot_bytes = (handle.size + page_size - 1) / page_size * page_size;
    }
    return block;
  }

  Status ReadFooter() {
    uint64_t offset = dump_->file_size - Footer::kSize;
    char space[Footer::kSize];
    std::string_view input;
    Status s = file_->Read(offset, Footer::kSize, &input, space);
    if (!s.ok()) return s;
    s = dump_->footer.DecodeFrom(input);
    if (!s.ok()) {
      Problem(offset, "footer: " + s.message());
      return Status::OK();
    }
    dump_->footer_ok = true;
    return Status::OK();
  }

  // Reads and verifies one block; its decompressed contents go to *contents when it is sound.
  Status ReadBlock(BlockDump* block, std::string* contents) {
    const BlockHandle& handle = block->handle;
    if (handle.size < BlockHeader::kSize || handle.offset > dump_->file_size ||
        handle.size > dump_->file_size - handle.offset) {
      Problem(handle.offset, "block handle (size " + std::to_string(handle.size) +
                                 ") out of the file" + PageSuffix(*block));
      return Status::OK();
    }
    if (options_.allocation) {
      env_->GetAllocatedBytesInRange(path_, handle.offset,
                                     std::min(block->slot_bytes, dump_->file_size - handle.offset),
                                     &block->allocated_bytes);
    }
    if (block->page_shift != 0 && handle.offset % (uint64_t{1} << block->page_shift) != 0) {
      Problem(handle.offset, "page not at the start of a slot" + PageSuffix(*block));
      return Status::OK();
    }
    std::string buffer(handle.size, '\0');
    std::string_view bytes;
    Status s = file_->Read(handle.offset, handle.size, &bytes, buffer.data());
    if (!s.ok()) return s;
    if (bytes.size() != handle.size) {
      Problem(handle.offset, "truncated block read" + PageSuffix(*block));
      return Status::OK();
    }
    s = BlockHeader::DecodeAndVerify(bytes, true, &block->header);
    if (!s.ok()) {
      Problem(handle.offset, s.message() + PageSuffix(*block));
      return Status::OK();
    }
    if (block->header.page_shift != block->page_shift) {
      Problem(handle.offset,
              "page header and index disagree on the page size" + PageSuffix(*block));
      return Status::OK();
    }
    std::string_view payload = bytes.substr(BlockHeader::kSize);
    if (block->header.page_type == PageType::kPlain) {
      contents->assign(payload.data(), payload.size());
    } else {
      contents->resize(block->header.raw_length);
      s = DecompressBlock(block->header.algorithm, payload, contents->data(),
                          block->header.raw_length);
      if (!s.ok()) {
        Problem(handle.offset, s.message() + PageSuffix(*block));
        return Status::OK();
      }
    }
    block->header_ok = true;
    return Status::OK();
  }

  void ReadProperties(const BlockDump& block, std::string contents) {
    auto properties = std::make_shared<const Block>(std::move(contents));
    std::unique_ptr<Iterator> it(Block::NewIterator(properties, BytewiseComparator()));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string_view v = it->value();
      uint64_t value;
      if (!GetVarint64(&v, &value)) {
        Problem(block.handle.offset, "property '" + std::string(it->key()) + "' is malformed");
        continue;
      }
      dump_->properties.emplace(std::string(it->key()), value);
    }
    if (!it->status().ok())
      Problem(block.handle.offset, "properties block: " + it->status().message());
  }

  Status ReadDataBlocks(const BlockDump& index_block, std::string contents) {
    auto index = std::make_shared<const Block>(std::move(contents));
    std::unique_ptr<Iterator> it(Block::NewIterator(index, GetInternalKeyComparator()));
    const InternalKeyComparator* cmp = GetInternalKeyComparator();
    uint64_t previous_end = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      IndexValue value;
      Status s = value.DecodeFrom(it->value(), dump_->footer.version);
      if (!s.ok()) {
        Problem(index_block.handle.offset, "index entry: " + s.message());
        continue;
      }
      BlockDump block = NewBlock(BlockKind::kData, value.handle, value.page_shift);
      if (value.handle.offset < previous_end) {
        Problem(value.handle.offset, "data block overlaps the one before it" + PageSuffix(block));
      }
      previous_end = value.handle.offset + value.handle.size;
      std::string block_contents;
      s = ReadBlock(&block, &block_contents);
      if (!s.ok()) return s;
      if (block.header_ok) ReadEntries(&block, std::move(block_contents), it->key(), cmp);
      dump_->blocks.push_back(std::move(block));
    }
    if (!it->status().ok())
      Problem(index_block.handle.offset, "index block: " + it->status().message());
    return Status::OK();
  }

  void ReadEntries(BlockDump* block, std::string contents, std::string_view index_key,
                   const InternalKeyComparator* cmp) {
    auto data = std::make_shared<const Block>(std::move(contents));
    std::unique_ptr<Iterator> it(Block::NewIterator(data, cmp));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string_view key = it->key();
      ParsedInternalKey parsed;
      if (!ParseInternalKey(key, &parsed)) {
        Problem(block->handle.offset, "malformed internal key" + PageSuffix(*block));
        continue;
      }
      if (!dump_->largest.empty() && cmp->Compare(dump_->largest, key) >= 0) {
        Problem(block->handle.offset, "keys out of order" + PageSuffix(*block));
      }
      if (block->entries == 0) block->first_key.assign(key);
      block->last_key.assign(key);
      block->entries++;
      dump_->entries++;
      if (dump_->smallest.empty()) dump_->smallest.assign(key);
      dump_->largest.assign(key);
      if (options_.entries &&
          (options_.max_entries == 0 || dump_->entry_list.size() < options_.max_entries)) {
        std::string_view value = it->value();
        dump_->entry_list.push_back(EntryDump{std::string(key), value.size(),
                                              std::string(value.substr(0, options_.value_prefix))});
      }
    }
    if (!it->status().ok()) {
      Problem(block->handle.offset,
              "block contents: " + it->status().message() + PageSuffix(*block));
    }
    if (block->entries > 0 && cmp->Compare(block->last_key, index_key) > 0) {
      Problem(block->handle.offset,
              "index key sorts before the block's last key" + PageSuffix(*block));
    }
  }

  // The entry and block counts the properties block recorded must match what was read.
  void CheckCounts() {
    uint64_t offset = dump_->footer.properties.offset;
    auto expect = [&](const char* name, uint64_t actual) {
      auto it = dump_->properties.find(name);
      if (it == dump_->properties.end() || it->second == actual) return;
      Problem(offset, std::string("property ") + name + " is " + std::to_string(it->second) +
                          " but the file holds " + std::to_string(actual));
    };
    uint64_t data_blocks = 0;
    for (const BlockDump& block : dump_->blocks) data_blocks += block.kind == BlockKind::kData;
    expect(props::kEntries, dump_->entries);
    expect(props::kDataBlocks, data_blocks);
  }

  Env* env_;
  const std::string& path_;
  const TableDumpOptions& options_;
  TableDump* dump_;
  std::unique_ptr<RandomAccessFile> file_;
};

}  // namespace

Status DumpTable(Env* env, const std::string& path, const TableDumpOptions& options,
                 TableDump* dump) {
  *dump = TableDump();
  return TableReader(env, path, options, dump).Run();
}

}  // namespace strata::tools
