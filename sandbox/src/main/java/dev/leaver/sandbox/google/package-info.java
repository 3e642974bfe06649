/**
 * The Google Workspace emulator: {@link dev.leaver.sandbox.google.GoogleEmulator} serves the OAuth
 * token endpoint, the Admin SDK Directory API and the Data Transfer API calls the connector makes,
 * with Google's answer and error shapes, and lets tests read the customer's state.
 */
package dev.leaver.sandbox.google;
