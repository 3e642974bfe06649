/**
 * Gusto: {@link dev.leaver.starter.hris.gusto.GustoClient} reads an employee's work e-mail, manager
 * and termination from Gusto's API, for Gusto's thin webhooks that carry only UUIDs.
 */
package dev.leaver.starter.hris.gusto;
