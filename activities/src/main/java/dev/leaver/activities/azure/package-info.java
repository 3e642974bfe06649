/**
 * Azure: role assignments, PIM eligibility, Key Vault access policies and the shared secrets of
 * resources a leaver could reach, through Azure Resource Manager with {@code azure-identity} and
 * the {@code azure-resourcemanager-authorization} module (raw calls through the same HttpPipeline
 * where the fluent API has none).
 *
 * <p>Rules every class here keeps: the pipeline has no retry policy (Temporal is the one retry
 * layer); ARM's answers become {@code TargetException}s only in {@code ArmErrors}; secret and key
 * values are never read into a before-image, a receipt or a log, only names, versions and times;
 * before-image values are JSON with sorted keys so a re-read after an undo compares equal.
 */
package dev.leaver.activities.azure;
