#include "table/table.h"

#include <algorithm>

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
  t->version_ = footer.version;
  t->data_end_ = std::min(footer.index.offset, footer.properties.offset);
  if (footer.filter.size > 0) t->data_end_ = std::min(t->data_end_, footer.filter.offset);

  BlockContents contents;
  s = t->ReadBlock(IndexValue{footer.index, 0}, &contents);
  if (!s.ok()) return s;
  t->index_ = std::make_shared<const Block>(std::move(contents.data));

  if (footer.filter.size > 0) {
    s = t->ReadBlock(IndexValue{footer.filter, 0}, &contents);
    if (!s.ok()) return s;
    t->filter_ = std::move(contents.data);
  }

  s = t->ReadBlock(IndexValue{footer.properties, 0}, &contents);
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
  t->bloom_ignored_suffix_ = t->Property(props::kBloomIgnoredSuffix);
  *table = std::move(t);
  return Status::OK();
}

Status Table::CorruptionAt(uint64_t offset, const Status& s) const {
  if (!s.IsCorruption()) return s;
  return Status::Corruption("corruption in " + file_name_ + " at offset " + std::to_string(offset),
                            s.message());
}

Status Table::CorruptionIn(const IndexValue& value, const Status& s) const {
  if (!s.IsCorruption() || value.page_shift == 0) return CorruptionAt(value.handle.offset, s);
  return Status::Corruption("corruption in " + file_name_ + " at offset " +
                                std::to_string(value.handle.offset) + ", page " +
                                std::to_string(value.page_number()) + " (" +
                                std::to_string(value.page_size()) + "-byte pages)",
                            s.message());
}

Status Table::DecodeIndexValue(std::string_view encoded, IndexValue* value) const {
  Status s = value->DecodeFrom(encoded, version_);
  if (!s.ok()) return CorruptionAt(data_end_, s);
  return Status::OK();
}

Status Table::DataSpan(std::string_view start, std::string_view end, uint64_t* span_begin,
                       uint64_t* span_end) const {
  *span_begin = *span_end = 0;
  std::unique_ptr<Iterator> index(NewIndexIterator());
  std::string target;
  AppendInternalKey(&target, start, kMaxSequenceNumber, kValueTypeForSeek);
  index->Seek(target);
  if (!index->Valid()) return index->status();
  IndexValue value;
  Status s = DecodeIndexValue(index->value(), &value);
  if (!s.ok()) return s;
  *span_begin = value.handle.offset;
  *span_end = data_end_;
  if (end.empty()) return Status::OK();
  target.clear();
  AppendInternalKey(&target, end, kMaxSequenceNumber, kValueTypeForSeek);
  index->Seek(target);
  // The block a seek for end lands on may still hold keys below end: it counts, and the span
  // ends where the block after it begins.
  if (index->Valid()) index->Next();
  if (!index->Valid()) return index->status();
  s = DecodeIndexValue(index->value(), &value);
  if (!s.ok()) return s;
  *span_end = value.handle.offset;
  return Status::OK();
}

uint64_t Table::Property(const char* name) const {
  auto it = properties_.find(name);
  return it == properties_.end() ? 0 : it->second;
}

size_t Table::MemoryUsage() const { return index_->charge() + filter_.capacity() + sizeof(*this); }

bool Table::KeyMayMatch(std::string_view user_key) const {
  if (filter_.empty()) return true;
  if (user_key.size() > bloom_ignored_suffix_) user_key.remove_suffix(bloom_ignored_suffix_);
  return BloomFilterMayContain(filter_, user_key);
}

bool Table::PrefixMayMatch(std::string_view prefix) const {
  if (filter_.empty() || bloom_ignored_suffix_ == 0) return true;
  return BloomFilterMayContain(filter_, prefix);
}

Iterator* Table::NewIndexIterator() const {
  return Block::NewIterator(index_, GetInternalKeyComparator());
}

