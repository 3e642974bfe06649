package dev.leaver.workflows.workflow;

import dev.leaver.workflows.api.SearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestWorkflowExtension;

/** The Java test server as the offboarding workflow's tests need it: the workflow and its search attributes. */
final class OffboardingTestServer {
  private OffboardingTestServer() {}

  /** Not started: each test registers its fake planning and tenant first. */
  static TestWorkflowExtension extension() {
    return TestWorkflowExtension.newBuilder()
        .registerWorkflowImplementationTypes(OffboardingWorkflowImpl.class)
        .registerSearchAttribute(SearchAttributes.EMPLOYEE_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute(SearchAttributes.PHASE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute(SearchAttributes.NEEDS_ATTENTION.getName(), IndexedValueType.INDEXED_VALUE_TYPE_BOOL)
        .registerSearchAttribute(SearchAttributes.EFFECTIVE_AT.getName(), IndexedValueType.INDEXED_VALUE_TYPE_DATETIME)
        .registerSearchAttribute(SearchAttributes.HELD.getName(), IndexedValueType.INDEXED_VALUE_TYPE_BOOL)
        .setDoNotStart(true)
        .build();
  }
}
