// Block: a decoded block (see block_builder.h for the layout) and its iterator. Blocks are
// immutable and shared: the block cache hands out shared_ptr<const Block>, and an iterator keeps
// its block alive.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "strata/iterator.h"
#include "util/comparator.h"

namespace strata {

class Block {
 public:
  // Takes the block's decompressed bytes. A malformed trailer yields a block whose iterators
  // report Corruption.
  explicit Block(std::string contents);

  size_t size() const { return data_.size(); }
  // Memory charged to the block cache.
  size_t charge() const { return data_.capacity() + sizeof(*this); }

  // An iterator over the block; holds block alive. comparator must outlive the iterator.
  static Iterator* NewIterator(std::shared_ptr<const Block> block, const Comparator* comparator);

 private:
  class Iter;
  std::string data_;
  uint32_t restart_offset_ = 0;  // offset of the restart array
  uint32_t num_restarts_ = 0;
  bool malformed_ = false;
};

}  // namespace strata
