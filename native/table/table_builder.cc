#include "table/table_builder.h"

#include "db/dbformat.h"
#include "util/coding.h"
#include "util/compression.h"

namespace strata {

namespace {
// A compressed block is kept only when it saves at least an eighth of the raw size; otherwise
// decompressing it on every read costs more than the space it saves (LevelDB's rule).
constexpr size_t kMinSavingsDivisor = 8;
// An entry's three varint32 length prefixes take at most five bytes each.
constexpr size_t kMaxEntryOverhead = 3 * 5;
const CompressionSettings kPlain{};
}  // namespace

TableBuilder::TableBuilder(const TableBuilderOptions& options, WritableFile* file)
    : options_(options),
      file_(file),
      page_writer_(file, options.file_system_block_size, options.punch_holes, &page_stats_),
      data_block_(options.block_restart_interval),
      index_block_(1),
      filter_(options.bloom_bits_per_key) {}

TableBuilder::~TableBuilder() = default;

void TableBuilder::Add(std::string_view internal_key, std::string_view value) {
  if (!status_.ok()) return;
  std::string_view user_key = ExtractUserKey(internal_key);

  // Cut the block where the compression policy changes, so no block spans two ranges.
  bool leaves_stretch = block_settings_ == nullptr ||
                        (!stretch_unbounded_ && user_key >= std::string_view(stretch_end_));
  if (leaves_stretch) {
    if (!data_block_.empty()) FlushDataBlock();
    block_settings_ = &options_.policy->Lookup(user_key, &stretch_end_);
    stretch_unbounded_ = stretch_end_.empty();
  }

  // Bytes an entry adds at most: three varint32 lengths, the key, the value and, for pages, a
  // restart offset. A page's block must fit the page with its header.
  size_t entry_bound = internal_key.size() + value.size() + kMaxEntryOverhead;
  size_t block_limit = options_.block_size;
  if (block_settings_->page_compressed) {
    entry_bound += sizeof(uint32_t);
    block_limit = page_writer_.RawBlockTarget(*block_settings_);
  }
  if (!data_block_.empty() && data_block_.CurrentSizeEstimate() + entry_bound > block_limit) {
    FlushDataBlock();
  }

  std::string_view filter_key = user_key;
  if (user_key.size() > options_.bloom_ignored_suffix_bytes) {
    filter_key.remove_suffix(options_.bloom_ignored_suffix_bytes);
  }
  if (options_.bloom_bits_per_key > 0 && filter_key != std::string_view(last_user_key_)) {
    filter_.AddKey(filter_key);
    last_user_key_.assign(filter_key.data(), filter_key.size());
  }
  data_block_.Add(internal_key, value);
  last_key_.assign(internal_key.data(), internal_key.size());
  num_entries_++;
  raw_key_bytes_ += internal_key.size();
  raw_value_bytes_ += value.size();
  if ((ExtractTag(internal_key) & 0xff) == static_cast<uint8_t>(ValueType::kDeletion)) {
    num_deletions_++;
  }
}

void TableBuilder::FlushDataBlock() {
  if (data_block_.empty() || !status_.ok()) return;
  std::string_view raw = data_block_.Finish();
  IndexValue value;
  uint64_t start = offset_;
  if (block_settings_->page_compressed) {
    status_ = page_writer_.Write(raw, *block_settings_, &offset_, &value);
  } else {
    value.handle = WriteBlock(raw, BlockKind::kData, *block_settings_);
  }
  if (!status_.ok()) return;
  data_bytes_ += offset_ - start;
  num_data_blocks_++;
  // The index maps the block's last key to where it is: a seek for k finds the first block whose
  // last key is >= k.
  std::string encoded;
  value.EncodeTo(&encoded);
  index_block_.Add(last_key_, encoded);
  data_block_.Reset();
}

BlockHandle TableBuilder::WriteBlock(std::string_view raw, BlockKind kind,
                                     const CompressionSettings& settings) {
  BlockHeader header;
  header.kind = kind;
  header.raw_length = static_cast<uint32_t>(raw.size());
  std::string_view stored = raw;
  if (settings.algorithm != CompressionAlgorithm::kNone &&
      CompressBlock(settings, raw, &compressed_scratch_) &&
      compressed_scratch_.size() < raw.size() - raw.size() / kMinSavingsDivisor) {
    stored = compressed_scratch_;
    header.page_type = PageType::kCompressed;
    header.algorithm = settings.algorithm;
    if (kind == BlockKind::kData) {
      page_stats_.pages_compressed++;
      page_stats_.bytes_saved += raw.size() - stored.size();
    }
  } else if (kind == BlockKind::kData && settings.algorithm != CompressionAlgorithm::kNone) {
    page_stats_.pages_plain++;
  }
  header.stored_length = static_cast<uint32_t>(stored.size());
  return WriteRawBlock(stored, header);
}

BlockHandle TableBuilder::WriteRawBlock(std::string_view stored, const BlockHeader& header) {
  BlockHandle handle{offset_, BlockHeader::kSize + stored.size()};
  char encoded[BlockHeader::kSize];
  header.EncodeTo(encoded, stored);
  // After a page the file ends inside the page's slot: the block starts past the slot.
  status_ = file_->WriteAt(offset_, std::string_view(encoded, sizeof(encoded)));
  if (status_.ok()) status_ = file_->Append(stored);
  if (status_.ok()) offset_ += handle.size;
  return handle;
}

Status TableBuilder::Finish() {
  FlushDataBlock();
  closed_ = true;
  if (!status_.ok()) return status_;

  BlockHandle filter_handle;
  if (options_.bloom_bits_per_key > 0) {
    std::string filter;
    filter_.Finish(&filter);
    filter_handle = WriteBlock(filter, BlockKind::kFilter, kPlain);
  }

  BlockBuilder properties(1);
  auto add = [&properties](const char* name, uint64_t v) {
    std::string encoded;
    PutVarint64(&encoded, v);
    properties.Add(name, encoded);
  };
  // Keys must be added in sorted order.
  add(props::kBloomIgnoredSuffix, options_.bloom_ignored_suffix_bytes);
  add(props::kBytesSaved, page_stats_.bytes_saved);
  add(props::kColumnFamily, options_.column_family);
  add(props::kDataBlocks, num_data_blocks_);
  add(props::kDataBytes, data_bytes_);
  add(props::kDeletions, num_deletions_);
  add(props::kEntries, num_entries_);
  add(props::kPagesCompressed, page_stats_.pages_compressed);
  add(props::kPagesPlain, page_stats_.pages_plain);
  add(props::kPunchHoleCalls, page_stats_.punch_hole_calls);
  add(props::kRawKeyBytes, raw_key_bytes_);
  add(props::kRawValueBytes, raw_value_bytes_);
  BlockHandle properties_handle = WriteBlock(properties.Finish(), BlockKind::kProperties, kPlain);

  BlockHandle index_handle = WriteBlock(index_block_.Finish(), BlockKind::kIndex, kPlain);
  if (!status_.ok()) return status_;

  Footer footer;
  footer.index = index_handle;
  footer.filter = filter_handle;
  footer.properties = properties_handle;
  std::string encoded;
  footer.EncodeTo(&encoded);
  status_ = file_->Append(encoded);
  if (status_.ok()) offset_ += encoded.size();
  if (status_.ok() && options_.counters != nullptr) options_.counters->Add(page_stats_);
  return status_;
}

void TableBuilder::Abandon() { closed_ = true; }

}  // namespace strata
