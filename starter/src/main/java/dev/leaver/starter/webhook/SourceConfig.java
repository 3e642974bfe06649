package dev.leaver.starter.webhook;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What one HRIS endpoint needs to check and normalise its deliveries.
 *
 * @param secret the signing secret, already resolved by the caller: BambooHR's webhook private key,
 *     Gusto's subscription verification token, HiBob's webhook secret, or a Standard Webhooks
 *     {@code whsec_<base64>} secret
 * @param defaultZone the HRIS's time zone for effective dates, used when neither the payload nor
 *     the employee record names one
 * @param tolerance how far a signed timestamp may lie from our clock, in either direction, for the
 *     sources that sign one (BambooHR, Standard Webhooks); default 5 minutes
 */
public record SourceConfig(String secret, ZoneId defaultZone, Duration tolerance) {

  /** The timestamp tolerance when none is given: what the Standard Webhooks spec recommends. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  public SourceConfig {
    Objects.requireNonNull(secret, "secret == null");
    Objects.requireNonNull(defaultZone, "defaultZone == null");
    if (secret.isBlank()) {
      throw new IllegalArgumentException("secret is blank");
    }
    tolerance = tolerance == null ? DEFAULT_TOLERANCE : tolerance;
    if (tolerance.isNegative() || tolerance.isZero()) {
      throw new IllegalArgumentException("tolerance must be positive: " + tolerance);
    }
  }

  /** A config with the default 5-minute tolerance. */
  public static SourceConfig of(String secret, ZoneId defaultZone) {
    return new SourceConfig(secret, defaultZone, DEFAULT_TOLERANCE);
  }

  /** Keeps the secret out of logs and exception messages. */
  @Override
  public String toString() {
    return "SourceConfig[secret=***, defaultZone=" + defaultZone + ", tolerance=" + tolerance + "]";
  }
}