Status Table::ReadBlockBytes(const BlockHandle& handle, ReadaheadBuffer* readahead,
                             size_t readahead_bytes, std::string* buffer,
                             std::string_view* block) const {
  if (readahead == nullptr) {
    buffer->resize(handle.size);
    Status s = file_->Read(handle.offset, handle.size, block, buffer->data());
    if (s.ok() && options_.stats) {
      options_.stats->bytes_read.fetch_add(handle.size, std::memory_order_relaxed);
      options_.stats->blocks_read.fetch_add(1, std::memory_order_relaxed);
    }
    return s;
  }
  uint64_t end = handle.offset + handle.size;
  if (handle.offset < readahead->offset || end > readahead->offset + readahead->bytes.size()) {
    size_t length = static_cast<size_t>(std::min<uint64_t>(
        std::max<uint64_t>(readahead_bytes, handle.size), file_size_ - handle.offset));
    readahead->bytes.resize(length);
    std::string_view got;
    Status s = file_->Read(handle.offset, length, &got, readahead->bytes.data());
    if (!s.ok()) return s;
    if (got.data() != readahead->bytes.data()) readahead->bytes.assign(got);
    readahead->bytes.resize(got.size());
    readahead->offset = handle.offset;
    if (options_.stats) {
      options_.stats->bytes_read.fetch_add(got.size(), std::memory_order_relaxed);
      options_.stats->blocks_read.fetch_add(1, std::memory_order_relaxed);
    }
  }
  uint64_t skip = handle.offset - readahead->offset;
  *block = std::string_view(readahead->bytes)
               .substr(skip, std::min<uint64_t>(handle.size, readahead->bytes.size() - skip));
  return Status::OK();
}

Status Table::ReadBlock(const IndexValue& value, BlockContents* contents,
                        ReadaheadBuffer* readahead, size_t readahead_bytes) const {
  const BlockHandle& handle = value.handle;
  if (handle.size < BlockHeader::kSize || handle.offset + handle.size > file_size_) {
    return CorruptionIn(value, Status::Corruption("block handle out of the file"));
  }
  if (value.page_shift != 0 && handle.offset % value.page_size() != 0) {
    return CorruptionIn(value, Status::Corruption("page not at the start of a slot"));
  }
  std::string buffer;
  std::string_view block;
  Status s = ReadBlockBytes(handle, readahead, readahead_bytes, &buffer, &block);
  if (!s.ok()) return s;
  if (block.size() != handle.size) {
    return CorruptionIn(value, Status::Corruption("truncated block read"));
  }
  BlockHeader header;
  s = BlockHeader::DecodeAndVerify(block, options_.verify_checksums, &header);
  if (!s.ok()) return CorruptionIn(value, s);
  if (header.page_shift != value.page_shift) {
    return CorruptionIn(value,
                        Status::Corruption("page header and index disagree on the page size"));
  }
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
  if (!s.ok()) return CorruptionIn(value, s);
  return Status::OK();
}

Status Table::ReadDataBlock(const TableReadContext& context, const IndexValue& value,
                            std::shared_ptr<const Block>* block, ReadaheadBuffer* readahead) const {
  CacheKey key{file_number_, value.handle.offset};
  if (options_.block_cache) {
    *block = options_.block_cache->Lookup(key);
    if (*block) return Status::OK();
  }
  if (context.tier.load(std::memory_order_relaxed) == ReadTier::kCacheOnly) {
    return Status::Incomplete();
  }
  BlockContents contents;
  Status s = ReadBlock(value, &contents, readahead, context.readahead_bytes);
  if (!s.ok()) return s;
  auto b = std::make_shared<const Block>(std::move(contents.data));
  if (options_.block_cache && context.fill_cache) {
    options_.block_cache->Insert(key, b, b->charge());
  }
  *block = std::move(b);
  return Status::OK();
}

Iterator* Table::NewIterator(const TableReadContext* context) const {
  std::shared_ptr<ReadaheadBuffer> readahead;
  if (context->readahead_bytes > 0) readahead = std::make_shared<ReadaheadBuffer>();
  return NewTwoLevelIterator(
      NewIndexIterator(), [this, context, readahead](std::string_view index_value) {
        IndexValue value;
        Status s = DecodeIndexValue(index_value, &value);
        if (!s.ok()) return NewErrorIterator(s);
        std::shared_ptr<const Block> block;
        s = ReadDataBlock(*context, value, &block, readahead.get());
        if (!s.ok()) return NewErrorIterator(s);
        return Block::NewIterator(std::move(block), GetInternalKeyComparator());
      });
}

}  // namespace strata
