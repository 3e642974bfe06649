/**
 * The Exchange Online connector: {@link dev.leaver.activities.exchange.ExchangeTarget} configured
 * with {@link dev.leaver.activities.exchange.ExchangeConfig}. Everything else is package-private:
 * the admin API client and its error mapping, the typed mailbox cmdlets, the automatic replies over
 * Graph, and one class per action.
 *
 * <p>Every action decides from its before-image and finds its own write when an earlier attempt's
 * answer was lost. Logs and failure messages carry ids, never a person's address: Exchange's error
 * texts have their addresses replaced. The client secret is never logged; {@code
 * ExchangeConfig.toString()} masks it.
 */
package dev.leaver.activities.exchange;
