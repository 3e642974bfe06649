package dev.leaver.activities.slack;

import com.slack.api.scim2.model.PatchOperation;
import com.slack.api.scim2.request.UsersPatchOperation;

/**
 * A SCIM PatchOp that replaces {@code active} with a JSON boolean. SDK 1.51's {@link
 * UsersPatchOperation} holds scalar values only as strings, which would send {@code "false"} where
 * SCIM's {@code active} is a boolean; overriding {@link #toSerializable} is the SDK's own seam for
 * what goes on the wire.
 */
final class ActivePatch extends UsersPatchOperation {
  private final boolean active;

  ActivePatch(boolean active) {
    this.active = active;
    setOp(PatchOperation.Replace);
    setPath("active");
  }

  @Override
  public UsersPatchOperation.Serializable toSerializable() {
    return UsersPatchOperation.Serializable.builder()
        .op(PatchOperation.Replace)
        .path("active")
        .value(active)
        .build();
  }
}
