package dev.leaver.activities.graph;

import com.microsoft.kiota.Headers;
import com.microsoft.kiota.RequestOption;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import java.util.List;
import java.util.Set;

/**
 * Captures Graph's {@code request-id} response header of one call for the receipt's apiRequestId,
 * the id Microsoft support asks for. The SDK's headers-inspection middleware fills it in; pass
 * {@code rc -> id.addTo(rc.options)} as the call's request configuration.
 */
public final class RequestId {
  private final HeadersInspectionOption option = new HeadersInspectionOption(false, true);

  public void addTo(List<RequestOption> options) {
    options.add(option);
  }

  /** The request-id of the response, or null when Graph sent none. */
  public String value() {
    return first(option.getResponseHeaders());
  }

  public static String first(Headers headers) {
    Set<String> values = headers == null ? null : headers.get("request-id");
    return values == null || values.isEmpty() ? null : values.iterator().next();
  }
}
