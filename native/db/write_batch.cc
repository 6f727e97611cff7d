// WriteBatch representation (docs/format/wal.md, "Batch payload"):
//   fixed64 sequence | fixed32 count | record…
//   record: u8 tag | [varint32 column family, for the CF tags] | varint32 key length | key
//           | [varint32 value length | value, for puts]
#include "strata/write_batch.h"

#include "util/coding.h"

namespace strata {

namespace {
// Tags are on disk (WAL) and produced by src/engine/write-batch.ts: never renumber.
enum Tag : uint8_t {
  kTagDelete = 0x0,
  kTagPut = 0x1,
  kTagColumnFamilyDelete = 0x4,
  kTagColumnFamilyPut = 0x5,
};
}  // namespace

WriteBatch::WriteBatch() { Clear(); }

WriteBatch::WriteBatch(std::string rep) : rep_(std::move(rep)) {
  if (rep_.size() < kHeaderBytes) rep_.resize(kHeaderBytes, '\0');
}

void WriteBatch::Clear() {
  rep_.clear();
  rep_.resize(kHeaderBytes, '\0');
}

uint32_t WriteBatch::Count() const { return DecodeFixed32(rep_.data() + 8); }
uint64_t WriteBatch::Sequence() const { return DecodeFixed64(rep_.data()); }
void WriteBatch::SetSequence(uint64_t sequence) { EncodeFixed64(rep_.data(), sequence); }

static void SetCount(std::string* rep, uint32_t n) { EncodeFixed32(rep->data() + 8, n); }

void WriteBatch::Put(uint32_t column_family, std::string_view key, std::string_view value) {
  SetCount(&rep_, Count() + 1);
  if (column_family == 0) {
    rep_.push_back(static_cast<char>(kTagPut));
  } else {
    rep_.push_back(static_cast<char>(kTagColumnFamilyPut));
    PutVarint32(&rep_, column_family);
  }
  PutLengthPrefixed(&rep_, key);
  PutLengthPrefixed(&rep_, value);
}

void WriteBatch::Delete(uint32_t column_family, std::string_view key) {
  SetCount(&rep_, Count() + 1);
  if (column_family == 0) {
    rep_.push_back(static_cast<char>(kTagDelete));
  } else {
    rep_.push_back(static_cast<char>(kTagColumnFamilyDelete));
    PutVarint32(&rep_, column_family);
  }
  PutLengthPrefixed(&rep_, key);
}

void WriteBatch::Append(const WriteBatch& src) {
  SetCount(&rep_, Count() + src.Count());
  rep_.append(src.rep_.data() + kHeaderBytes, src.rep_.size() - kHeaderBytes);
}

Status WriteBatch::Iterate(Handler* handler) const {
  if (rep_.size() < kHeaderBytes) return Status::Corruption("write batch too small");
  std::string_view input(rep_);
  input.remove_prefix(kHeaderBytes);
  uint32_t found = 0;
  while (!input.empty()) {
    auto tag = static_cast<uint8_t>(input[0]);
    input.remove_prefix(1);
    uint32_t column_family = 0;
    std::string_view key, value;
    switch (tag) {
      case kTagColumnFamilyPut:
        if (!GetVarint32(&input, &column_family)) return Status::Corruption("bad batch CF");
        [[fallthrough]];
      case kTagPut:
        if (!GetLengthPrefixed(&input, &key) || !GetLengthPrefixed(&input, &value)) {
          return Status::Corruption("bad batch put");
        }
        {
          Status s = handler->Put(column_family, key, value);
          if (!s.ok()) return s;
        }
        break;
      case kTagColumnFamilyDelete:
        if (!GetVarint32(&input, &column_family)) return Status::Corruption("bad batch CF");
        [[fallthrough]];
      case kTagDelete:
        if (!GetLengthPrefixed(&input, &key)) return Status::Corruption("bad batch delete");
        {
          Status s = handler->Delete(column_family, key);
          if (!s.ok()) return s;
        }
        break;
      default:
        return Status::Corruption("unknown batch tag " + std::to_string(tag));
    }
    found++;
  }
  if (found != Count()) return Status::Corruption("batch count does not match its records");
  return Status::OK();
}

}  // namespace strata
