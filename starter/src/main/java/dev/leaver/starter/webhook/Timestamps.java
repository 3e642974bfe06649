package dev.leaver.starter.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/**
 * Vendors write times differently: unix seconds (Gusto, Standard Webhooks), ISO-8601 with a {@code
 * +0000} offset (BambooHR's payload), ISO-8601 without any offset (HiBob). One lenient reader for
 * all of them.
 */
final class Timestamps {
  // 2026-01-31T18:42:00+0000, as in BambooHR's event-based payloads
  private static final DateTimeFormatter COMPACT_OFFSET =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .appendPattern("xx")
          .toFormatter();

  private Timestamps() {}

  /** The instant written in {@code s}, or null when it is none of the known forms. */
  static Instant parse(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    String t = s.trim();
    if (t.chars().allMatch(Character::isDigit) && t.length() <= 13) {
      long n = Long.parseLong(t);
      // 13 digits can only be milliseconds for any date this code will see.
      return t.length() == 13 ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return OffsetDateTime.parse(t, COMPACT_OFFSET).toInstant();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      // No offset at all: HiBob writes UTC that way.
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Whether {@code t} lies within {@code tolerance} of {@code now}, before or after. */
  static boolean within(Instant t, Instant now, Duration tolerance) {
    return Duration.between(t, now).abs().compareTo(tolerance) <= 0;
  }
}
