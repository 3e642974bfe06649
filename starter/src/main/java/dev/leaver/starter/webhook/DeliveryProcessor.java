package dev.leaver.starter.webhook;

import dev.leaver.starter.hris.HrisUnavailable;
import dev.leaver.starter.hris.TerminationSink;
import dev.leaver.starter.hris.TerminationSink.Unavailable;
import java.util.ArrayList;
import java.util.List;

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
        if (decision instanceof Decision.Emit) {
          TerminationSink.Outcome outcome;
          try {
            outcome = sink.accept(((Decision.Emit) decision).event());
          } catch (IllegalArgumentException e) {
            // The event cannot start a run (e.g. an employee id Leaver cannot use): refuse, loudly.
            throw Refusal.unprocessable("cannot offboard employee " + item.employeeId() + ": "
                + e.getMessage());
          }
          results.add(Answer.Result.of(item.employeeId(), outcome));
          sinkAccepted = true;
        } else {
          results.add(Answer.Result.skipped(item.employeeId(), ((Decision.Skip) decision).reason()));
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
