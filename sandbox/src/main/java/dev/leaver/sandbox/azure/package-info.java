/**
 * The Azure Resource Manager emulator: RBAC, PIM eligibility, Key Vault, storage, Service Bus, API
 * Management and Resource Graph, served over HTTPS by its own loopback listener that forwards to
 * the sandbox's routing (so faults and the request log apply). State is in memory, per sandbox;
 * secrets and keys are random per start and never returned by the read-back methods tests use.
 */
package dev.leaver.sandbox.azure;
