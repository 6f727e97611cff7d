#include "table/two_level_iterator.h"

#include <memory>
#include <string>

namespace strata {
namespace {

class TwoLevelIterator final : public Iterator {
 public:
  TwoLevelIterator(Iterator* index_iter, BlockFunction block_function)
      : block_function_(std::move(block_function)), index_iter_(index_iter) {}

  void Seek(std::string_view target) override {
    ClearError();
    index_iter_->Seek(target);
    InitDataBlock();
    if (data_iter_) data_iter_->Seek(target);
    SkipEmptyDataBlocksForward();
  }

  void SeekForPrev(std::string_view target) override {
    // The index key of a block is >= every key in it, so the first block whose index key is
    // >= target holds target's predecessor or starts after it.
    ClearError();
    index_iter_->Seek(target);
    if (!index_iter_->Valid()) {
      if (!index_iter_->status().ok()) {
        SetDataIterator(nullptr);
        return;
      }
      index_iter_->SeekToLast();
    }
    InitDataBlock();
    if (data_iter_) data_iter_->SeekForPrev(target);
    SkipEmptyDataBlocksBackward();
  }

  void SeekToFirst() override {
    ClearError();
    index_iter_->SeekToFirst();
    InitDataBlock();
    if (data_iter_) data_iter_->SeekToFirst();
    SkipEmptyDataBlocksForward();
  }

  void SeekToLast() override {
    ClearError();
    index_iter_->SeekToLast();
    InitDataBlock();
    if (data_iter_) data_iter_->SeekToLast();
    SkipEmptyDataBlocksBackward();
  }

  void Next() override {
    data_iter_->Next();
    SkipEmptyDataBlocksForward();
  }

  void Prev() override {
    data_iter_->Prev();
    SkipEmptyDataBlocksBackward();
  }

  bool Valid() const override { return data_iter_ && data_iter_->Valid(); }
  std::string_view key() const override { return data_iter_->key(); }
  std::string_view value() const override { return data_iter_->value(); }

  Status status() const override {
    if (!index_iter_->status().ok()) return index_iter_->status();
    if (data_iter_ && !data_iter_->status().ok()) return data_iter_->status();
    return status_;
  }

 private:
  // Positioning starts afresh: an earlier error (such as Incomplete for a read restricted to
  // memory) must not stick to a retry.
  void ClearError() {
    status_ = Status::OK();
    if (data_iter_ && !data_iter_->status().ok()) data_iter_.reset();
  }

  void SaveError(const Status& s) {
    if (status_.ok() && !s.ok()) status_ = s;
  }

  void SkipEmptyDataBlocksForward() {
    while (!data_iter_ || !data_iter_->Valid()) {
      if (data_iter_ && !data_iter_->status().ok()) return;  // stop on errors
      if (!index_iter_->Valid()) {
        SetDataIterator(nullptr);
        return;
      }
      index_iter_->Next();
      InitDataBlock();
      if (data_iter_) data_iter_->SeekToFirst();
    }
  }

  void SkipEmptyDataBlocksBackward() {
    while (!data_iter_ || !data_iter_->Valid()) {
      if (data_iter_ && !data_iter_->status().ok()) return;
      if (!index_iter_->Valid()) {
        SetDataIterator(nullptr);
        return;
      }
      index_iter_->Prev();
      InitDataBlock();
      if (data_iter_) data_iter_->SeekToLast();
    }
  }

  void SetDataIterator(Iterator* data_iter) {
    if (data_iter_) SaveError(data_iter_->status());
    data_iter_.reset(data_iter);
  }

  void InitDataBlock() {
    if (!index_iter_->Valid()) {
      SetDataIterator(nullptr);
      return;
    }
    std::string_view handle = index_iter_->value();
    if (data_iter_ && handle == data_block_handle_) return;  // already open (and healthy)
    Iterator* iter = block_function_(handle);
    data_block_handle_.assign(handle.data(), handle.size());
    SetDataIterator(iter);
  }

  BlockFunction block_function_;
  std::unique_ptr<Iterator> index_iter_;
  std::unique_ptr<Iterator> data_iter_;
  Status status_;
  std::string data_block_handle_;
};

}  // namespace

Iterator* NewTwoLevelIterator(Iterator* index_iter, BlockFunction block_function) {
  return new TwoLevelIterator(index_iter, std::move(block_function));
}

}  // namespace strata
