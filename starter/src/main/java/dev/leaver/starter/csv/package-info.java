/**
 * The CSV batch for mass layoffs: HR exports one row per leaver, {@link
 * dev.leaver.starter.csv.TerminationBatch} reads and validates the whole file, and {@link
 * dev.leaver.starter.csv.BatchImport} hands the events to the {@link
 * dev.leaver.starter.hris.TerminationSink} one by one.
 *
 * <p>Rules every class here keeps:
 *
 * <ul>
 *   <li>All or nothing at reading: a file with any bad row yields no events, and every problem is
 *       reported with its physical line number, so HR fixes the file in one round.
 *   <li>Re-importing the same file is safe: the default event id is derived from the file name, the
 *       employee id and the effective time, and the sink answers Duplicate for a run that exists.
 *   <li>No Temporal types and no logging: problems and reports go back to the caller, which prints
 *       them for the operator who ran the import.
 * </ul>
 */
package dev.leaver.starter.csv;
