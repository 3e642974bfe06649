/**
 * The Slack connector: {@link dev.leaver.activities.slack.SlackTarget} configured with {@link
 * dev.leaver.activities.slack.SlackConfig}. Everything else is package-private: the SDK wrapper,
 * the error mapping and one class per action.
 *
 * <p>The admin token is never logged; {@code SlackConfig.toString()} masks it.
 */
package dev.leaver.activities.slack;
