// WireHub: client connections whose socket the native side owns after JavaScript authenticated
// them. One epoll thread reads packets and answers the ones the fast path can (prepared point
// selects, point_select.h) on its own, off the JS thread; every other packet goes to JavaScript
// in order, and JavaScript's responses come back through Send. Packets after one handed to
// JavaScript wait for it (they are handed over too) until JavaScript reports that it has
// finished them (Resume), so responses never overtake each other.
//
// Thread safety: the public methods are called from the JS thread; the callbacks run on the
// hub's thread. An internal mutex guards the connection table.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "mvcc/reader.h"
#include "strata/db.h"
#include "wire/point_select.h"

namespace strata::wire {

struct HubEvent {
  enum class Kind { kPackets, kClosed, kDrained };
  Kind kind;
  uint32_t connection;
  std::string bytes;  // kPackets: the bytes read (whole packets, unless the hub went raw)
  // kPackets: increases with each handover of a connection; Resume names the last one handled.
  uint64_t sequence = 0;
};

struct HubStats {
  uint64_t fast_queries = 0;
  uint64_t fallbacks = 0;
  uint64_t bytes_received = 0;
  uint64_t bytes_sent = 0;
  uint64_t connections = 0;
};

class WireHub {
 public:
  using EventSink = std::function<void(HubEvent)>;

  // cfs are the transaction layer's column families. events runs on the hub's thread.
  WireHub(DB* db, mvcc::ColumnFamilies cfs, EventSink events);
  ~WireHub();

  Status Start();
  // Stops the thread and closes every connection.
  void Stop();

  // Takes over socket fd (the hub closes it) for connection id, with bytes JavaScript read past
  // the last packet it handled. status: server status flags; deprecate_eof: the client's choice.
  Status Adopt(uint32_t id, int fd, std::string pending, uint16_t status, bool deprecate_eof);
  // Queues bytes for the client; returns the bytes still buffered (for back-pressure).
  size_t Send(uint32_t id, std::string_view bytes);
  // JavaScript is idle: it finished every packet of the handovers up to `sequence` and holds
  // `leftover` bytes it read past them; status is the session's current server status.
  void Resume(uint32_t id, uint64_t sequence, uint16_t status, bool fast_path_allowed,
              std::string leftover);
  // Closes after what is queued has been written.
  void Close(uint32_t id);
  void PauseReading(uint32_t id, bool paused);

  void RegisterStatement(uint32_t id, uint32_t statement,
                         std::shared_ptr<const PointSelectPlan> plan);
  void UnregisterStatement(uint32_t id, uint32_t statement);
  // The parameter type JavaScript bound for a registered statement.
  void SetParamType(uint32_t id, uint32_t statement, uint16_t type);
  void SetSchemaVersion(uint64_t version);

  // Milliseconds since the connection last received a byte; 0 when unknown.
  uint64_t IdleMs(uint32_t id);
  HubStats Stats();

 private:
  struct Connection;
  void Loop();
  void Wake();
  void ReadFrom(Connection* c);
  void FlushOut(Connection* c);
  void Process(Connection* c);
  void UpdateInterest(Connection* c);
  void Drop(uint32_t id, bool notify);

  DB* db_;
  mvcc::ColumnFamilies cfs_;
  EventSink events_;
  std::unique_ptr<mvcc::Reader> reader_;  // hub thread only

  std::mutex mutex_;
  std::unordered_map<uint32_t, std::unique_ptr<Connection>> connections_;
  std::atomic<uint64_t> schema_version_{0};
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  HubStats stats_;
};

}  // namespace strata::wire
