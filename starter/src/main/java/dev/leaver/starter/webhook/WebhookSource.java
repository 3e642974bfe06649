package dev.leaver.starter.webhook;

/**
 * One HR system's endpoint: how its deliveries are signed and what they mean. One class per vendor.
 *
 * <p>The server calls {@link #verify} on the raw bytes first and {@link #parse} only when that
 * passed; lookups in the vendor's API happen later, in each {@link Pending}, after the redelivery
 * check, so a redelivery costs no API call (except for sources that {@link #decidesFromRecord}).
 */
interface WebhookSource {

  /** The path segment and the {@code source} of the events: {@code bamboohr}, {@code gusto}... */
  String name();

  /**
   * Whether a request with this media type (lower case, no parameters; null when the sender gave
   * none) can be one of this vendor's deliveries. Others are answered 415.
   */
  default boolean accepts(String mediaType) {
    return mediaType == null || mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  /**
   * Checks the vendor's signature over the raw body (and its timestamp, where it signs one).
   *
   * @throws Refusal 401 when unsigned, wrongly signed or outside the tolerance
   */
  void verify(Delivery delivery) throws Refusal;

  /**
   * Whether every delivery is decided from the employee record the vendor's API answers now, not
   * from the body: such a source's redeliveries are not answered from the replay guard, as the same
   * body can mean another change (BambooHR: a termination withdrawn within the same second is byte
   * for byte the termination). The intake then decides against the run.
   */
  default boolean decidesFromRecord() {
    return false;
  }

  /**
   * Reads a verified delivery: its event id and the employees it is about.
   *
   * @throws Refusal 400 for malformed JSON or a missing field, 422 when it cannot be acted on
   */
  Parsed parse(Delivery delivery) throws Refusal;
}
