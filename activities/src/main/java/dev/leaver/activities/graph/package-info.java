/**
 * What every connector that calls Microsoft Graph shares: the SDK client with one retry layer and
 * bounded calls ({@link dev.leaver.activities.graph.GraphClients}), the mapping of Graph's failures
 * to the connector SPI ({@link dev.leaver.activities.graph.GraphErrors}), the request id for
 * receipts ({@link dev.leaver.activities.graph.RequestId}) and the read-only check of the app's
 * granted permissions ({@link dev.leaver.activities.graph.GraphPreflight}).
 *
 * <p>Nothing here knows a connector's actions: each connector names the permissions it needs.
 */
package dev.leaver.activities.graph;
