// WriteBatch: puts and deletes across column families applied atomically. Its representation is
// the WAL record payload documented in docs/format/wal.md ("Batch payload"); JavaScript encodes
// the same bytes directly (src/engine/write-batch.ts).
//
// Thread safety: one thread at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "strata/status.h"

namespace strata {

class WriteBatch {
 public:
  // Size of the header: fixed64 sequence, fixed32 count.
  static constexpr size_t kHeaderBytes = 12;

  WriteBatch();
  // Adopts an encoded representation (from JavaScript or the WAL). Validate before use.
  explicit WriteBatch(std::string rep);

  void Put(uint32_t column_family, std::string_view key, std::string_view value);
  void Delete(uint32_t column_family, std::string_view key);
  void Clear();

  uint32_t Count() const;
  size_t ByteSize() const { return rep_.size(); }
  const std::string& rep() const { return rep_; }

  // Receives the operations of a batch in order.
  class Handler {
   public:
    virtual ~Handler() = default;
    virtual Status Put(uint32_t column_family, std::string_view key, std::string_view value) = 0;
    virtual Status Delete(uint32_t column_family, std::string_view key) = 0;
  };
  // Decodes the batch, calling handler for each operation. Corruption on malformed bytes or a
  // count that does not match the records.
  Status Iterate(Handler* handler) const;

  uint64_t Sequence() const;
  void SetSequence(uint64_t sequence);
  // Appends src's operations to this batch.
  void Append(const WriteBatch& src);

 private:
  friend class WriteBatchInternal;
  std::string rep_;
};

}  // namespace strata
