/**
 * HRIS emulators: {@link dev.leaver.sandbox.hris.BambooHrEmulator} ({@code /bamboohr}), {@link
 * dev.leaver.sandbox.hris.GustoEmulator} ({@code /gusto}, with its OAuth token endpoint), {@link
 * dev.leaver.sandbox.hris.HiBobEmulator} ({@code /hibob}) and {@link
 * dev.leaver.sandbox.hris.WorkdayEmulator} ({@code /workday}). Each serves the read calls Leaver's
 * HRIS clients make, with the vendor's paths, JSON shapes, authentication and status codes, seeded
 * from the tenant file, and lets tests terminate, change, cancel and rehire.
 *
 * <p>Every credential in the tenant file is a sandbox value, not a secret. Nothing here logs names,
 * e-mails or credentials.
 */
package dev.leaver.sandbox.hris;
