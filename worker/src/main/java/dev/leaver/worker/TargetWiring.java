package dev.leaver.worker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.leaver.activities.target.ConnectorProvider;
import dev.leaver.activities.target.Connectors;
import dev.leaver.activities.target.TargetSystem;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the worker's connectors from the installed {@link ConnectorProvider}s: from the worker
 * config, where each {@code systems.<id>} section is bound strictly to the provider's config record
 * (secret references resolved first), or for the sandbox from each provider's sandbox config. A new
 * target system needs no change here.
 */
public final class TargetWiring {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  private static final String ENABLED = "enabled";

  private TargetWiring() {}

  /** The installed connector providers, sorted by id. */
  public static List<ConnectorProvider<?>> providers() {
    return ConnectorProvider.installed();
  }

  /** The ids of the installed target systems, e.g. {@code [entra, slack]}. */
  public static List<String> ids() {
    return providers().stream().map(ConnectorProvider::id).toList();
  }

  /** Every installed system, pointed at the sandbox's emulators at {@code baseUrl}. */
  public static Connectors sandbox(String baseUrl) {
    List<TargetSystem> systems = new ArrayList<>();
    for (ConnectorProvider<?> p : providers()) {
      systems.add(checkedId(p, sandboxed(p, baseUrl)));
    }
    return new Connectors(systems);
  }

  /**
   * The systems the config enables ({@code enabled: false} switches one off).
   *
   * @throws IllegalArgumentException naming the file, the system and the key for an unknown system
   *     id (listing the known ones), an unknown key, or a value the config record refuses
   */
  public static Connectors fromConfig(WorkerConfig config, Secrets secrets) {
    Map<String, ConnectorProvider<?>> byId = new LinkedHashMap<>();
    providers().forEach(p -> byId.put(p.id(), p));
    List<TargetSystem> systems = new ArrayList<>();
    try {
      config
          .systems()
          .forEach(
              (id, section) -> {
                ConnectorProvider<?> provider = byId.get(id);
                if (provider == null) {
                  throw new IllegalArgumentException(
                      config.source()
                          + ": systems: unknown system '"
                          + id
                          + "'; known: "
                          + String.join(", ", byId.keySet()));
                }
                String where = config.source() + ": systems." + id;
                Map<String, Object> settings =
                    new LinkedHashMap<>(section == null ? Map.of() : section);
                Object enabled = settings.remove(ENABLED);
                if (enabled != null && !(enabled instanceof Boolean)) {
                  throw new IllegalArgumentException(
                      where + ": '" + ENABLED + "' must be true or false");
                }
                if (!Boolean.FALSE.equals(enabled)) {
                  systems.add(checkedId(provider, bind(provider, settings, where, secrets)));
                }
              });
    } catch (RuntimeException e) {
      systems.forEach(TargetSystem::close);
      throw e;
    }
    return new Connectors(systems);
  }

  /**
   * Each configured system's queue rates, the built-in default for what is not set.
   *
   * @throws IllegalArgumentException for a system id no provider knows
   */
  public static Map<String, LeaverWorker.RateLimit> limits(WorkerConfig config) {
    List<String> known = ids();
    Map<String, LeaverWorker.RateLimit> limits = new LinkedHashMap<>();
    config
        .rateLimits()
        .forEach(
            (id, rates) -> {
              if (!known.contains(id)) {
                throw new IllegalArgumentException(
                    config.source()
                        + ": rateLimits: unknown system '"
                        + id
                        + "'; known: "
                        + String.join(", ", known));
              }
              limits.put(
                  id,
                  (rates == null ? new WorkerConfig.QueueRates(null, null, null) : rates)
                      .orDefaults());
            });
    return limits;
  }

  private static <C extends Record> TargetSystem sandboxed(ConnectorProvider<C> p, String baseUrl) {
    return p.create(p.sandbox(baseUrl));
  }

  private static <C extends Record> TargetSystem bind(
      ConnectorProvider<C> provider, Map<String, Object> settings, String where, Secrets secrets) {
    List<String> keys =
        Arrays.stream(provider.configType().getRecordComponents())
            .map(RecordComponent::getName)
            .toList();
    for (String key : settings.keySet()) {
      if (!keys.contains(key)) {
        throw new IllegalArgumentException(
            where
                + ": unknown key '"
                + key
                + "' (known: "
                + String.join(", ", keys)
                + ", "
                + ENABLED
                + ")");
      }
    }
    Map<String, Object> resolved = new LinkedHashMap<>();
    settings.forEach(
        (key, value) ->
            resolved.put(
                key,
                value instanceof String s && (s.startsWith("env:") || s.startsWith("file:"))
                    ? secrets.resolve(where + "." + key, s)
                    : value));
    C config;
    try {
      config = MAPPER.convertValue(resolved, provider.configType());
    } catch (IllegalArgumentException e) {
      // Not e's message: Jackson quotes the offending value, and values here may be secrets.
      throw new IllegalArgumentException(where + ": " + refusal(e.getCause()));
    }
    return provider.create(config);
  }

  private static String refusal(Throwable cause) {
    if (cause instanceof ValueInstantiationException v && v.getCause() != null) {
      return String.valueOf(v.getCause().getMessage());
    }
    if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
      String key =
          m.getPath().stream()
              .map(JsonMappingException.Reference::getFieldName)
              .collect(Collectors.joining("."));
      String type =
          m.getTargetType() == null ? "the expected type" : m.getTargetType().getSimpleName();
      return "'" + key + "' cannot be read as " + type;
    }
    return "the settings cannot be read";
  }

  private static TargetSystem checkedId(ConnectorProvider<?> provider, TargetSystem system) {
    if (!system.id().equals(provider.id())) {
      system.close();
      throw new IllegalStateException(
          provider.getClass().getName()
              + " has id '"
              + provider.id()
              + "' but builds system '"
              + system.id()
              + "'");
    }
    return system;
  }
}
