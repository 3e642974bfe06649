package dev.leaver.activities.entra;

import com.microsoft.graph.drives.item.items.item.invite.InvitePostRequestBody;
import com.microsoft.graph.models.DriveRecipient;
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

/**
 * The handover: the manager gets write access to the root of the leaver's OneDrive (an invite,
 * no e-mail sent); its undo, run when the handover period ends, deletes that permission.
 */
final class GrantOneDriveToManager implements TargetAction {
  private static final String PERMISSION = "Files.ReadWrite.All";
  private final GraphServiceClient graph;

  GrantOneDriveToManager(GraphServiceClient graph) {
    this.graph = graph;
  }

  @Override public String name() { return "GrantOneDriveToManager"; }
  @Override public Stage stage() { return Stage.HANDOVER; }
  @Override public boolean reversible() { return true; }
  @Override public String description() { return "give the manager write access to the leaver's OneDrive"; }

  @Override
  public Map<String, String> snapshot(Target t) {
    String driveId = GraphErrors.call("Files.Read.All", () -> graph.users().byUserId(t.accountId()).drive().get()).getId();
    String rootId = GraphErrors.call("Files.Read.All", () -> graph.drives().byDriveId(driveId).root().get()).getId();
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
    if (before.get("managerAccess").contains("write")) {
      // Access the manager already had is not ours to take back later.
      return new Change(before, false, null, List.of(), List.of("the manager already had write access"));
    }
    DriveRecipient recipient = new DriveRecipient();
    recipient.setEmail(manager);
    InvitePostRequestBody body = new InvitePostRequestBody();
    body.setRecipients(List.of(recipient));
    body.setRoles(List.of("write"));
    body.setRequireSignIn(true);
    body.setSendInvitation(false);
    var granted = GraphErrors.call(PERMISSION, () -> graph.drives().byDriveId(before.get("driveId"))
        .items().byDriveItemId(before.get("rootId")).invite().post(body));
    Map<String, String> after = new LinkedHashMap<>(before);
    after.put("managerAccess", "write");
    after.put("permissionId", granted.getValue().get(0).getId());
    return Change.of(after, true);
  }

  @Override
  public Map<String, String> undo(Target t, Receipt receipt) {
    Map<String, String> a = receipt.after();
    try {
      graph.drives().byDriveId(a.get("driveId")).items().byDriveItemId(a.get("rootId"))
          .permissions().byPermissionId(a.get("permissionId")).delete();
    } catch (ApiException e) {
      if (e.getResponseStatusCode() != 404) {
        throw GraphErrors.map(PERMISSION, e);
      }
    }
    return Map.of("managerAccess", "none");
  }

  /** After the revocation: the manager's permission must be gone. */
  @Override
  public Check verify(Target t, Receipt receipt) {
    Map<String, String> a = receipt.after();
    Permission p = managerPermission(a.get("driveId"), a.get("rootId"), t.leaver().managerUpn());
    return p == null ? Check.removed("the manager has no access to the OneDrive")
        : Check.stillGranted("the manager still has " + p.getRoles() + " access");
  }

  @Override
  public Preview preview(Target t, Map<String, String> before) {
    boolean grant = t.leaver().managerUpn() != null && !before.get("managerAccess").contains("write");
    return new Preview(grant, grant ? "give the manager write access for the handover period"
        : "nothing to grant");
  }

  private Permission managerPermission(String driveId, String rootId, String manager) {
    if (manager == null) {
      return null;
    }
    var perms = GraphErrors.call("Files.Read.All",
        () -> graph.drives().byDriveId(driveId).items().byDriveItemId(rootId).permissions().get());
    for (Permission p : perms.getValue()) {
      var user = p.getGrantedToV2() == null ? null : p.getGrantedToV2().getUser();
      Object email = user == null || user.getAdditionalData() == null ? null : user.getAdditionalData().get("email");
      if (manager.equalsIgnoreCase(String.valueOf(email))) {
        return p;
      }
    }
    return null;
  }
}
