package dev.leaver.starter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class WebhookLoggingTest extends WebhookFixture {
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger handlerLog = (Logger) LoggerFactory.getLogger(WebhookHandler.class);

  @BeforeEach
  void capture() {
    logs.start();
    handlerLog.addAppender(logs);
  }

  @AfterEach
  void release() {
    handlerLog.detachAppender(logs);
  }

  private List<String> lines() {
    return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void eachRequestLogsOneLineWithSourceEventOutcomeAndStatusButNoEmailOrBody() {
    byte[] body = sample("standard-employee-terminated.json");
    String ts = String.valueOf(NOW.getEpochSecond());
    post(
        "standard",
        body,
        Map.of(
            "webhook-id",
            "msg_1",
            "webhook-timestamp",
            ts,
            "webhook-signature",
            VendorSignatures.standard(STANDARD_SECRET, "msg_1", ts, body)));

    assertThat(lines())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line).contains("source=standard", "event=msg_1", "employees=[E1001]");
              assertThat(line).contains("outcome=started", "status=202");
              assertThat(line).doesNotContain("contoso", "ada", "grace", "2026-11-30");
            });
  }

  @Test
  void aRefusalIsLoggedWithItsStatusButNotTheBody() {
    post("gusto", sample("gusto-employee-terminated.json"), Map.of());

    assertThat(lines())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line).contains("source=gusto", "outcome=refused", "status=401");
              assertThat(line).doesNotContain("bcfc9744");
            });
  }

  @Test
  void healthChecksAreNotLogged() {
    send("GET", "/health", null, null, Map.of());

    assertThat(lines()).isEmpty();
    assertThat(Duration.ZERO).isZero();
  }
}
