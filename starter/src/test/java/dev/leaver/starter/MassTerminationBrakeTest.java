package dev.leaver.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MassTerminationBrakeTest {
  private Instant now = Instant.parse("2026-11-29T12:00:00Z");
  private final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
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
    MassTerminationBrake brake = new MassTerminationBrake(3, Duration.ofHours(1), clock, since -> 3);

    assertThat(brake.admit()).as("three already started elsewhere").isTrue();
  }

  @Test
  void withoutAnAnswerFromTheVisibilityStoreOnlyThisProcessCounts() {
    MassTerminationBrake brake = new MassTerminationBrake(2, Duration.ofHours(1), clock, since -> -1);

    assertThat(brake.admit()).isFalse();
    assertThat(brake.admit()).isFalse();
    assertThat(brake.admit()).isTrue();
  }

  @Test
  void aBurstAsksTheVisibilityStoreOncePerSecondAndStillCountsItsOwnStarts() {
    AtomicInteger asked = new AtomicInteger();
    MassTerminationBrake brake = new MassTerminationBrake(5, Duration.ofHours(1), clock, since -> {
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
  void theBrakeThatIsOffNeverHolds() {
    MassTerminationBrake brake = MassTerminationBrake.off();
    for (int i = 0; i < 10_000; i++) {
      assertThat(brake.admit()).isFalse();
    }
  }
}
