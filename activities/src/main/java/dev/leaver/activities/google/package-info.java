/**
 * The Google Workspace connector: {@link dev.leaver.activities.google.GoogleTarget} configured with
 * {@link dev.leaver.activities.google.GoogleConfig}. Everything else is package-private: the
 * clients (one per OAuth scope), the Data Transfer calls, the error mapping and one class per
 * action.
 *
 * <p>The service account's private key is never logged; {@code GoogleConfig.toString()} masks it.
 */
package dev.leaver.activities.google;
