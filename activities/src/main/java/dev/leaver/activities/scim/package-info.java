/**
 * The generic SCIM 2.0 connector (RFC 7644): {@link dev.leaver.activities.scim.ScimTarget}
 * configured with {@link dev.leaver.activities.scim.ScimConfig}, any number of apps as one system.
 * Plain {@code java.net.http} and Jackson (there is no vendor SDK); everything but the target, its
 * config and its provider is package-private.
 *
 * <p>Tokens are never logged; {@code ScimConfig.toString()} shows references only. Filter values (a
 * person's userName, employee id) never go into an exception message.
 */
package dev.leaver.activities.scim;
