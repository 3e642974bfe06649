package dev.leaver.activities.entra;

import com.microsoft.graph.drives.item.items.item.invite.InvitePostRequestBody;
import com.microsoft.graph.models.Drive;
import com.microsoft.graph.models.DriveRecipient;
import com.microsoft.graph.models.Identity;
import com.microsoft.graph.models.Permission;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Preview;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The handover: the manager gets write access to the root of the leaver's OneDrive (an invite,
 * no e-mail sent); its undo, run when the handover period ends, deletes that permission. The SDK
 * addresses the root as {@code /drives/{driveId}/items/{rootId}}, so both ids are kept.
 */
final class GrantOneDriveToManager implements TargetAction {
  private static final String PERMISSION = "Files.ReadWrite.All";
  private static final String READ = "Files.Read.All";
  private final GraphServiceClient graph;

  GrantOneDriveToManager(GraphServiceClient graph) {
    this.graph = graph;
  }

  @Override public String name() { return "GrantOneDriveToManager"; }
  @Override public Stage stage() { return Stage.HANDOVER; }
  @Override public boolean reversible() { return true; }
  @Override public String description() { return "give the manager write access to the leaver's OneDrive"; }

  /** {@code driveId}, {@code rootId} (empty without a OneDrive), {@code managerAccess}, {@code permissionId}. */
  @Override
  public Map<String, String> snapshot(Target t) {
    Drive drive;
    try {
      drive = graph.users().byUserId(t.accountId()).drive().get();
    } catch (ApiException e) {
      if (e.getResponseStatusCode() == 404) { // no OneDrive licence, or never provisioned
        return Map.of("driveId", "", "rootId", "", "managerAccess", "none");
      }
      throw GraphErrors.map(READ, e);
    }
    String driveId = drive.getId();
    String rootId = GraphErrors.call(READ, () -> graph.drives().byDriveId(driveId).root().get()).getId();
    Permission p = managerPermission(driveId, rootId, t.leaver().managerUpn());
    Map<String, String> m = new LinkedHashMap<>();
    m.put("driveId", driveId);
    m.put("rootId", rootId);
    m.put("managerAccess", p == null ? "none" : String.join(",", p.getRoles()));
    if (p != null) {
      m.put("permissionId", p.getId());
    }
    return m;
  }

  @Override
  public Change apply(Target t, Map<String, String> before) {
    String manager = t.leaver().managerUpn();
    if (manager == null) {
      return new Change(before, false, null, List.of("no manager on record to hand the OneDrive over to"), List.of());
    }
    if (before.get("driveId").isEmpty()) {
      return new Change(before, false, null, List.of(), List.of("the leaver has no OneDrive: nothing to hand over"));
    }
    if (before.get("managerAccess").contains("write")) {
      // Graph cannot say who created a permission: it may be this step's own grant from an attempt
      // whose result was lost. Taking it back when the handover ends is the safe side, and is said.
      return new Change(before, false, null, List.of(), List.of("the manager already had write access "
          + "(permission " + before.get("permissionId") + "); it is removed when the handover ends"));
    }
    DriveRecipient recipient = new DriveRecipient();
    recipient.setEmail(manager);
    InvitePostRequestBody body = new InvitePostRequestBody();
    body.setRecipients(List.of(recipient));
    body.setRoles(List.of("write"));
    body.setRequireSignIn(true);
    body.setSendInvitation(false);
    RequestId requestId = new RequestId();
    var granted = GraphErrors.call(PERMISSION, () -> graph.drives().byDriveId(before.get("driveId"))
        .items().byDriveItemId(before.get("rootId")).invite().post(body, rc -> requestId.addTo(rc.options)));
    Map<String, String> after = new LinkedHashMap<>(before);
    after.put("managerAccess", "write");
    after.put("permissionId", granted.getValue().get(0).getId());
    return new Change(after, true, requestId.value(), List.of(), List.of());
  }

  @Override
  public Map<String, String> undo(Target t, Receipt receipt) {
    Map<String, String> a = receipt.after();
    String permissionId = a.get("permissionId");
    if (permissionId == null || permissionId.isEmpty()) {
      return Map.of("managerAccess", "none"); // nothing was granted
    }
    try {
      graph.drives().byDriveId(a.get("driveId")).items().byDriveItemId(a.get("rootId"))
          .permissions().byPermissionId(permissionId).delete();
    } catch (ApiException e) {
      if (e.getResponseStatusCode() != 404) { // 404: already gone
        throw GraphErrors.map(PERMISSION, e);
      }
    }
    return Map.of("managerAccess", "none", "permissionId", permissionId);
  }

  /** Meaningful after the revocation: the manager's permission must be gone. */
  @Override
  public Check verify(Target t, Receipt receipt) {
    Map<String, String> a = receipt.after();
    String driveId = a.getOrDefault("driveId", "");
    if (driveId.isEmpty() || t.leaver().managerUpn() == null) {
      return Check.removed("nothing was handed over");
    }
    Permission p = managerPermission(driveId, a.get("rootId"), t.leaver().managerUpn());
    return p == null ? Check.removed("the manager has no access to the OneDrive")
        : Check.stillGranted("the manager still has " + p.getRoles() + " access");
  }

  @Override
  public Preview preview(Target t, Map<String, String> before) {
    boolean grant = t.leaver().managerUpn() != null && !before.get("driveId").isEmpty()
        && !before.get("managerAccess").contains("write");
    return new Preview(grant, grant ? "give the manager write access for the handover period"
        : "nothing to grant");
  }

  private Permission managerPermission(String driveId, String rootId, String manager) {
    if (manager == null) {
      return null;
    }
    var perms = GraphErrors.call(READ,
        () -> graph.drives().byDriveId(driveId).items().byDriveItemId(rootId).permissions().get());
    for (Permission p : perms.getValue()) {
      var who = p.getGrantedToV2();
      if (who != null && Stream.of(who.getUser(), who.getSiteUser())
          .anyMatch(i -> manager.equalsIgnoreCase(email(i)))) {
        return p;
      }
    }
    return null;
  }

  /** The SDK's Identity has no e-mail property; Graph sends it anyway, so it lands in additionalData. */
  private static String email(Identity identity) {
    Object email = identity == null || identity.getAdditionalData() == null ? null
        : identity.getAdditionalData().get("email");
    return email == null ? null : email.toString();
  }
}
