#pragma once
// The kernel: the clock, the pending-event set and the loop (SimPy's core, in C++). It names no
// domain concept: handlers register for event kinds and get the events scheduled with them, one
// indirect call per event; one time-ordered source (e.g. arrivals, which keep their own pending
// event outside the heap) is merged into the heap's order by (time, priority, sequence number),
// so it runs exactly where a heap event scheduled at the same moment would have run.
#include <cstdint>
#include <new>
#include <string>
#include <vector>

#include "govsim/core/event_queue.hpp"
#include "govsim/error.hpp"

namespace govsim::core {

class Simulator {
 public:
  using Handler = void (*)(void* target, const Event& event);

  /// Registers `handler` (called with `target`) and returns the event kind to schedule it with.
  std::uint32_t add_handler(Handler handler, void* target) {
    handlers_.push_back({handler, target});
    return static_cast<std::uint32_t>(handlers_.size() - 1);
  }
  /// Registers member function M of `target`: add_handler<&Pools::on_done>(this).
  template <auto M, class T>
  std::uint32_t add_handler(T* target) {
    return add_handler([](void* t, const Event& e) { (static_cast<T*>(t)->*M)(e); }, target);
  }

  double now() const { return now_; }
  /// The clock itself, for read-only views that outlive a call (a policy's Context).
  const double* clock() const { return &now_; }
  std::uint64_t events() const { return events_; }
  std::size_t peak_pending() const { return queue_.peak_size(); }

  void schedule(double time, Priority priority, std::uint32_t kind, std::uint32_t a = 0, std::uint32_t b = 0) {
    queue_.schedule(time, priority, kind, a, b);
  }
  EventId schedule_cancellable(double time, Priority priority, std::uint32_t kind, std::uint32_t a = 0,
                               std::uint32_t b = 0) {
    return queue_.schedule_cancellable(time, priority, kind, a, b);
  }
  bool cancel(EventId id) { return queue_.cancel(id); }
  /// The ordering key of an event of `priority` scheduled now, for a source's pending event
  /// (consumes a sequence number, as scheduling would).
  std::uint64_t stamp(Priority priority) { return queue_.reserve_key(priority); }

  /// What the loop asks of its owner. `Source` has `bool pending(double& time, uint64_t& key)`
  /// (its next event, keyed by stamp()) and `void fire()`; the hooks have `void poll()` (every
  /// 4096 events), `std::string where()` (the context put before an error's message) and
  /// `[[noreturn]] void out_of_memory()`.
  ///
  /// Runs events in order until none is left or the next is after `horizon`. An exception from a
  /// handler stops the run: a ConfigError or Interrupted passes through unchanged, std::bad_alloc
  /// goes to hooks.out_of_memory(), anything else becomes a ModelError with hooks.where() before it.
  template <class Source, class Hooks>
  void run(double horizon, Source& source, Hooks& hooks);

 private:
  struct Entry {
    Handler handler;
    void* target;
  };
  template <class Source, class Hooks>
  void loop(double horizon, Source& source, Hooks& hooks);

  EventQueue queue_;
  std::vector<Entry> handlers_;
  double now_ = 0;
  std::uint64_t events_ = 0;
};

template <class Source, class Hooks>
[[gnu::always_inline]] inline void Simulator::loop(double horizon, Source& source, Hooks& hooks) {
  for (;;) {
    double top_time, source_time;
    std::uint64_t top_key, source_key;
    const bool have_top = queue_.peek(top_time, top_key);
    if (source.pending(source_time, source_key) &&
        (!have_top || source_time < top_time || (source_time == top_time && source_key < top_key))) {
      now_ = source_time;
      ++events_;
      source.fire();
    } else {
      if (!have_top) return;
      const Event ev = queue_.pop();
      if (ev.time > horizon) return;
      now_ = ev.time;
      ++events_;
      const Entry& h = handlers_[ev.kind];
      h.handler(h.target, ev);
    }
    if ((events_ & 0xFFF) == 0) hooks.poll();
  }
}

template <class Source, class Hooks>
void Simulator::run(double horizon, Source& source, Hooks& hooks) {
  try {
    loop(horizon, source, hooks);
  } catch (const ConfigError&) {
    throw;  // the run's size or set-up: not a failure of the model at this moment
  } catch (const Interrupted&) {
    throw;
  } catch (const std::bad_alloc&) {
    hooks.out_of_memory();
  } catch (const std::exception& e) {
    throw ModelError(hooks.where() + e.what());
  } catch (...) {  // e.g. a plugin's `throw 42`: stopped here, never let through to abort the process
    throw ModelError(hooks.where() + "an exception that is not a std::exception was thrown (by a plugin?)");
  }
}

}  // namespace govsim::core
