// Iterator: a cursor over sorted key/value pairs. Used for memtables, blocks, tables, levels,
// merged views and the user-facing DB iterator alike.
//
// Thread safety: one thread at a time. key() and value() stay valid until the iterator moves.
#pragma once

#include <functional>
#include <string_view>

#include "strata/status.h"

namespace strata {

class Iterator {
 public:
  Iterator() = default;
  Iterator(const Iterator&) = delete;
  Iterator& operator=(const Iterator&) = delete;
  virtual ~Iterator();

  virtual bool Valid() const = 0;
  virtual void SeekToFirst() = 0;
  virtual void SeekToLast() = 0;
  // Positions at the first entry with key >= target.
  virtual void Seek(std::string_view target) = 0;
  // Positions at the last entry with key <= target.
  virtual void SeekForPrev(std::string_view target) = 0;
  // Seek(target) for a target after the current key of an iterator that is moving forward
  // (since its last Seek and Next calls, in the same read): an iterator over several sources
  // may leave the sources already at or past target where they are. Anything else is Seek.
  virtual void SeekForward(std::string_view target) { Seek(target); }
  // REQUIRES: Valid()
  virtual void Next() = 0;
  // REQUIRES: Valid()
  virtual void Prev() = 0;
  // REQUIRES: Valid()
  virtual std::string_view key() const = 0;
  // REQUIRES: Valid()
  virtual std::string_view value() const = 0;
  // Not OK when the iterator stopped on an error (corruption, I/O, or Incomplete for reads
  // restricted to memory); Valid() is then false.
  virtual Status status() const = 0;

  // Runs fn when the iterator is destroyed (used to release what it pins).
  void RegisterCleanup(std::function<void()> fn);

 private:
  std::function<void()> cleanup_;
};

// An iterator over nothing that reports status s.
Iterator* NewEmptyIterator();
Iterator* NewErrorIterator(const Status& status);

}  // namespace strata
