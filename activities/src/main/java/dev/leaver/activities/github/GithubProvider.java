package dev.leaver.activities.github;

import dev.leaver.activities.target.ConnectorProvider;
import dev.leaver.activities.target.TargetSystem;

/** Registers the GitHub connector ({@link GithubTarget}) under {@code systems.github}. */
public final class GithubProvider implements ConnectorProvider<GithubConfig> {

  @Override
  public String id() {
    return GithubTarget.ID;
  }

  @Override
  public Class<GithubConfig> configType() {
    return GithubConfig.class;
  }

  @Override
  public TargetSystem create(GithubConfig config) {
    return new GithubTarget(config);
  }

  @Override
  public GithubConfig sandbox(String sandboxBaseUrl) {
    return GithubConfig.sandbox(sandboxBaseUrl);
  }
}
