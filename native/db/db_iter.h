// DBIter: turns an iterator over internal keys (memtables and tables merged) into the user's
// view at one sequence number: the newest visible version of each key, deletions hidden, within
// optional [lower, upper) bounds.
#pragma once

#include <cstdint>
#include <string>

#include "strata/iterator.h"

namespace strata {

// Takes ownership of internal_iter. Empty bounds mean unbounded.
Iterator* NewDBIterator(Iterator* internal_iter, uint64_t sequence, std::string lower_bound,
                        std::string upper_bound);

// Re-targets an iterator made by NewDBIterator: later positioning reads at sequence, within
// the new upper bound (empty: unbounded). The internal iterator must still cover the data.
void ResetDBIterator(Iterator* db_iter, uint64_t sequence, std::string_view upper_bound);

}  // namespace strata
