package dev.leaver.starter.hris;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

/** One request to an HRIS API, where not getting an answer is always "unavailable, retry later". */
public final class HrisCall {
  private HrisCall() {}

  /**
   * @param vendor for the message, e.g. {@code BambooHR}
   * @throws HrisUnavailable when the API cannot be reached, times out, or the thread is interrupted
   */
  public static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, String vendor)
      throws HrisUnavailable {
    try {
      return http.send(request, BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new HrisUnavailable(vendor + " could not be reached: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HrisUnavailable("interrupted while calling " + vendor, e);
    }
  }
}
