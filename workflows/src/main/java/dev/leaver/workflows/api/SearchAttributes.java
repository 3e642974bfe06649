package dev.leaver.workflows.api;

import io.temporal.common.SearchAttributeKey;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Custom search attributes that make runs findable in the Web UI. Only the employee id: never a
 * name or an e-mail address.
 */
public final class SearchAttributes {
  public static final SearchAttributeKey<String> EMPLOYEE_ID =
      SearchAttributeKey.forKeyword("LeaverEmployeeId");
  public static final SearchAttributeKey<String> PHASE =
      SearchAttributeKey.forKeyword("LeaverPhase");
  public static final SearchAttributeKey<Boolean> NEEDS_ATTENTION =
      SearchAttributeKey.forBoolean("LeaverNeedsAttention");
  public static final SearchAttributeKey<OffsetDateTime> EFFECTIVE_AT =
      SearchAttributeKey.forOffsetDateTime("LeaverEffectiveAt");

  /** True while the mass-termination brake holds the run for an operator's release. */
  public static final SearchAttributeKey<Boolean> HELD =
      SearchAttributeKey.forBoolean("LeaverHeld");

  /**
   * How the run ended: COMPLETED, RESCINDED, NEEDS_ATTENTION or DRY_RUN ({@link Outcome}); unset
   * while it runs. The Web UI's list shows every closed run as a green "Completed" otherwise.
   */
  public static final SearchAttributeKey<String> OUTCOME =
      SearchAttributeKey.forKeyword("LeaverOutcome");

  /** When the manager's delegated access is due to be revoked (or was, if ended early). */
  public static final SearchAttributeKey<OffsetDateTime> HANDOVER_ENDS_AT =
      SearchAttributeKey.forOffsetDateTime("LeaverHandoverEndsAt");

  /** Name → CLI type, for {@code temporal server start-dev --search-attribute NAME=TYPE}. */
  public static final Map<String, String> CLI_TYPES =
      Map.of(
          EMPLOYEE_ID.getName(), "Keyword",
          PHASE.getName(), "Keyword",
          NEEDS_ATTENTION.getName(), "Bool",
          EFFECTIVE_AT.getName(), "Datetime",
          HELD.getName(), "Bool",
          OUTCOME.getName(), "Keyword",
          HANDOVER_ENDS_AT.getName(), "Datetime");

  private SearchAttributes() {}
}
