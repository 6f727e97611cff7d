#include "wire/wire_hub.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fcntl.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "util/coding.h"
#include "wire/protocol.h"

namespace strata::wire {

namespace {

constexpr uint64_t kWakeToken = ~uint64_t{0};
constexpr int kMaxEvents = 64;
constexpr int kEpollTimeoutMs = 1000;
constexpr size_t kReadChunkBytes = 64 << 10;
// Output beyond this stops reading the client until it drains (a slow reader must not make the
// server buffer without bound); JavaScript sees it through Send's return value.
constexpr size_t kOutputHighWaterBytes = 1 << 20;
// A packet sequence still incomplete at this size is handed to JavaScript as raw bytes: its
// parser enforces max_allowed_packet and answers as the protocol requires.
constexpr size_t kMaxPendingBytes = (16 << 20) + 64;

uint64_t NowMs() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

uint32_t PacketLength(const std::string& buf, size_t at) {
  return static_cast<uint8_t>(buf[at]) | (static_cast<uint8_t>(buf[at + 1]) << 8) |
         (static_cast<uint8_t>(buf[at + 2]) << 16);
}

}  // namespace

struct WireHub::Connection {
  struct Statement {
    std::shared_ptr<const PointSelectPlan> plan;
    uint16_t param_type = 0;
  };

  uint32_t id = 0;
  int fd = -1;
  std::string in;
  std::string out;
  uint64_t handovers = 0;  // sequence of the latest handover to JavaScript
  uint64_t handled = 0;    // the latest handover JavaScript reported idle after
  uint16_t status = 0;
  bool deprecate_eof = false;
  bool fast_path_allowed = true;
  bool raw = false;  // handing raw bytes to JavaScript until it resumes
  bool paused = false;
  bool closing = false;
  bool drain_wanted = false;
  uint32_t interest = 0;
  uint64_t last_activity_ms = 0;
  std::unordered_map<uint32_t, Statement> statements;

  bool busy_in_js() const { return handled < handovers; }
};

WireHub::WireHub(DB* db, mvcc::ColumnFamilies cfs, EventSink events)
    : db_(db), cfs_(cfs), events_(std::move(events)) {}

WireHub::~WireHub() { Stop(); }

Status WireHub::Start() {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) return Status::IOError("epoll_create1", std::strerror(errno));
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) return Status::IOError("eventfd", std::strerror(errno));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kWakeToken;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  reader_ = std::make_unique<mvcc::Reader>(db_, cfs_, true);
  thread_ = std::thread([this] { Loop(); });
  return Status::OK();
}

void WireHub::Stop() {
  if (stopping_.exchange(true)) return;
  if (thread_.joinable()) {
    Wake();
    thread_.join();
  }
  std::lock_guard lock(mutex_);
  for (auto& [id, c] : connections_) ::close(c->fd);
  connections_.clear();
  reader_.reset();
  if (wake_fd_ >= 0) ::close(wake_fd_);
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  wake_fd_ = epoll_fd_ = -1;
}

void WireHub::Wake() {
  uint64_t one = 1;
  ssize_t ignored = ::write(wake_fd_, &one, sizeof(one));
  (void)ignored;
}

Status WireHub::Adopt(uint32_t id, int fd, std::string pending, uint16_t status,
                      bool deprecate_eof) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
    return Status::IOError("fcntl", std::strerror(errno));
  }
  auto c = std::make_unique<Connection>();
  c->id = id;
  c->fd = fd;
  c->in = std::move(pending);
  c->status = status;
  c->deprecate_eof = deprecate_eof;
  c->last_activity_ms = NowMs();
  c->interest = EPOLLIN;
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = id;
  std::lock_guard lock(mutex_);
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) < 0) {
    return Status::IOError("epoll_ctl", std::strerror(errno));
  }
  connections_[id] = std::move(c);
  stats_.connections++;
  Wake();  // the pending bytes may hold whole packets
  return Status::OK();
}

size_t WireHub::Send(uint32_t id, std::string_view bytes) {
  std::lock_guard lock(mutex_);
  auto it = connections_.find(id);
  if (it == connections_.end()) return 0;
  Connection* c = it->second.get();
  c->out.append(bytes);
  FlushOut(c);
  if (c->out.size() > kOutputHighWaterBytes) c->drain_wanted = true;
  return c->out.size();
}

