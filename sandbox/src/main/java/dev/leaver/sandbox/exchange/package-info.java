/**
 * The Exchange Online emulator: {@link dev.leaver.sandbox.exchange.ExchangeEmulator} serves the
 * admin API's {@code InvokeCommand} endpoint for the mailbox cmdlets the connector runs, with the
 * answer and error shapes Exchange Online gives (what could not be confirmed is marked UNCONFIRMED
 * where it is emulated), and lets tests read the organisation's mailboxes and aim failures at one
 * cmdlet. Mailbox settings and mail go through Microsoft Graph and live in the Graph emulator.
 */
package dev.leaver.sandbox.exchange;
