#include "strata/iterator.h"

namespace strata {

Iterator::~Iterator() {
  if (cleanup_) cleanup_();
}

void Iterator::RegisterCleanup(std::function<void()> fn) {
  if (!cleanup_) {
    cleanup_ = std::move(fn);
    return;
  }
  auto previous = std::move(cleanup_);
  cleanup_ = [previous = std::move(previous), fn = std::move(fn)] {
    fn();
    previous();
  };
}

namespace {

class EmptyIterator final : public Iterator {
 public:
  explicit EmptyIterator(Status s) : status_(std::move(s)) {}
  bool Valid() const override { return false; }
  void Seek(std::string_view) override {}
  void SeekForPrev(std::string_view) override {}
  void SeekToFirst() override {}
  void SeekToLast() override {}
  void Next() override {}
  void Prev() override {}
  std::string_view key() const override { return {}; }
  std::string_view value() const override { return {}; }
  Status status() const override { return status_; }

 private:
  Status status_;
};

}  // namespace

Iterator* NewEmptyIterator() { return new EmptyIterator(Status::OK()); }
Iterator* NewErrorIterator(const Status& status) { return new EmptyIterator(status); }

}  // namespace strata
