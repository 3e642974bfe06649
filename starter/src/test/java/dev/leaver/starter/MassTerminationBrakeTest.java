package dev.leaver.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MassTerminationBrakeTest {
  private Instant now = Instant.parse("2026-11-29T12:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void startsBeyondTheThresholdWithinTheWindowAreHeldAndTheWindowSlides() {
    MassTerminationBrake brake = new MassTerminationBrake(2, Duration.ofHours(1), clock, null);

    assertThat(brake.admit()).isFalse();
    assertThat(brake.admit()).isFalse();
    assertThat(brake.admit()).as("third within the hour").isTrue();

    now = now.plus(Duration.ofMinutes(61));
    assertThat(brake.admit()).as("the first three have left the window").isFalse();
  }

  @Test
  void aStartThatDidNotHappenIsNotCounted() {
    MassTerminationBrake brake = new MassTerminationBrake(1, Duration.ofHours(1), clock, null);

    assertThat(brake.admit()).isFalse();
    brake.forget();

    assertThat(brake.admit()).isFalse();
  }

  @Test
  void startsOtherProcessesMadeCountThroughTheVisibilityStore() {
    MassTerminationBrake brake =
        new MassTerminationBrake(3, Duration.ofHours(1), clock, since -> 3);

    assertThat(brake.admit()).as("three already started elsewhere").isTrue();
  }

  @Test
  void withoutAnAnswerFromTheVisibilityStoreOnlyThisProcessCounts() {
    MassTerminationBrake brake =
        new MassTerminationBrake(2, Duration.ofHours(1), clock, since -> -1);

    assertThat(brake.admit()).isFalse();
    assertThat(brake.admit()).isFalse();
    assertThat(brake.admit()).isTrue();
  }

  @Test
  void aBurstAsksTheVisibilityStoreOncePerSecondAndStillCountsItsOwnStarts() {
    AtomicInteger asked = new AtomicInteger();
    MassTerminationBrake brake =
        new MassTerminationBrake(
            5,
            Duration.ofHours(1),
            clock,
            since -> {
              asked.incrementAndGet();
              return 2;
            });

    assertThat(brake.admit()).isFalse(); // 2 elsewhere + 0 here
    assertThat(brake.admit()).isFalse(); // 2 + 1
    assertThat(brake.admit()).isFalse(); // 2 + 2
    assertThat(brake.admit()).as("2 elsewhere + 3 here = 5").isTrue();
    assertThat(asked).hasValue(1);

    now = now.plusSeconds(2);
    brake.admit();
    assertThat(asked).hasValue(2);
  }

  @Test
  void aSlowCountHoldsUpNoOtherDeliveryOnceTheStoreHasAnsweredOnce() throws Exception {
    CountDownLatch asking = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    AtomicInteger asked = new AtomicInteger();
    MassTerminationBrake brake =
        new MassTerminationBrake(
            4,
            Duration.ofHours(1),
            clock,
            since -> {
              if (asked.incrementAndGet() == 1) {
                return 2;
              }
              asking.countDown();
              await(answer); // the store is slow to count
              return 2;
            });
    assertThat(brake.admit()).isFalse(); // 2 elsewhere + 0 here
    now = now.plusSeconds(2);

    CompletableFuture<Boolean> counting = CompletableFuture.supplyAsync(brake::admit);
    assertThat(asking.await(10, TimeUnit.SECONDS)).isTrue();
    // Meanwhile: the last count (2) plus this process's starts since it was asked (1, then 2).
    assertThat(CompletableFuture.supplyAsync(brake::admit).get(5, TimeUnit.SECONDS))
        .as("answered while the count is in flight: 2 + 1 < 4")
        .isFalse();
    assertThat(CompletableFuture.supplyAsync(brake::admit).get(5, TimeUnit.SECONDS))
        .as("2 elsewhere + 2 here = 4: held, without waiting for the new count")
        .isTrue();
    answer.countDown();
    counting.get(5, TimeUnit.SECONDS);
    assertThat(asked).hasValue(2);
  }

  @Test
  void noDeliveryGoesOnBeforeTheFirstCount() throws Exception {
    CountDownLatch asking = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    MassTerminationBrake brake =
        new MassTerminationBrake(
            3,
            Duration.ofHours(1),
            clock,
            since -> {
              asking.countDown();
              await(answer);
              return 3; // three already started elsewhere
            });

    CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(brake::admit);
    assertThat(asking.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(brake::admit);
    Thread.sleep(200);
    assertThat(second).as("waits for the store's first answer").isNotDone();
    answer.countDown();

    assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void theBrakeThatIsOffNeverHolds() {
    MassTerminationBrake brake = MassTerminationBrake.off();
    for (int i = 0; i < 10_000; i++) {
      assertThat(brake.admit()).isFalse();
    }
  }
}
