/**
 * The evidence store: each run's status kept outside Temporal, whose histories retention deletes.
 *
 * <p>Rules every class here keeps:
 *
 * <ul>
 *   <li>Append only. A record, once written, is never rewritten by Leaver: the write is
 *       create-if-absent (a hard link in a directory, {@code If-None-Match: *} in S3), so two
 *       workers never share a sequence. Only the index ({@code index/}) is replaced.
 *   <li>One record per run and milestone: a retried append returns the record already stored.
 *   <li>Each record's hash covers its stored JSON in the canonical form {@code CanonicalJson}
 *       describes (what {@code jq -cS} prints), and each record carries its predecessor's hash:
 *       {@code verify} names the first record that was changed or removed.
 *   <li>Locations are strings ({@link dev.leaver.activities.evidence.EvidenceStores#open}); a bad
 *       one is an {@link java.lang.IllegalArgumentException} saying what is wrong.
 * </ul>
 */
package dev.leaver.activities.evidence;
