package dev.leaver.activities.slack;

import dev.leaver.activities.target.ConnectorProvider;
import dev.leaver.activities.target.TargetSystem;

/** Registers the Slack connector ({@link SlackTarget}) under {@code systems.slack}. */
public final class SlackProvider implements ConnectorProvider<SlackConfig> {

  @Override
  public String id() {
    return SlackTarget.ID;
  }

  @Override
  public Class<SlackConfig> configType() {
    return SlackConfig.class;
  }

  @Override
  public TargetSystem create(SlackConfig config) {
    return new SlackTarget(config);
  }

  @Override
  public SlackConfig sandbox(String sandboxBaseUrl) {
    return SlackConfig.sandbox(sandboxBaseUrl);
  }
}
