package dev.leaver.activities.exchange;

import dev.leaver.activities.target.ConnectorProvider;
import dev.leaver.activities.target.TargetSystem;

/**
 * Registers the Exchange Online connector ({@link ExchangeTarget}) under {@code systems.exchange}.
 */
public final class ExchangeProvider implements ConnectorProvider<ExchangeConfig> {

  @Override
  public String id() {
    return ExchangeTarget.ID;
  }

  @Override
  public Class<ExchangeConfig> configType() {
    return ExchangeConfig.class;
  }

  @Override
  public TargetSystem create(ExchangeConfig config) {
    return new ExchangeTarget(config);
  }

  @Override
  public ExchangeConfig sandbox(String sandboxBaseUrl) {
    return ExchangeConfig.sandbox(sandboxBaseUrl);
  }
}
