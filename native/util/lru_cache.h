// A sharded LRU cache of shared values keyed by (file number, offset), charged by bytes. Used for
// the block cache (decompressed blocks) and the table cache (open SSTs). Values are
// shared_ptr<const V>: a lookup keeps its value alive even if the cache evicts it meanwhile.
//
// Thread safety: all methods may be called from any thread; each shard has its own mutex, so
// threads contend only when they hit the same shard.
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace strata {

struct CacheKey {
  uint64_t file_number;
  uint64_t offset;
  bool operator==(const CacheKey&) const = default;
};

struct CacheKeyHash {
  size_t operator()(const CacheKey& k) const {
    uint64_t h = k.file_number * 0x9e3779b97f4a7c15ull ^ (k.offset + 0x632be59bd9b4e019ull);
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return static_cast<size_t>(h ^ (h >> 32));
  }
};

template <typename V>
class LruCache {
 public:
  using Value = std::shared_ptr<const V>;

  // capacity is split evenly over 2^shard_bits shards.
  LruCache(size_t capacity_bytes, int shard_bits)
      : shard_mask_((size_t{1} << shard_bits) - 1), shards_(size_t{1} << shard_bits) {
    for (auto& shard : shards_) shard.capacity = capacity_bytes >> shard_bits;
  }

  Value Lookup(const CacheKey& key) {
    Shard& shard = ShardFor(key);
    std::lock_guard lock(shard.mutex);
    auto it = shard.index.find(key);
    if (it == shard.index.end()) {
      misses_.fetch_add(1, std::memory_order_relaxed);
      return nullptr;
    }
    shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
    hits_.fetch_add(1, std::memory_order_relaxed);
    return it->second->value;
  }

  // Inserts (or replaces) key; evicts least recently used entries over capacity.
  void Insert(const CacheKey& key, Value value, size_t charge) {
    Shard& shard = ShardFor(key);
    std::lock_guard lock(shard.mutex);
    auto it = shard.index.find(key);
    if (it != shard.index.end()) {
      shard.usage -= it->second->charge;
      shard.lru.erase(it->second);
      shard.index.erase(it);
    }
    shard.lru.push_front(Entry{key, std::move(value), charge});
    shard.index.emplace(key, shard.lru.begin());
    shard.usage += charge;
    while (shard.usage > shard.capacity && shard.lru.size() > 1) {
      Entry& victim = shard.lru.back();
      shard.usage -= victim.charge;
      shard.index.erase(victim.key);
      shard.lru.pop_back();
    }
  }

  void Erase(const CacheKey& key) {
    Shard& shard = ShardFor(key);
    std::lock_guard lock(shard.mutex);
    auto it = shard.index.find(key);
    if (it == shard.index.end()) return;
    shard.usage -= it->second->charge;
    shard.lru.erase(it->second);
    shard.index.erase(it);
  }

  // Drops every entry of a file (used when a table file is deleted).
  void EraseFile(uint64_t file_number) {
    for (auto& shard : shards_) {
      std::lock_guard lock(shard.mutex);
      for (auto it = shard.lru.begin(); it != shard.lru.end();) {
        if (it->key.file_number == file_number) {
          shard.usage -= it->charge;
          shard.index.erase(it->key);
          it = shard.lru.erase(it);
        } else {
          ++it;
        }
      }
    }
  }

  size_t Usage() {
    size_t total = 0;
    for (auto& shard : shards_) {
      std::lock_guard lock(shard.mutex);
      total += shard.usage;
    }
    return total;
  }

  uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    CacheKey key;
    Value value;
    size_t charge;
  };
  struct Shard {
    std::mutex mutex;
    std::list<Entry> lru;  // most recently used first
    std::unordered_map<CacheKey, typename std::list<Entry>::iterator, CacheKeyHash> index;
    size_t usage = 0;
    size_t capacity = 0;
  };

  Shard& ShardFor(const CacheKey& key) { return shards_[CacheKeyHash{}(key)&shard_mask_]; }

  size_t shard_mask_;
  std::vector<Shard> shards_;
  std::atomic<uint64_t> hits_{0};
  std::atomic<uint64_t> misses_{0};
};

}  // namespace strata
