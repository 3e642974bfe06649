package dev.leaver.worker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.activities.entra.EntraConfig;
import dev.leaver.activities.entra.EntraTarget;
import dev.leaver.activities.slack.SlackConfig;
import dev.leaver.activities.slack.SlackTarget;
import dev.leaver.activities.target.Connectors;
import dev.leaver.activities.target.TargetSystem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Builds the enabled connectors from the config. A new target system adds one line here. */
public final class TargetWiring {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private TargetWiring() {}

  /** Connector factories by system id, from the system's config section (secrets resolved). */
  static Map<String, Function<Map<String, Object>, TargetSystem>> factories() {
    Map<String, Function<Map<String, Object>, TargetSystem>> f = new LinkedHashMap<>();
    f.put("entra", c -> new EntraTarget(MAPPER.convertValue(c, EntraConfig.class)));
    f.put("slack", c -> new SlackTarget(MAPPER.convertValue(c, SlackConfig.class)));
    return f;
  }

  /** The sandbox's connectors: every system pointed at the emulators at {@code baseUrl}. */
  public static Connectors sandbox(String baseUrl) {
    return new Connectors(List.of(
        new EntraTarget(EntraConfig.sandbox(baseUrl)), new SlackTarget(SlackConfig.sandbox(baseUrl))));
  }

  public static Connectors fromConfig(WorkerConfig config, Secrets secrets) {
    List<TargetSystem> systems = new ArrayList<>();
    var factories = factories();
    config.systems().forEach((id, section) -> {
      if (Boolean.FALSE.equals(section.get("enabled"))) {
        return;
      }
      var factory = factories.get(id);
      if (factory == null) {
        throw new IllegalArgumentException("unknown system '" + id + "'; known: " + factories.keySet());
      }
      Map<String, Object> resolved = new HashMap<>(section);
      section.forEach((k, v) -> {
        if (v instanceof String s && (s.startsWith("env:") || s.startsWith("file:"))) {
          resolved.put(k, secrets.resolve(id + "." + k, s));
        }
      });
      systems.add(factory.apply(resolved));
    });
    return new Connectors(systems);
  }

  public static Map<String, LeaverWorker.RateLimit> limits(WorkerConfig config) {
    Map<String, LeaverWorker.RateLimit> limits = new HashMap<>();
    config.systems().forEach((id, s) -> limits.put(id, new LeaverWorker.RateLimit(
        number(s.get("killSwitchPerSecond"), LeaverWorker.RateLimit.DEFAULT.killSwitchPerSecond()),
        number(s.get("cleanupPerSecond"), LeaverWorker.RateLimit.DEFAULT.cleanupPerSecond()))));
    return limits;
  }

  private static double number(Object v, double fallback) {
    return v instanceof Number n ? n.doubleValue() : fallback;
  }
}
