package dev.leaver.starter.webhook;

import dev.leaver.starter.hris.HrisUnavailable;
import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationSink;
import dev.leaver.starter.hris.TerminationSink.Unavailable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Takes a delivery from raw bytes to an answer: verify, read, drop a redelivery, decide (with
 * lookups), hand to the sink, remember. Knows nothing of HTTP.
 */
final class DeliveryProcessor {
  private final TerminationSink sink;
  private final ReplayGuard replays;

  DeliveryProcessor(TerminationSink sink, ReplayGuard replays) {
    this.sink = sink;
    this.replays = replays;
  }

  private TerminationSink.Outcome accept(TerminationEvent event, Pending item)
      throws Refusal, Unavailable {
    try {
      return sink.accept(event);
    } catch (IllegalArgumentException e) {
      // The event cannot start a run (e.g. an employee id Leaver cannot use): refuse, loudly.
      throw Refusal.unprocessable(
          "cannot offboard employee " + item.employeeId() + ": " + e.getMessage());
    }
  }

  /** Whether a second read says something else: no termination any more, or another date. */
  private static boolean changed(TerminationEvent first, TerminationEvent again) {
    return again.kind() != first.kind()
        || !Objects.equals(again.effectiveDate(), first.effectiveDate())
        || !Objects.equals(again.effectiveAt(), first.effectiveAt());
  }

  Answer process(WebhookSource source, Delivery delivery) {
    String eventId = null;
    List<String> employeeIds = new ArrayList<>();
    try {
      source.verify(delivery);
      Parsed parsed = source.parse(delivery);
      eventId = parsed.eventId();
      if (parsed.items().isEmpty()) {
        return Answer.ignored(eventId, parsed.ignoredReason());
      }
      String key = source.name() + ":" + eventId;
      if (!source.decidesFromRecord() && replays.seen(key)) {
        return Answer.duplicate(eventId);
      }
      List<Answer.Result> results = new ArrayList<>();
      boolean sinkAccepted = false;
      for (Pending item : parsed.items()) {
        employeeIds.add(item.employeeId());
        Decision decision = item.decider().decide();
        if (decision instanceof Decision.Emit emit) {
          TerminationEvent event = emit.event();

          TerminationSink.Outcome outcome = accept(event, item);
          if (source.decidesFromRecord()
              && (outcome instanceof TerminationSink.Outcome.Started
                  || outcome instanceof TerminationSink.Outcome.Held)) {
            // Deliveries run concurrently: a withdrawal read after our read may have found no run
            // yet and been ignored. Read once more now that the run exists, and apply a change.
            if (item.decider().decide() instanceof Decision.Emit again
                && changed(event, again.event())) {
              outcome = accept(again.event(), item);
            }
          }
          results.add(Answer.Result.of(item.employeeId(), outcome));
          sinkAccepted = true;
        } else {
          results.add(
              Answer.Result.skipped(item.employeeId(), ((Decision.Skip) decision).reason()));
        }
      }
      // Only now: a delivery that failed half-way must be processed in full when retried (the
      // sink answers Duplicate for the part Temporal already has).
      if (sinkAccepted) {
        replays.remember(key);
      }
      return Answer.accepted(eventId, results);
    } catch (Refusal r) {
      return Answer.refused(r, eventId, employeeIds);
    } catch (HrisUnavailable e) {
      return Answer.unavailable(source.name() + " unavailable, retry", eventId, employeeIds);
    } catch (Unavailable e) {
      return Answer.unavailable("temporal unavailable, retry", eventId, employeeIds);
    }
  }
}
