package dev.leaver.activities.entra;

import com.microsoft.graph.models.AssignedLicense;
import com.microsoft.graph.models.LicenseAssignmentState;
import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.item.assignlicense.AssignLicensePostRequestBody;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Removes directly assigned licences. Licences inherited from a group cannot be removed from the
 * user (Graph refuses); they are reported, and go with the group membership.
 *
 * <p>When the plan converts the leaver's mailbox to a shared mailbox ({@code
 * exchange.ConvertToSharedMailbox}), this waits for it: a user mailbox whose licence is removed is
 * deleted with its mail after the grace period, a shared one needs no licence.
 */
final class RemoveLicenses implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
              "RemoveLicenses",
              Stage.CLEANUP,
              true,
              "LicenseAssignment.ReadWrite.All",
              "remove directly assigned licences")
          .after("exchange.ConvertToSharedMailbox");
  private final GraphServiceClient graph;

  RemoveLicenses(GraphServiceClient graph) {
    this.graph = graph;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /**
   * {@code direct}: SKU ids; {@code disabledPlans.<sku>}: plans to restore; {@code inherited}:
   * {@code skuId:groupId} pairs for licences a group gives.
   */
  @Override
  public Map<String, String> snapshot(Target t) {
    User u =
        GraphErrors.call(
            "User.Read.All",
            () ->
                graph
                    .users()
                    .byUserId(t.accountId())
                    .get(
                        rc ->
                            rc.queryParameters.select =
                                new String[] {
                                  "id", "assignedLicenses", "licenseAssignmentStates"
                                }));
    Map<String, String> m = new LinkedHashMap<>();
    List<String> direct = new ArrayList<>();
    List<String> inherited = new ArrayList<>();
    for (LicenseAssignmentState s : nonNull(u.getLicenseAssignmentStates())) {
      if (s.getAssignedByGroup() == null) {
        direct.add(String.valueOf(s.getSkuId()));
      } else {
        inherited.add(s.getSkuId() + ":" + s.getAssignedByGroup());
      }
    }
    for (AssignedLicense l : nonNull(u.getAssignedLicenses())) {
      if (direct.contains(String.valueOf(l.getSkuId()))
          && !nonNull(l.getDisabledPlans()).isEmpty()) {
        m.put(
            "disabledPlans." + l.getSkuId(),
            String.join(" ", nonNull(l.getDisabledPlans()).stream().map(UUID::toString).toList()));
      }
    }
    m.put("direct", String.join(",", direct));
    m.put("inherited", String.join(",", inherited));
    return m;
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    List<String> direct = list(before.get("direct"));
    int inherited = list(before.get("inherited")).size();
    String groups =
        inherited == 0 ? "" : "; " + inherited + " inherited from groups go with those memberships";
    return direct.isEmpty()
        ? new Decision.NoOp("no directly assigned licence" + groups)
        : new Decision.Write("remove " + direct.size() + " directly assigned licence(s)" + groups);
  }

  /** Removes the before-image's direct licences still assigned: a repeat removes nothing twice. */
  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    List<String> still = list(snapshot(t).get("direct"));
    List<String> remove = list(before.get("direct")).stream().filter(still::contains).toList();
    String apiRequestId = null;
    if (!remove.isEmpty()) {
      progress.beat();
      AssignLicensePostRequestBody body = new AssignLicensePostRequestBody();
      body.setAddLicenses(List.of());
      body.setRemoveLicenses(remove.stream().map(UUID::fromString).toList());
      RequestId requestId = new RequestId();
      GraphErrors.run(
          SPEC.permission(),
          () ->
              graph
                  .users()
                  .byUserId(t.accountId())
                  .assignLicense()
                  .post(body, rc -> requestId.addTo(rc.options)));
      apiRequestId = requestId.value();
    }
    list(before.get("direct")).forEach(progress::done);
    return new Change(
        Map.of("direct", snapshot(t).get("direct")),
        true,
        apiRequestId,
        List.of(),
        inheritedNotes(list(before.get("inherited"))));
  }

  /** "EMS inherited from group Licensing - EMS: removed with that membership", one per licence. */
  private List<String> inheritedNotes(List<String> skuAtGroup) {
    if (skuAtGroup.isEmpty()) {
      return List.of();
    }
    LicenceNames names = new LicenceNames(graph);
    return skuAtGroup.stream()
        .map(pair -> pair.split(":", 2))
        .map(
            p ->
                names.sku(p[0])
                    + " inherited from group "
                    + names.group(p[1])
                    + ": not removable from the user; it goes with that group membership")
        .toList();
  }

  /** Re-assigns the before-image's direct licences (with their disabled plans) that are missing. */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    List<String> now = list(snapshot(t).get("direct"));
    List<AssignedLicense> add = new ArrayList<>();
    for (String sku : list(receipt.before().get("direct"))) {
      if (now.contains(sku)) {
        continue;
      }
      AssignedLicense l = new AssignedLicense();
      l.setSkuId(UUID.fromString(sku));
      l.setDisabledPlans(
          list(receipt.before().get("disabledPlans." + sku), " ").stream()
              .map(UUID::fromString)
              .toList());
      add.add(l);
    }
    if (!add.isEmpty()) {
      progress.beat();
      AssignLicensePostRequestBody body = new AssignLicensePostRequestBody();
      body.setAddLicenses(add);
      body.setRemoveLicenses(List.of());
      GraphErrors.run(
          SPEC.permission(),
          () -> graph.users().byUserId(t.accountId()).assignLicense().post(body));
    }
    return Map.of("direct", snapshot(t).get("direct"));
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    String direct = snapshot(t).get("direct");
    return direct.isEmpty()
        ? Check.removed("no directly assigned licence")
        : Check.stillGranted("directly assigned: " + direct);
  }

  private static <T> List<T> nonNull(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static List<String> list(String joined) {
    return list(joined, ",");
  }

  private static List<String> list(String joined, String sep) {
    return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(sep));
  }
}
