package dev.leaver.workflows.poll;

/**
 * How the events of one poll were taken, one count per outcome of the termination sink.
 *
 * @param events events the HRIS returned
 * @param started new offboarding runs
 * @param held new runs held by the mass-termination brake
 * @param duplicates events already seen (the poll windows overlap on purpose)
 * @param rescheduled runs whose effective time moved
 * @param rescinded runs rescinded (a cancelled termination or a rehire)
 * @param ignored events understood but with nothing to do
 * @param rejected events the sink refused as unusable (e.g. a termination without a work e-mail);
 *     logged by event id for an operator, and not retried so that one bad row cannot hold back
 *     everyone else's offboarding
 */
public record PollCounts(
    int events,
    int started,
    int held,
    int duplicates,
    int rescheduled,
    int rescinded,
    int ignored,
    int rejected) {

  public static final PollCounts NONE = new PollCounts(0, 0, 0, 0, 0, 0, 0, 0);
}
