package dev.leaver.activities.entra;

import com.microsoft.graph.drives.item.items.item.invite.InvitePostRequestBody;
import com.microsoft.graph.models.Drive;
import com.microsoft.graph.models.DriveRecipient;
import com.microsoft.graph.models.Identity;
import com.microsoft.graph.models.Permission;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import dev.leaver.activities.graph.GraphErrors;
import dev.leaver.activities.graph.RequestId;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The handover: the manager gets write access to the root of the leaver's OneDrive (an invite, no
 * e-mail sent); its undo, run when the handover period ends, deletes that permission. The SDK
 * addresses the root as {@code /drives/{driveId}/items/{rootId}}, so both ids are kept.
 */
final class GrantOneDriveToManager implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "GrantOneDriveToManager",
          Stage.HANDOVER,
          true,
          "Files.ReadWrite.All",
          "give the manager write access to the leaver's OneDrive");
  private static final String READ = "Files.Read.All";
  private final GraphServiceClient graph;

  GrantOneDriveToManager(GraphServiceClient graph) {
    this.graph = graph;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /**
   * {@code driveId}, {@code rootId} (empty without a OneDrive), {@code managerAccess}, {@code
   * permissionId}.
   */
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
    String rootId =
        GraphErrors.call(READ, () -> graph.drives().byDriveId(driveId).root().get()).getId();
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
  public Decision decide(Target t, Map<String, String> before) {
    if (t.leaver().managerUpn() == null) {
      return new Decision.CannotHere(
          "no manager to hand over to",
          List.of("no manager on record to hand the OneDrive over to"));
    }
    if (before.get("driveId").isEmpty()) {
      return new Decision.NoOp("the leaver has no OneDrive: nothing to hand over");
    }
    if (before.get("managerAccess").contains("write")) {
      // Taken before this step's first attempt: the manager had it before Leaver, so it is not
      // Leaver's grant to take back.
      return new Decision.NoOp(
          "the manager already had write access before this offboarding "
              + "(permission "
              + before.get("permissionId")
              + "); left alone, not revoked by Leaver");
    }
    return new Decision.Write("give the manager write access for the handover period");
  }

  /**
   * Grants write access, or finds the grant an earlier attempt of this step made (the before-image
   * says the manager had none) and keeps its id, so the revocation always has it.
   */
  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    String driveId = before.get("driveId");
    String rootId = before.get("rootId");
    Permission existing = managerPermission(driveId, rootId, t.leaver().managerUpn());
    String permissionId;
    String apiRequestId = null;
    List<String> notes = List.of();
    if (existing != null && existing.getRoles() != null && existing.getRoles().contains("write")) {
      permissionId = existing.getId();
      notes = List.of("granted by an earlier attempt of this step whose answer was lost");
    } else {
      progress.beat();
      DriveRecipient recipient = new DriveRecipient();
      recipient.setEmail(t.leaver().managerUpn());
      InvitePostRequestBody body = new InvitePostRequestBody();
      body.setRecipients(List.of(recipient));
      body.setRoles(List.of("write"));
      body.setRequireSignIn(true);
      body.setSendInvitation(false);
      RequestId requestId = new RequestId();
      var granted =
          GraphErrors.call(
              SPEC.permission(),
              () ->
                  graph
                      .drives()
                      .byDriveId(driveId)
                      .items()
                      .byDriveItemId(rootId)
                      .invite()
                      .post(body, rc -> requestId.addTo(rc.options)));
      permissionId = granted.getValue().get(0).getId();
      apiRequestId = requestId.value();
    }
    progress.done(permissionId);
    Map<String, String> after = new LinkedHashMap<>(before);
    after.put("managerAccess", "write");
    after.put("permissionId", permissionId);
    return new Change(after, true, apiRequestId, List.of(), notes);
  }

  /**
   * Takes back Leaver's grant: the permission the apply recorded, or, when the apply never
   * answered, the manager's permission found now. Access the manager had before the step (the
   * before-image) is never touched.
   */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    Map<String, String> b = receipt.before();
    if (b.getOrDefault("driveId", "").isEmpty()
        || b.getOrDefault("managerAccess", "none").contains("write")) {
      return Map.of("managerAccess", b.getOrDefault("managerAccess", "none"));
    }
    // Only a permission that is there now is deleted: a second undo writes nothing.
    Permission p = managerPermission(b.get("driveId"), b.get("rootId"), t.leaver().managerUpn());
    String recorded = receipt.after().get("permissionId");
    if (p == null || (recorded != null && !recorded.equals(p.getId()))) {
      return Map.of("managerAccess", "none"); // never landed, or already taken back
    }
    String id = p.getId();
    progress.beat();
    try {
      graph
          .drives()
          .byDriveId(b.get("driveId"))
          .items()
          .byDriveItemId(b.get("rootId"))
          .permissions()
          .byPermissionId(id)
          .delete();
    } catch (ApiException e) {
      if (e.getResponseStatusCode() != 404) { // 404: already gone
        throw GraphErrors.map(SPEC.permission(), e);
      }
    }
    return Map.of("managerAccess", "none", "permissionId", id);
  }

  /** Meaningful after the revocation: the manager's permission must be gone. */
  @Override
  public Check verify(Target t, Receipt receipt) {
    // A receipt built for an apply that never answered has only the before-image.
    Map<String, String> a =
        receipt.after().containsKey("driveId") ? receipt.after() : receipt.before();
    String driveId = a.getOrDefault("driveId", "");
    if (driveId.isEmpty() || t.leaver().managerUpn() == null) {
      return Check.removed("nothing was handed over");
    }
    Permission p = managerPermission(driveId, a.get("rootId"), t.leaver().managerUpn());
    return p == null
        ? Check.removed("the manager has no access to the OneDrive")
        : Check.stillGranted("the manager still has " + p.getRoles() + " access");
  }

  private Permission managerPermission(String driveId, String rootId, String manager) {
    if (manager == null) {
      return null;
    }
    var perms =
        GraphErrors.call(
            READ,
            () ->
                graph
                    .drives()
                    .byDriveId(driveId)
                    .items()
                    .byDriveItemId(rootId)
                    .permissions()
                    .get());
    for (Permission p : perms.getValue()) {
      var who = p.getGrantedToV2();
      if (who != null
          && Stream.of(who.getUser(), who.getSiteUser())
              .anyMatch(i -> manager.equalsIgnoreCase(email(i)))) {
        return p;
      }
    }
    return null;
  }

  /**
   * The SDK's Identity has no e-mail property; Graph sends it anyway, so it lands in
   * additionalData.
   */
  private static String email(Identity identity) {
    Object email =
        identity == null || identity.getAdditionalData() == null
            ? null
            : identity.getAdditionalData().get("email");
    return email == null ? null : email.toString();
  }
}
