/**
 * The SCIM 2.0 emulator: {@link dev.leaver.sandbox.scim.ScimEmulator} serves any number of apps at
 * {@code /scim/<app>/v2}, each emulated in memory or a fresh tenant of the real scim2-server from
 * PyPI behind the sandbox's port. Errors are RFC 7644 §3.12 bodies with {@code status} as a string.
 */
package dev.leaver.sandbox.scim;
