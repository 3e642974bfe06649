package dev.leaver.activities.planning;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.activities.target.TargetException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where operators read what they must know (what a notification-only run would have changed): a
 * Slack incoming webhook, or, without one, the worker's log at WARN. The text carries employee ids
 * and step ids, never an address or a secret.
 */
public interface OperatorChannel {
  Logger LOG = LoggerFactory.getLogger(OperatorChannel.class);

  void tell(String employeeId, String text);

  /**
   * The text with every e-mail address (a UPN, a manager's address) masked: a notice about a parked
   * step carries the connector's error, which may name the account; the channel is read by more
   * people than the run is.
   */
  static String scrubbed(String text) {
    return ADDRESS.matcher(text).replaceAll("[address]");
  }

  java.util.regex.Pattern ADDRESS =
      java.util.regex.Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

  /** The worker's log, when no channel is configured. */
  static OperatorChannel log() {
    return (employeeId, text) ->
        LOG.warn("operator notice for {}:\n{}", employeeId, scrubbed(text));
  }

  /**
   * A Slack incoming webhook ({@code POST {"text": …}}). 429 and 5xx are retried by Temporal, after
   * Slack's Retry-After; any other refusal fails the activity with Slack's answer.
   */
  static OperatorChannel slackWebhook(URI url) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ObjectMapper json = new ObjectMapper();
    return (employeeId, text) -> {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            json.writeValueAsString(Map.of("text", scrubbed(text)))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 429 || r.statusCode() >= 500) {
          throw new TargetException.Retryable(
              "operator webhook answered " + r.statusCode(),
              TargetException.Retryable.parseRetryAfter(
                  r.headers().firstValue("Retry-After").orElse(null)),
              null);
        }
        if (r.statusCode() / 100 != 2) {
          throw new TargetException.Rejected(
              "operator webhook answered " + r.statusCode() + ": " + r.body(), null);
        }
      } catch (IOException e) {
        throw new TargetException.Retryable(
            "operator webhook unreachable: " + e.getMessage(), null, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TargetException.Retryable("interrupted", null, e);
      }
    };
  }
}
