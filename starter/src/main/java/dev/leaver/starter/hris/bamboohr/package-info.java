/**
 * BambooHR: {@link dev.leaver.starter.hris.bamboohr.BambooHrClient} reads an employee's e-mails,
 * manager and termination from BambooHR's REST API v1, for webhooks that carry only ids.
 */
package dev.leaver.starter.hris.bamboohr;
