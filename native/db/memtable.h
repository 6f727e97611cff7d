// MemTable: one column family's recent writes, a skiplist of entries in an arena:
//   varint32 internal key length | internal key | varint32 value length | value
//
// Thread safety: Add from one thread (the WAL thread); Get and iterators from any thread at the
// same time. Shared through shared_ptr: readers keep a memtable alive after it is flushed.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include "db/dbformat.h"
#include "db/skiplist.h"
#include "strata/iterator.h"
#include "strata/status.h"
#include "util/arena.h"
#include "util/dynamic_bloom.h"

namespace strata {

class MemTable {
 public:
  // bloom_bits: size of the filter that lets lookups of absent keys skip the skiplist (0: none).
  // Keys are filtered without their last ignored_suffix_bytes (see Options::prefix_bloom), so
  // prefix iterators can ask too.
  explicit MemTable(size_t bloom_bits = 0, uint32_t ignored_suffix_bytes = 0);
  MemTable(const MemTable&) = delete;
  MemTable& operator=(const MemTable&) = delete;

  void Add(uint64_t sequence, ValueType type, std::string_view key, std::string_view value);

  // When the newest version of key at or below the lookup's sequence is here: true, with
  // *status NotFound for a deletion or OK and *value set. False when the memtable has nothing.
  bool Get(const LookupKey& key, std::string* value, Status* status) const;

  // An iterator over internal keys.
  Iterator* NewIterator() const;

  // Whether a key starting with prefix (a whole filter key: see the constructor) may be here.
  bool PrefixMayMatch(std::string_view prefix) const {
    return !bloom_ || bloom_->MayContain(prefix);
  }

  size_t ApproximateMemoryUsage() const {
    return arena_.MemoryUsage() + (bloom_ ? bloom_->MemoryUsage() : 0);
  }
  uint64_t num_entries() const { return num_entries_.load(std::memory_order_relaxed); }
  bool empty() const { return num_entries() == 0; }
  // Bytes of keys and values added (what a flush writes, before compression).
  uint64_t data_bytes() const { return data_bytes_.load(std::memory_order_relaxed); }

 private:
  struct KeyComparator {
    // Entries start with their length-prefixed internal key.
    int operator()(const char* a, const char* b) const;
  };
  using Table = SkipList<const char*, KeyComparator>;
  class MemTableIterator;

  std::string_view FilterKey(std::string_view user_key) const {
    if (user_key.size() > ignored_suffix_bytes_) user_key.remove_suffix(ignored_suffix_bytes_);
    return user_key;
  }

  Arena arena_;
  Table table_;
  std::unique_ptr<DynamicBloom> bloom_;
  uint32_t ignored_suffix_bytes_;
  std::atomic<uint64_t> num_entries_{0};
  std::atomic<uint64_t> data_bytes_{0};
};

}  // namespace strata
