/**
 * Workday: {@link dev.leaver.starter.hris.workday.WorkdayReportClient} polls a Report-as-a-Service
 * custom report for terminations, rescissions and rehires, since Workday has no generic webhooks.
 */
package dev.leaver.starter.hris.workday;
