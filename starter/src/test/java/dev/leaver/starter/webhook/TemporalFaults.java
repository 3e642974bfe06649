package dev.leaver.starter.webhook;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gRPC interceptor on the intake's Temporal client stubs that fails the next calls of a
 * WorkflowService method with a status, as a Temporal outage or a failed workflow task would: the
 * call never reaches the server. Or, with {@link #loseAnswers}, the call reaches the server and is
 * applied there, and only its answer is lost on the way back (a connection dropped after the server
 * committed).
 */
final class TemporalFaults implements ClientInterceptor {
  /** {@code lost}: forwarded, then the answer replaced by {@code status}. */
  private record Fault(Status status, Object answer, AtomicInteger left, boolean lost) {}

  /** A call held before it reaches the server, until released (to force an interleaving). */
  static final class Hold {
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** Waits until the held call has been made. */
    void awaitReached() throws InterruptedException {
      if (!reached.await(20, TimeUnit.SECONDS)) {
        throw new AssertionError("the held call was never made");
      }
    }

    /** Lets the held call go on to the server. */
    void release() {
      released.countDown();
    }
  }

  private final Map<String, Hold> holds = new ConcurrentHashMap<>();

  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final AtomicInteger injected = new AtomicInteger();

  /** The next {@code times} calls of {@code method} (e.g. {@code StartWorkflowExecution}) fail. */
  void fail(String method, Status status, int times) {
    faults.put(method, new Fault(status, null, new AtomicInteger(times), false));
  }

  /**
   * The next {@code times} calls of {@code method} reach the server and are applied; their answer
   * (whatever it was) is lost and the caller sees UNAVAILABLE, which the Temporal client retries.
   */
  void loseAnswers(String method, int times) {
    faults.put(
        method,
        new Fault(
            Status.UNAVAILABLE.withDescription("injected: the answer was lost"),
            null,
            new AtomicInteger(times),
            true));
  }

  /**
   * The next {@code times} calls of {@code method} are answered with {@code response} instead of
   * reaching the server (e.g. an update the server reports aborted).
   */
  void answer(String method, Object response, int times) {
    faults.put(method, new Fault(Status.OK, response, new AtomicInteger(times), false));
  }

  /** Holds the next call of {@code method} before it reaches the server, until released. */
  Hold hold(String method) {
    Hold h = new Hold();
    holds.put(method, h);
    return h;
  }

  /** How many calls were failed so far. */
  int injected() {
    return injected.get();
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    Hold hold = holds.remove(method.getBareMethodName());
    if (hold != null) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<RespT> listener, Metadata headers) {
          hold.reached.countDown();
          try {
            hold.released.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          super.start(listener, headers);
        }
      };
    }
    Fault fault = faults.get(method.getBareMethodName());
    if (fault == null || fault.left().getAndDecrement() <= 0) {
      return next.newCall(method, options);
    }
    injected.incrementAndGet();
    if (fault.lost()) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<RespT> listener, Metadata headers) {
          super.start(
              new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onMessage(RespT message) {} // the answer never arrives

                @Override
                public void onClose(Status status, Metadata trailers) {
                  super.onClose(fault.status(), new Metadata());
                }
              },
              headers);
        }
      };
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      @SuppressWarnings("unchecked")
      public void start(Listener<RespT> listener, Metadata headers) {
        if (fault.answer() != null) {
          listener.onHeaders(new Metadata());
          listener.onMessage((RespT) fault.answer());
        }
        listener.onClose(fault.status(), new Metadata());
      }

      @Override
      public void request(int n) {}

      @Override
      public void sendMessage(ReqT message) {}

      @Override
      public void halfClose() {}

      @Override
      public void cancel(String message, Throwable cause) {}
    };
  }
}
