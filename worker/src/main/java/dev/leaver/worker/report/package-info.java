/**
 * The auditor's report ({@code leaver report}): one row per leaver run, read from the evidence
 * store rather than from Temporal, so it still answers after the namespace's retention has deleted
 * the histories; and its renderings (CSV, JSON, HTML, PDF).
 *
 * <p>The model ({@link dev.leaver.worker.report.AuditReport}) is built once from the store's
 * records; every format renders the same model, so the formats cannot disagree.
 */
package dev.leaver.worker.report;
