package dev.leaver.activities.entra;

import com.microsoft.graph.models.OAuth2PermissionGrant;
import com.microsoft.graph.models.OAuth2PermissionGrantCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
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
import java.util.TreeMap;

/**
 * Revokes the consents the leaver gave apps to act as them: their delegated permission grants
 * ({@code oAuth2PermissionGrant} with consentType {@code Principal}, read with {@code GET
 * /oauth2PermissionGrants?$filter=principalId eq '{id}'}), deleted one at a time with progress.
 * Access tokens already issued stay valid until they expire (about an hour); the refresh tokens end
 * with {@code RevokeSessions}. A tenant-wide admin consent ({@code AllPrincipals}) is not the
 * leaver's and is left alone.
 *
 * <p>A grant is known by its client and resource ({@code clientId:resourceId}); the undo re-creates
 * exactly the grants this step removed, with the same scopes, and records their new ids.
 */
final class RevokeOAuthConsents implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "RevokeOAuthConsents",
          Stage.CLEANUP,
          true,
          "DelegatedPermissionGrant.ReadWrite.All",
          "revoke the consents the leaver gave apps to act as them (delegated permission grants)");
  private static final String KEYS = "grants";
  private static final String SCOPE = "scope.";
  private final GraphServiceClient graph;

  RevokeOAuthConsents(GraphServiceClient graph) {
    this.graph = graph;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /** {@code grants}: {@code clientId:resourceId} keys; {@code scope.<key>}: each grant's scopes. */
  @Override
  public Map<String, String> snapshot(Target t) {
    return describe(grants(t.accountId()));
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    List<String> keys = Joined.ids(before.get(KEYS));
    return keys.isEmpty()
        ? new Decision.NoOp("the leaver has consented to no app acting as them")
        : new Decision.Write(
            "revoke " + keys.size() + " consent(s) the leaver gave apps to act as them");
  }

  /** Deletes each grant of the before-image still there; one already gone counts as done. */
  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    String lastRequestId =
        KeyedItems.removeEach(
            Joined.ids(before.get(KEYS)),
            grants(t.accountId()),
            progress,
            SPEC.permission(),
            (g, requestId) ->
                graph
                    .oauth2PermissionGrants()
                    .byOAuth2PermissionGrantId(g.getId())
                    .delete(rc -> requestId.addTo(rc.options)));
    return new Change(
        Map.of(KEYS, Joined.ids(grants(t.accountId()).keySet())),
        true,
        lastRequestId,
        List.of(),
        List.of("access tokens already issued to these apps stay valid until they expire"));
  }

  /**
   * Re-creates exactly the grants this step removed (its progress; all of the before-image's when
   * the apply never reported any) that are missing now, with their scopes; {@code restoredGrantIds}
   * maps each key to its new id.
   */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    List<String> restored =
        KeyedItems.recreateMissing(
            KeyedItems.removedBy(receipt, KEYS),
            grants(t.accountId()).keySet(),
            progress,
            SPEC.permission(),
            key -> {
              String[] ids = key.split(":", 2);
              OAuth2PermissionGrant g = new OAuth2PermissionGrant();
              g.setClientId(ids[0]);
              g.setResourceId(ids[1]);
              g.setConsentType("Principal");
              g.setPrincipalId(t.accountId());
              g.setScope(receipt.before().getOrDefault(SCOPE + key, ""));
              return graph.oauth2PermissionGrants().post(g).getId();
            },
            e -> e.getResponseStatusCode() == 409); // 409: the grant is there already
    Map<String, String> after = new LinkedHashMap<>(describe(grants(t.accountId())));
    after.put("restoredGrantIds", Joined.ids(restored));
    return after;
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    Map<String, OAuth2PermissionGrant> now = grants(t.accountId());
    return now.isEmpty()
        ? Check.removed("no app holds a consent from the leaver")
        : Check.stillGranted(
            now.size()
                + " app(s) still hold a consent from the leaver: "
                + Joined.ids(now.keySet()));
  }

  /** The leaver's own consents by {@code clientId:resourceId}, sorted. */
  private Map<String, OAuth2PermissionGrant> grants(String userId) {
    var requests = graph.oauth2PermissionGrants();
    String filter = "principalId eq '" + userId.replace("'", "''") + "'";
    Map<String, OAuth2PermissionGrant> out = new TreeMap<>();
    GraphPages.all(
            SPEC.permission(),
            () -> requests.get(rc -> rc.queryParameters.filter = filter),
            link -> requests.withUrl(link).get(),
            OAuth2PermissionGrantCollectionResponse::getValue)
        .stream()
        .filter(g -> "Principal".equals(g.getConsentType()))
        .forEach(g -> out.put(g.getClientId() + ":" + g.getResourceId(), g));
    return out;
  }

  private static Map<String, String> describe(Map<String, OAuth2PermissionGrant> grants) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(KEYS, Joined.ids(grants.keySet()));
    grants.forEach((key, g) -> m.put(SCOPE + key, g.getScope() == null ? "" : g.getScope().trim()));
    return m;
  }
}
