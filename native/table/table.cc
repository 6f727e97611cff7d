#include "table/table.h"

#include "table/two_level_iterator.h"
#include "util/bloom.h"
#include "util/coding.h"
#include "util/compression.h"

namespace strata {

Status Table::Open(const TableOpenOptions& options, std::string file_name,
                   std::unique_ptr<RandomAccessFile> file, uint64_t file_number, uint64_t file_size,
                   std::unique_ptr<Table>* table) {
  std::unique_ptr<Table> t(new Table());
  t->options_ = options;
  t->file_name_ = std::move(file_name);
  t->file_ = std::move(file);
  t->file_number_ = file_number;
  t->file_size_ = file_size;
  if (file_size < Footer::kSize) {
    return Status::Corruption(t->file_name_, "file is too short to be an SST");
  }
  char footer_space[Footer::kSize];
  std::string_view footer_input;
  Status s = t->file_->Read(file_size - Footer::kSize, Footer::kSize, &footer_input, footer_space);
  if (!s.ok()) return s;
  Footer footer;
  s = footer.DecodeFrom(footer_input);
  if (!s.ok()) return t->CorruptionAt(file_size - Footer::kSize, s);

  BlockContents contents;
  s = t->ReadBlock(footer.index, &contents);
  if (!s.ok()) return s;
  t->index_ = std::make_shared<const Block>(std::move(contents.data));

  if (footer.filter.size > 0) {
    s = t->ReadBlock(footer.filter, &contents);
    if (!s.ok()) return s;
    t->filter_ = std::move(contents.data);
  }

  s = t->ReadBlock(footer.properties, &contents);
  if (!s.ok()) return s;
  auto properties = std::make_shared<const Block>(std::move(contents.data));
  std::unique_ptr<Iterator> it(Block::NewIterator(properties, BytewiseComparator()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view v = it->value();
    uint64_t value;
    if (!GetVarint64(&v, &value)) {
      return t->CorruptionAt(footer.properties.offset, Status::Corruption("bad property"));
    }
    t->properties_.emplace(std::string(it->key()), value);
  }
  if (!it->status().ok()) return t->CorruptionAt(footer.properties.offset, it->status());
  *table = std::move(t);
  return Status::OK();
}

Status Table::CorruptionAt(uint64_t offset, const Status& s) const {
  if (!s.IsCorruption()) return s;
  return Status::Corruption("corruption in " + file_name_ + " at offset " + std::to_string(offset),
                            s.message());
}

uint64_t Table::Property(const char* name) const {
  auto it = properties_.find(name);
  return it == properties_.end() ? 0 : it->second;
}

size_t Table::MemoryUsage() const { return index_->charge() + filter_.capacity() + sizeof(*this); }

bool Table::KeyMayMatch(std::string_view user_key) const {
  return filter_.empty() || BloomFilterMayContain(filter_, user_key);
}

Iterator* Table::NewIndexIterator() const {
  return Block::NewIterator(index_, GetInternalKeyComparator());
}

Status Table::ReadBlock(const BlockHandle& handle, BlockContents* contents) const {
  if (handle.size < BlockHeader::kSize || handle.offset + handle.size > file_size_) {
    return CorruptionAt(handle.offset, Status::Corruption("block handle out of the file"));
  }
  std::string buffer(handle.size, '\0');
  std::string_view block;
  Status s = file_->Read(handle.offset, handle.size, &block, buffer.data());
  if (!s.ok()) return s;
  if (options_.stats) {
    options_.stats->bytes_read.fetch_add(handle.size, std::memory_order_relaxed);
    options_.stats->blocks_read.fetch_add(1, std::memory_order_relaxed);
  }
  if (block.size() != handle.size) {
    return CorruptionAt(handle.offset, Status::Corruption("truncated block read"));
  }
  BlockHeader header;
  s = BlockHeader::DecodeAndVerify(block, options_.verify_checksums, &header);
  if (!s.ok()) return CorruptionAt(handle.offset, s);
  contents->kind = header.kind;
  std::string_view payload = block.substr(BlockHeader::kSize);
  if (header.page_type == PageType::kPlain) {
    if (block.data() == buffer.data()) {
      buffer.erase(0, BlockHeader::kSize);
      contents->data = std::move(buffer);
    } else {
      contents->data.assign(payload.data(), payload.size());
    }
    return Status::OK();
  }
  contents->data.resize(header.raw_length);
  s = DecompressBlock(header.algorithm, payload, contents->data.data(), header.raw_length);
  if (!s.ok()) return CorruptionAt(handle.offset, s);
  return Status::OK();
}

Status Table::ReadDataBlock(const TableReadContext& context, const BlockHandle& handle,
                            std::shared_ptr<const Block>* block) const {
  CacheKey key{file_number_, handle.offset};
  if (options_.block_cache) {
    *block = options_.block_cache->Lookup(key);
    if (*block) return Status::OK();
  }
  if (context.tier.load(std::memory_order_relaxed) == ReadTier::kCacheOnly) {
    return Status::Incomplete();
  }
  BlockContents contents;
  Status s = ReadBlock(handle, &contents);
  if (!s.ok()) return s;
  auto b = std::make_shared<const Block>(std::move(contents.data));
  if (options_.block_cache && context.fill_cache) {
    options_.block_cache->Insert(key, b, b->charge());
  }
  *block = std::move(b);
  return Status::OK();
}

Iterator* Table::NewIterator(const TableReadContext* context) const {
  return NewTwoLevelIterator(NewIndexIterator(), [this, context](std::string_view index_value) {
    BlockHandle handle;
    Status s = handle.DecodeFrom(&index_value);
    if (!s.ok()) return NewErrorIterator(CorruptionAt(0, s));
    std::shared_ptr<const Block> block;
    s = ReadDataBlock(*context, handle, &block);
    if (!s.ok()) return NewErrorIterator(s);
    return Block::NewIterator(std::move(block), GetInternalKeyComparator());
  });
}

}  // namespace strata
