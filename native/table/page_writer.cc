#include "table/page_writer.h"

#include <algorithm>
#include <bit>

#include "util/compression.h"

namespace strata {

namespace {

// Space is reserved 1 MiB ahead: one fallocate per 64 pages of 16 KiB, while a flush or
// compaction never holds more than a megabyte reserved past what it has written.
constexpr uint64_t kReserveChunkBytes = 1 << 20;

// The ratio estimate follows recent pages: each new page weighs a quarter.
constexpr double kRatioWeight = 0.25;
// Raw targets aim this much below a block boundary, so that a page compressing a little worse
// than the estimate still fits (page-to-page ratios of table rows vary by about 1–2%).
constexpr double kTargetMargin = 0.03;
// Pages are never cut below this fraction of their capacity to save a block: smaller inputs
// compress worse than the estimate from full pages says (zstd on 11 of 16 KiB overshot one block
// as often as not), and emptier pages multiply index entries, cache entries and punch calls.
constexpr double kMinPageFill = 0.75;

uint64_t RoundUp(uint64_t n, uint64_t unit) { return (n + unit - 1) / unit * unit; }
uint64_t RoundDown(uint64_t n, uint64_t unit) { return n / unit * unit; }

}  // namespace

void PageCounters::Add(const PageStats& stats) {
  pages_compressed.fetch_add(stats.pages_compressed, std::memory_order_relaxed);
  pages_plain.fetch_add(stats.pages_plain, std::memory_order_relaxed);
  bytes_saved.fetch_add(stats.bytes_saved, std::memory_order_relaxed);
  punch_hole_calls.fetch_add(stats.punch_hole_calls, std::memory_order_relaxed);
}

PageWriter::PageWriter(WritableFile* file, uint32_t file_system_block, bool punch_holes,
                       PageStats* stats)
    : file_(file),
      file_system_block_(file_system_block),
      punch_holes_(punch_holes),
      stats_(stats) {}

Status PageWriter::Write(std::string_view raw, const CompressionSettings& settings,
                         uint64_t* offset, IndexValue* value) {
  const uint64_t page_size = settings.page_size_bytes;
  const uint64_t slot = RoundUp(*offset, page_size);
  // A block holding one entry larger than a page takes as many whole pages as it needs.
  const uint64_t slot_bytes = RoundUp(BlockHeader::kSize + raw.size(), page_size);
  const uint64_t slot_end = slot + slot_bytes;

  BlockHeader header;
  header.kind = BlockKind::kData;
  header.page_shift = static_cast<uint8_t>(std::countr_zero(page_size));
  header.raw_length = static_cast<uint32_t>(raw.size());
  std::string_view stored = raw;
  uint64_t kept = RoundUp(BlockHeader::kSize + raw.size(), file_system_block_);
  // Compressed bytes per raw byte, observed even when the page ends up plain.
  double ratio = 1.0;
  if (settings.algorithm != CompressionAlgorithm::kNone &&
      CompressBlock(settings, raw, &compressed_)) {
    ratio = static_cast<double>(compressed_.size()) / static_cast<double>(raw.size());
    uint64_t compressed_kept = RoundUp(BlockHeader::kSize + compressed_.size(), file_system_block_);
    // Compression pays only when it frees at least one whole filesystem block.
    if (compressed_kept < kept) {
      stored = compressed_;
      header.page_type = PageType::kCompressed;
      header.algorithm = settings.algorithm;
      kept = compressed_kept;
    }
  }
  if (ratio_ == 0 || !(settings == ratio_settings_)) {
    ratio_ = ratio;
    ratio_settings_ = settings;
  } else {
    ratio_ += kRatioWeight * (ratio - ratio_);
  }
  header.stored_length = static_cast<uint32_t>(stored.size());
  if (header.page_type == PageType::kCompressed) {
    stats_->pages_compressed++;
  } else {
    stats_->pages_plain++;
  }
  stats_->bytes_saved += slot_bytes - kept;

  // The gap before the slot is released before the slot is reserved: it may lie in the
  // previous reservation, which Reserve forgets.
  Status s = Release(*offset, slot);
  if (s.ok()) s = Reserve(slot, slot_end);
  if (!s.ok()) return s;
  page_.resize(BlockHeader::kSize);
  header.EncodeTo(page_.data(), stored);
  page_.append(stored);
  s = file_->WriteAt(slot, page_);
  if (s.ok()) s = Release(slot + page_.size(), slot_end);
  if (!s.ok()) return s;

  value->handle = BlockHandle{slot, page_.size()};
  value->page_shift = header.page_shift;
  *offset = slot_end;
  return Status::OK();
}

size_t PageWriter::RawBlockTarget(const CompressionSettings& settings) const {
  const size_t capacity = settings.page_size_bytes - BlockHeader::kSize;
  if (settings.algorithm == CompressionAlgorithm::kNone || ratio_ == 0 ||
      !(settings == ratio_settings_)) {
    return capacity;
  }
  // For each count of kept blocks, the raw bytes expected to compress into it; keep the count
  // that stores the most raw bytes per block.
  size_t best = capacity;
  double best_per_block = 0;
  const uint64_t max_blocks =
      RoundUp(settings.page_size_bytes, file_system_block_) / file_system_block_;
  for (uint64_t blocks = 1; blocks <= max_blocks; blocks++) {
    double fits = static_cast<double>(blocks * file_system_block_ - BlockHeader::kSize) / ratio_ *
                  (1 - kTargetMargin);
    size_t raw = std::min(capacity, static_cast<size_t>(fits));
    if (raw < capacity * kMinPageFill) continue;
    double per_block = static_cast<double>(raw) / static_cast<double>(blocks);
    if (per_block > best_per_block) {
      best_per_block = per_block;
      best = raw;
    }
  }
  return best;
}

Status PageWriter::Reserve(uint64_t slot_begin, uint64_t slot_end) {
  if (!punch_holes_ || slot_end <= reserved_end_) return Status::OK();
  uint64_t begin = std::max(reserved_end_, slot_begin);
  uint64_t end = RoundUp(slot_end, kReserveChunkBytes);
  Status s = file_->Allocate(begin, end - begin);
  if (s.IsNotSupported()) {
    // Nothing reserved means nothing to release: the unused rest of each slot is simply never
    // written, which leaves the same holes.
    punch_holes_ = false;
    return Status::OK();
  }
  if (!s.ok()) return s;
  if (begin != reserved_end_) reserved_begin_ = begin;
  reserved_end_ = end;
  return Status::OK();
}

Status PageWriter::Release(uint64_t begin, uint64_t end) {
  if (!punch_holes_) return Status::OK();
  uint64_t from = RoundUp(std::max(begin, reserved_begin_), file_system_block_);
  uint64_t to = RoundDown(std::min(end, reserved_end_), file_system_block_);
  if (from >= to) return Status::OK();
  Status s = file_->PunchHole(from, to - from);
  if (s.IsNotSupported()) {
    punch_holes_ = false;
    return Status::OK();
  }
  if (!s.ok()) return s;
  stats_->punch_hole_calls++;
  return Status::OK();
}

}  // namespace strata
