// MergingIterator: the sorted union of several iterators (memtables, L0 tables, levels).
// Duplicate keys are all returned, in child order for equal keys.
#pragma once

#include "strata/iterator.h"
#include "util/comparator.h"

namespace strata {

// Takes ownership of children[0, n).
Iterator* NewMergingIterator(const Comparator* comparator, Iterator** children, int n);

}  // namespace strata
