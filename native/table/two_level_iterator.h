// TwoLevelIterator: walks an index iterator whose values name blocks (or files), opening an inner
// iterator for each through a function. Used for an SST (index → data blocks) and for a level
// (file list → tables).
#pragma once

#include <functional>
#include <string_view>

#include "strata/iterator.h"

namespace strata {

// Opens the inner iterator for one index value; may return an error iterator.
using BlockFunction = std::function<Iterator*(std::string_view index_value)>;

// Takes ownership of index_iter.
Iterator* NewTwoLevelIterator(Iterator* index_iter, BlockFunction block_function);

}  // namespace strata
