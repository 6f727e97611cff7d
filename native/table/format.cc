#include "table/format.h"

#include "util/coding.h"
#include "util/compression.h"
#include "util/crc32c.h"

namespace strata {

namespace {
// Bytes of the header covered by its checksum (everything before the checksum itself).
constexpr size_t kHeaderChecksummedBytes = 12;
constexpr size_t kFooterChecksummedBytes = 52;
}  // namespace

void BlockHandle::EncodeTo(std::string* dst) const {
  PutVarint64(dst, offset);
  PutVarint64(dst, size);
}

Status BlockHandle::DecodeFrom(std::string_view* input) {
  if (GetVarint64(input, &offset) && GetVarint64(input, &size)) return Status::OK();
  return Status::Corruption("bad block handle");
}

void BlockHeader::EncodeTo(char* dst, std::string_view payload) const {
  dst[0] = static_cast<char>(page_type);
  dst[1] = static_cast<char>(algorithm);
  dst[2] = static_cast<char>(kind);
  dst[3] = static_cast<char>(page_shift);
  EncodeFixed32(dst + 4, stored_length);
  EncodeFixed32(dst + 8, raw_length);
  uint32_t crc = crc32c::Value(dst, kHeaderChecksummedBytes);
  crc = crc32c::Extend(crc, payload.data(), payload.size());
  EncodeFixed32(dst + 12, crc32c::Mask(crc));
}

Status BlockHeader::DecodeAndVerify(std::string_view block, bool verify_checksum,
                                    BlockHeader* header) {
  if (block.size() < kSize) return Status::Corruption("truncated block header");
  const char* p = block.data();
  auto page_type = static_cast<uint8_t>(p[0]);
  auto algorithm = static_cast<uint8_t>(p[1]);
  if (page_type != static_cast<uint8_t>(PageType::kPlain) &&
      page_type != static_cast<uint8_t>(PageType::kCompressed)) {
    return Status::Corruption("unknown page type " + std::to_string(page_type));
  }
  if (algorithm > static_cast<uint8_t>(CompressionAlgorithm::kZstd)) {
    return Status::Corruption("unknown compression algorithm " + std::to_string(algorithm));
  }
  header->page_type = static_cast<PageType>(page_type);
  header->algorithm = static_cast<CompressionAlgorithm>(algorithm);
  header->kind = static_cast<BlockKind>(p[2]);
  header->page_shift = static_cast<uint8_t>(p[3]);
  header->stored_length = DecodeFixed32(p + 4);
  header->raw_length = DecodeFixed32(p + 8);
  if (header->page_shift != 0 &&
      (header->page_shift < kMinPageShift || header->page_shift > kMaxPageShift)) {
    return Status::Corruption("impossible page size 2^" + std::to_string(header->page_shift));
  }
  if (header->stored_length != block.size() - kSize) {
    return Status::Corruption("block length " + std::to_string(header->stored_length) +
                              " does not match its handle");
  }
  if ((header->page_type == PageType::kPlain) !=
      (header->algorithm == CompressionAlgorithm::kNone)) {
    return Status::Corruption("page type and algorithm disagree");
  }
  if (header->page_type == PageType::kPlain && header->raw_length != header->stored_length) {
    return Status::Corruption("plain block with a raw length unlike its stored length");
  }
  // Checked before anything is allocated for the raw bytes: a damaged length must not make a
  // reader reserve gigabytes.
  if (header->page_type == PageType::kCompressed &&
      (header->raw_length <= header->stored_length ||
       !PlausibleRawLength(header->algorithm, block.substr(kSize), header->raw_length))) {
    return Status::Corruption("impossible raw length " + std::to_string(header->raw_length) +
                              " for " + std::to_string(header->stored_length) +
                              " compressed bytes");
  }
  if (verify_checksum) {
    uint32_t expected = crc32c::Unmask(DecodeFixed32(p + 12));
    uint32_t actual = crc32c::Value(p, kHeaderChecksummedBytes);
    actual = crc32c::Extend(actual, p + kSize, header->stored_length);
    if (actual != expected) return Status::Corruption("block checksum mismatch");
  }
  return Status::OK();
}

void IndexValue::EncodeTo(std::string* dst) const {
  handle.EncodeTo(dst);
  dst->push_back(static_cast<char>(page_shift));
}

Status IndexValue::DecodeFrom(std::string_view input, TableFormatVersion version) {
  Status s = handle.DecodeFrom(&input);
  if (!s.ok()) return s;
  page_shift = 0;
  if (version >= TableFormatVersion::kV2) {
    if (input.empty()) return Status::Corruption("index entry without a page shift");
    page_shift = static_cast<uint8_t>(input[0]);
    input.remove_prefix(1);
    if (page_shift != 0 && (page_shift < kMinPageShift || page_shift > kMaxPageShift)) {
      return Status::Corruption("index entry with an impossible page size 2^" +
                                std::to_string(page_shift));
    }
  }
  if (!input.empty()) return Status::Corruption("trailing bytes in an index entry");
  return Status::OK();
}

void Footer::EncodeTo(std::string* dst) const {
  size_t start = dst->size();
  PutFixed64(dst, index.offset);
  PutFixed64(dst, index.size);
  PutFixed64(dst, filter.offset);
  PutFixed64(dst, filter.size);
  PutFixed64(dst, properties.offset);
  PutFixed64(dst, properties.size);
  PutFixed32(dst, static_cast<uint32_t>(version));
  PutFixed32(dst, crc32c::Mask(crc32c::Value(dst->data() + start, kFooterChecksummedBytes)));
  PutFixed64(dst, kTableMagicNumber);
}

Status Footer::DecodeFrom(std::string_view input) {
  if (input.size() != kSize) return Status::Corruption("truncated footer");
  const char* p = input.data();
  if (DecodeFixed64(p + 56) != kTableMagicNumber) {
    return Status::Corruption("not an SST file (bad magic number)");
  }
  uint32_t expected = crc32c::Unmask(DecodeFixed32(p + 52));
  if (crc32c::Value(p, kFooterChecksummedBytes) != expected) {
    return Status::Corruption("footer checksum mismatch");
  }
  uint32_t v = DecodeFixed32(p + 48);
  if (v < static_cast<uint32_t>(TableFormatVersion::kV1) ||
      v > static_cast<uint32_t>(TableFormatVersion::kLatest)) {
    return Status::NotSupported("SST format version " + std::to_string(v));
  }
  version = static_cast<TableFormatVersion>(v);
  index = {DecodeFixed64(p), DecodeFixed64(p + 8)};
  filter = {DecodeFixed64(p + 16), DecodeFixed64(p + 24)};
  properties = {DecodeFixed64(p + 32), DecodeFixed64(p + 40)};
  return Status::OK();
}

}  // namespace strata
