package dev.leaver.activities.planning;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leaver.activities.target.Connectors;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.contract.OffboardingPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the policy YAML and checks it against the connectors a worker runs, at start-up. */
public final class Policies {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private Policies() {}

  public static OffboardingPolicy read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return YAML.readValue(in, OffboardingPolicy.class);
    }
  }

  /** The built-in policy: every connector, every action, 30 days of handover. */
  public static OffboardingPolicy defaults() {
    return new OffboardingPolicy(30, Map.of());
  }

  /**
   * Fails with every problem listed when the policy names a system or action no connector offers,
   * so a typo is found when the worker starts rather than during someone's offboarding.
   */
  public static OffboardingPolicy validated(OffboardingPolicy policy, Connectors connectors) {
    List<String> problems = new ArrayList<>();
    policy
        .systems()
        .forEach(
            (id, sp) -> {
              TargetSystem system = connectors.system(id).orElse(null);
              if (system == null) {
                if (sp.enabled()) {
                  problems.add(
                      "policy names system '" + id + "' but the worker has no such connector");
                }
                return;
              }
              sp.after()
                  .forEach(
                      (action, prerequisites) -> {
                        if (connectors.action(id, action).isEmpty()) {
                          problems.add(
                              "system '"
                                  + id
                                  + "' has no action '"
                                  + action
                                  + "' to order with 'after'");
                        }
                        for (String step : prerequisites) {
                          String[] parts = step.split("\\.");
                          if (parts.length != 2 || parts[0].equals(id)) {
                            problems.add(
                                "'after' of "
                                    + id
                                    + "."
                                    + action
                                    + " must name another system's step as"
                                    + " system.Action: '"
                                    + step
                                    + "'");
                          } else if (connectors.system(parts[0]).isPresent()
                              && connectors.action(parts[0], parts[1]).isEmpty()) {
                            // A typo would otherwise drop the order silently (a system not
                            // installed is allowed).
                            problems.add(
                                "'after' of "
                                    + id
                                    + "."
                                    + action
                                    + " names "
                                    + step
                                    + ", but "
                                    + parts[0]
                                    + " has no action '"
                                    + parts[1]
                                    + "'");
                          }
                        }
                      });
              for (String action : sp.actions()) {
                if (connectors.action(id, action).isEmpty()) {
                  problems.add(
                      "system '"
                          + id
                          + "' has no action '"
                          + action
                          + "'; it offers "
                          + system.actions().stream().map(a -> a.name()).toList());
                }
              }
            });
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid policy: " + String.join("; ", problems));
    }
    return policy;
  }
}
