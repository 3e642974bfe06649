package dev.leaver.starter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-11-20T09:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MovingClock clock = new MovingClock();

  @Test
  void anIdIsSeenOnlyAfterItWasRemembered() {
    ReplayGuard guard = new ReplayGuard(Duration.ofHours(1), 10, clock);

    assertThat(guard.seen("gusto:a")).isFalse();
    guard.remember("gusto:a");
    assertThat(guard.seen("gusto:a")).isTrue();
    assertThat(guard.seen("gusto:b")).isFalse();
  }

  @Test
  void anIdIsForgottenOnceItsTimeToLiveHasPassed() {
    ReplayGuard guard = new ReplayGuard(Duration.ofHours(1), 10, clock);
    guard.remember("a");

    clock.now = clock.now.plus(Duration.ofMinutes(59));
    assertThat(guard.seen("a")).isTrue();
    clock.now = clock.now.plus(Duration.ofMinutes(1));
    assertThat(guard.seen("a")).isFalse();
    assertThat(guard.size()).isZero();
  }

  @Test
  void beyondTheCapacityTheOldestIdsAreForgottenFirst() {
    ReplayGuard guard = new ReplayGuard(Duration.ofHours(1), 3, clock);
    for (String id : new String[] {"a", "b", "c", "d"}) {
      guard.remember(id);
    }

    assertThat(guard.size()).isEqualTo(3);
    assertThat(guard.seen("a")).isFalse();
    assertThat(guard.seen("d")).isTrue();
  }
}
