/**
 * The HRIS webhook endpoint: one HTTP path per HR system, each checking the vendor's signature over
 * the raw body before anything else and turning the payload into a {@link
 * dev.leaver.starter.hris.TerminationEvent} for the {@link
 * dev.leaver.starter.hris.TerminationSink}.
 *
 * <p>Rules every class here keeps:
 *
 * <ul>
 *   <li>Nothing is parsed, looked up or started before the signature checked out (the two
 *       documented set-up handshakes, HiBob's ping and Gusto's verification token, are answered
 *       without a signature because they can start nothing).
 *   <li>A 2xx answer is given only after the sink returned: Temporal has the event, so the HRIS may
 *       forget it. Anything transient answers 503 so the HRIS retries.
 *   <li>Logs carry source, event id, employee id, outcome and status: never a body, an e-mail or a
 *       name, and refusal reasons name fields, never their values.
 * </ul>
 *
 * <p>Only {@link dev.leaver.starter.webhook.WebhookServer} and {@link
 * dev.leaver.starter.webhook.SourceConfig} are public; the rest is package-private.
 */
package dev.leaver.starter.webhook;