void WireHub::Resume(uint32_t id, uint64_t sequence, uint16_t status, bool fast_path_allowed,
                     std::string leftover) {
  std::lock_guard lock(mutex_);
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection* c = it->second.get();
  c->status = status;
  c->fast_path_allowed = fast_path_allowed;
  // A resume for an older handover is stale: JavaScript has more on its way and will resume
  // again after it.
  if (sequence != c->handovers) return;
  c->handled = sequence;
  c->raw = false;
  // Bytes JavaScript read past its last packet come back in front of what arrived since.
  if (!leftover.empty()) c->in.insert(0, leftover);
  Wake();
}

void WireHub::Close(uint32_t id) {
  std::lock_guard lock(mutex_);
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection* c = it->second.get();
  c->closing = true;
  if (c->out.empty()) {
    Drop(id, false);
  } else {
    UpdateInterest(c);
  }
}

void WireHub::PauseReading(uint32_t id, bool paused) {
  std::lock_guard lock(mutex_);
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  it->second->paused = paused;
  UpdateInterest(it->second.get());
}

void WireHub::RegisterStatement(uint32_t id, uint32_t statement,
                                std::shared_ptr<const PointSelectPlan> plan) {
  std::lock_guard lock(mutex_);
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  auto& entry = it->second->statements[statement];
  entry.plan = std::move(plan);
}

void WireHub::UnregisterStatement(uint32_t id, uint32_t statement) {
  std::lock_guard lock(mutex_);
  auto it = connections_.find(id);
  if (it != connections_.end()) it->second->statements.erase(statement);
}

void WireHub::SetParamType(uint32_t id, uint32_t statement, uint16_t type) {
  std::lock_guard lock(mutex_);
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  auto s = it->second->statements.find(statement);
  if (s != it->second->statements.end()) s->second.param_type = type;
}

void WireHub::SetSchemaVersion(uint64_t version) {
  schema_version_.store(version, std::memory_order_release);
}

uint64_t WireHub::IdleMs(uint32_t id) {
  std::lock_guard lock(mutex_);
  auto it = connections_.find(id);
  if (it == connections_.end()) return 0;
  uint64_t now = NowMs();
  return now > it->second->last_activity_ms ? now - it->second->last_activity_ms : 0;
}

HubStats WireHub::Stats() {
  std::lock_guard lock(mutex_);
  return stats_;
}

void WireHub::UpdateInterest(Connection* c) {
  uint32_t want = 0;
  if (!c->paused && !c->closing && c->out.size() <= kOutputHighWaterBytes) want |= EPOLLIN;
  if (!c->out.empty()) want |= EPOLLOUT;
  if (want == c->interest) return;
  epoll_event ev{};
  ev.events = want;
  ev.data.u64 = c->id;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c->fd, &ev);
  c->interest = want;
}

void WireHub::Drop(uint32_t id, bool notify) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection* c = it->second.get();
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c->fd, nullptr);
  ::shutdown(c->fd, SHUT_RDWR);
  ::close(c->fd);
  connections_.erase(it);
  if (notify) events_(HubEvent{HubEvent::Kind::kClosed, id, {}});
}

void WireHub::FlushOut(Connection* c) {
  while (!c->out.empty()) {
    ssize_t n = ::send(c->fd, c->out.data(), c->out.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      c->out.clear();  // the peer is gone; reading will see it and report the close
      break;
    }
    stats_.bytes_sent += static_cast<uint64_t>(n);
    c->out.erase(0, static_cast<size_t>(n));
  }
  if (c->out.empty() && c->closing) {
    Drop(c->id, false);
    return;
  }
  if (c->drain_wanted && c->out.size() <= kOutputHighWaterBytes) {
    c->drain_wanted = false;
    events_(HubEvent{HubEvent::Kind::kDrained, c->id, {}});
  }
  UpdateInterest(c);
}

