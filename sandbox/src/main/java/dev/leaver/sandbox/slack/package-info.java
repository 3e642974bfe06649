/**
 * The Slack emulator: {@link dev.leaver.sandbox.slack.SlackEmulator} serves the Web API methods and
 * SCIM 2.0 Users endpoints the connector uses, with the answer shapes Slack documents, and lets
 * tests read the organisation's state and switch on failures.
 */
package dev.leaver.sandbox.slack;
