// Comparator: a total order over keys. The engine orders user keys bytewise; internal keys
// (db/dbformat.h) add the sequence number and type.
#pragma once

#include <string_view>

namespace strata {

class Comparator {
 public:
  virtual ~Comparator() = default;
  // <0, 0, >0 as a is before, equal to, after b.
  virtual int Compare(std::string_view a, std::string_view b) const = 0;
  virtual const char* Name() const = 0;
};

// Lexicographic unsigned byte order.
const Comparator* BytewiseComparator();

}  // namespace strata
