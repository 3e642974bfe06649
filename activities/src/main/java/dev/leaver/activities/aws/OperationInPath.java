package dev.leaver.activities.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Sandbox only: appends the operation's name to the request path ({@code /aws/} → {@code
 * /aws/UpdateAccessKey}). IAM's Query protocol sends every call as {@code POST /} with the
 * operation in the form body, which the sandbox's request log and path-based faults cannot see; the
 * sandbox's emulator drops the suffix before moto sees the request.
 */
final class OperationInPath implements ExecutionInterceptor {
  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    SdkHttpRequest request = context.httpRequest();
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (operation == null) {
      return request;
    }
    String path = request.encodedPath();
    String base =
        path == null || path.isEmpty()
            ? ""
            : path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return request.toBuilder().encodedPath(base + "/" + operation).build();
  }
}
