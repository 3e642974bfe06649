package dev.leaver.workflows.api;

/**
 * The one JSON object an operator's update takes, from the Web UI's <em>Send an Update</em> or
 * {@code leaver}: who acts ({@code operator}, required: Temporal does not pass the caller's
 * identity to the workflow) and why.
 *
 * <p>Every input decodes whatever it is sent; {@link #problem()} says what is wrong with it (the
 * old positional form, an unknown field, a value of the wrong type), and the update's validator
 * refuses it with that and the JSON to send.
 */
public sealed interface OperatorUpdate
    permits SkipStep,
        RetryStep,
        Rescind,
        Release,
        Reschedule,
        RevokeDelegation,
        ApproveDeletion,
        LegalHold {

  /** Who acts, e.g. {@code ana@corp}; recorded in the run's ledger, status and evidence. */
  String operator();

  /** Why; required by most updates. */
  String reason();

  /** What is wrong with the payload as sent, or null. */
  String problem();
}
