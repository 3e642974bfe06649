package dev.leaver.devtools;

import dev.leaver.worker.WorkerConfig;
import dev.leaver.worker.intake.StarterConfig;
import java.time.Duration;

/**
 * The starter's configuration for the sandbox: every HRIS pointed at the sandbox's emulators, with
 * well-known sandbox secrets (they protect nothing; {@code docs/hris.md} lists them so a curl
 * session can sign a delivery).
 */
public final class SandboxHris {
  public static final String BAMBOOHR_WEBHOOK_KEY = "sandbox-bamboohr-webhook-key";
  public static final String GUSTO_VERIFICATION_TOKEN = "sandbox-gusto-verification-token";
  public static final String HIBOB_SECRET = "sandbox-hibob-webhook-secret";
  public static final String STANDARD_SECRET = "whsec_c2FuZGJveC1zdGFuZGFyZC13ZWJob29rLXNlY3JldCE=";
  public static final String ZONE = "America/New_York";

  private SandboxHris() {}

  /** Secrets here are the values themselves, not references. */
  public static StarterConfig config(
      String sandboxBaseUrl,
      WorkerConfig.Temporal temporal,
      String host,
      int port,
      StarterConfig.Brake brake) {
    return new StarterConfig(
        temporal,
        host,
        port,
        null,
        brake,
        new StarterConfig.BambooHr(
            BAMBOOHR_WEBHOOK_KEY,
            ZONE,
            sandboxBaseUrl + "/bamboohr",
            "contoso",
            "sandbox-bamboohr-api-key"),
        new StarterConfig.Gusto(
            GUSTO_VERIFICATION_TOKEN,
            ZONE,
            sandboxBaseUrl + "/gusto",
            "sandbox-gusto-access-token",
            null,
            null,
            null,
            null,
            null,
            null),
        new StarterConfig.HiBob(
            HIBOB_SECRET,
            ZONE,
            sandboxBaseUrl + "/hibob",
            "SERVICE-LEAVER",
            "sandbox-hibob-service-token"),
        new StarterConfig.Standard(STANDARD_SECRET, ZONE),
        new StarterConfig.Workday(
            sandboxBaseUrl + "/workday",
            "contoso",
            "ISU_Leaver",
            "Leaver_Terminations",
            "ISU_Leaver",
            "sandbox-workday-password",
            Duration.ofMinutes(1)));
  }
}
