package dev.leaver.activities.target;

/**
 * A dry run's answer.
 *
 * @param wouldChange false when the system already is in the wanted state
 * @param plan what would be written, in one sentence
 */
public record Preview(boolean wouldChange, String plan) {}
