/**
 * Private payloads: the AES-256-GCM {@link io.temporal.payload.codec.PayloadCodec} every Leaver
 * client and worker puts in front of Temporal, so that histories hold ciphertext where they held
 * UPNs, names and groups. Pure crypto, no I/O: the keys are handed in by the composition root (the
 * worker module reads them from {@code env:} and {@code file:} references).
 */
package dev.leaver.workflows.codec;
