package dev.leaver.activities.target;

/**
 * A verification re-read.
 *
 * @param accessRemoved true only when the re-read shows the access gone
 * @param detail what was seen
 */
public record Check(boolean accessRemoved, String detail) {
  public static Check removed(String detail) {
    return new Check(true, detail);
  }

  public static Check stillGranted(String detail) {
    return new Check(false, detail);
  }
}
