// BlockBuilder: builds a block of sorted entries with prefix-compressed keys and restart points
// (docs/format/sst.md, "Block contents"):
//   entry: varint32 shared | varint32 non_shared | varint32 value_length | key delta | value
//   trailer: fixed32 restart offsets… | fixed32 restart count
// Every restart_interval entries a key is stored whole so a reader can binary-search restarts.
//
// Thread safety: one thread at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

class BlockBuilder {
 public:
  explicit BlockBuilder(int restart_interval);

  // REQUIRES: key sorts after every key added since the last Reset; Finish not called.
  void Add(std::string_view key, std::string_view value);
  // The block's bytes; valid until Reset.
  std::string_view Finish();
  void Reset();

  // Size the block would have if finished now.
  size_t CurrentSizeEstimate() const;
  bool empty() const { return buffer_.empty(); }
  std::string_view last_key() const { return last_key_; }

 private:
  int restart_interval_;
  std::string buffer_;
  std::vector<uint32_t> restarts_;
  int counter_ = 0;  // entries since the last restart
  bool finished_ = false;
  std::string last_key_;
};

}  // namespace strata
