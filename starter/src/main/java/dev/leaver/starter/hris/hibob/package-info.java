/**
 * HiBob: {@link dev.leaver.starter.hris.hibob.HiBobClient} reads an employee's work e-mail,
 * manager, lifecycle status and termination date through Bob's public API, with service-user
 * credentials, for v2 webhooks, whose payloads carry ids only.
 */
package dev.leaver.starter.hris.hibob;