void WireHub::ReadFrom(Connection* c) {
  char buf[kReadChunkBytes];
  while (true) {
    ssize_t n = ::recv(c->fd, buf, sizeof(buf), 0);
    if (n > 0) {
      c->in.append(buf, static_cast<size_t>(n));
      stats_.bytes_received += static_cast<uint64_t>(n);
      c->last_activity_ms = NowMs();
      if (static_cast<size_t>(n) < sizeof(buf)) return;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    // End of stream or a socket error: the client is gone.
    Drop(c->id, true);
    return;
  }
}

void WireHub::Process(Connection* c) {
  std::string forward;
  uint64_t schema_version = schema_version_.load(std::memory_order_acquire);
  while (!c->closing) {
    if (c->raw) {
      forward.append(c->in);
      c->in.clear();
      break;
    }
    // Find one complete packet sequence (payloads of 0xFFFFFF bytes continue in the next one).
    size_t end = 0;
    bool complete = false;
    bool single = true;
    while (c->in.size() >= end + kPacketHeaderBytes) {
      uint32_t length = PacketLength(c->in, end);
      if (c->in.size() < end + kPacketHeaderBytes + length) break;
      end += kPacketHeaderBytes + length;
      if (length < kMaxPacketPayload) {
        complete = true;
        break;
      }
      single = false;
    }
    if (!complete) {
      if (c->in.size() > kMaxPendingBytes) {
        c->raw = true;
        continue;
      }
      break;
    }
    std::string_view payload(c->in.data() + kPacketHeaderBytes, end - kPacketHeaderBytes);
    // Once a packet goes to JavaScript in this pass, everything after it goes too.
    bool fast = forward.empty() && single && !c->busy_in_js() && c->fast_path_allowed &&
                (c->status & kStatusInTrans) == 0 && (c->status & kStatusAutocommit) != 0 &&
                c->in[3] == 0 && payload.size() >= 5 &&
                static_cast<uint8_t>(payload[0]) == kComStmtExecute;
    if (fast) {
      auto s = c->statements.find(DecodeFixed32(payload.data() + 1));
      fast = s != c->statements.end() && s->second.plan->schema_version == schema_version;
      if (fast) {
        Status error;
        FastOutcome outcome =
            ExecutePointSelect(reader_.get(), *s->second.plan, payload, &s->second.param_type,
                               c->status, c->deprecate_eof, &c->out, &error);
        if (outcome == FastOutcome::kAnswered) {
          stats_.fast_queries++;
          c->in.erase(0, end);
          continue;
        }
        stats_.fallbacks++;
      }
    }
    forward.append(c->in, 0, end);
    c->in.erase(0, end);
  }
  if (!forward.empty()) {
    c->handovers++;
    events_(HubEvent{HubEvent::Kind::kPackets, c->id, std::move(forward), c->handovers});
  }
  FlushOut(c);
}

void WireHub::Loop() {
  epoll_event events[kMaxEvents];
  while (!stopping_.load()) {
    int n = ::epoll_wait(epoll_fd_, events, kMaxEvents, kEpollTimeoutMs);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    std::lock_guard lock(mutex_);
    for (int i = 0; i < n; i++) {
      uint64_t token = events[i].data.u64;
      if (token == kWakeToken) {
        uint64_t count;
        ssize_t ignored = ::read(wake_fd_, &count, sizeof(count));
        (void)ignored;
        // Resumed or newly adopted connections may hold whole packets already.
        std::vector<uint32_t> ids;
        ids.reserve(connections_.size());
        for (auto& [id, c] : connections_) {
          if (!c->in.empty()) ids.push_back(id);
        }
        for (uint32_t id : ids) {
          auto it = connections_.find(id);
          if (it != connections_.end()) Process(it->second.get());
        }
        continue;
      }
      auto it = connections_.find(static_cast<uint32_t>(token));
      if (it == connections_.end()) continue;
      Connection* c = it->second.get();
      uint32_t id = c->id;
      if (events[i].events & EPOLLOUT) FlushOut(c);
      if (connections_.find(id) == connections_.end()) continue;
      if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
        ReadFrom(c);
        auto again = connections_.find(id);
        if (again != connections_.end()) Process(again->second.get());
      }
    }
  }
}

}  // namespace strata::wire
