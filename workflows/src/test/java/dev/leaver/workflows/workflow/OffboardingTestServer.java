package dev.leaver.workflows.workflow;

import dev.leaver.workflows.api.SearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestWorkflowExtension;

/**
 * The Java test server as the offboarding workflow's tests need it: the workflow and its search
 * attributes.
 */
final class OffboardingTestServer {
  private OffboardingTestServer() {}

  /** Not started: each test registers its fake planning and tenant first. */
  static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(OffboardingWorkflowImpl.class)
            .setDoNotStart(true);
    // Every one the workflow sets: an unregistered one fails its workflow task for ever.
    SearchAttributes.CLI_TYPES.forEach(
        (name, type) -> builder.registerSearchAttribute(name, indexed(type)));
    return builder.build();
  }

  static IndexedValueType indexed(String cliType) {
    return switch (cliType) {
      case "Keyword" -> IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
      case "Bool" -> IndexedValueType.INDEXED_VALUE_TYPE_BOOL;
      case "Datetime" -> IndexedValueType.INDEXED_VALUE_TYPE_DATETIME;
      default -> throw new IllegalArgumentException("search attribute type " + cliType);
    };
  }
}
