package dev.leaver.activities.ad;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * On-prem Active Directory over LDAPS, through the UnboundID LDAP SDK. The account id is the
 * objectGUID, so a step finds the account again after it was moved or renamed.
 *
 * <p>Actions, in order: {@code DisableAccount} (kill switch), optionally {@code ResetPassword}
 * (kill switch, irreversible), then {@code RemoveGroupMemberships}, {@code RecordTermination} and,
 * when a Disabled OU is configured, {@code MoveToDisabledOu} (clean-up). Entra's {@code
 * DisableAccount} waits for this one's: a hybrid account is disabled here and synced up.
 */
public final class AdTarget implements TargetSystem {
  public static final String ID = "ad";
  static final String READ = "read users and groups";
  static final String[] PERSON = {"objectGUID", "userAccountControl", "primaryGroupID"};

  private final Directory directory;
  private final List<TargetAction> actions;
  private final AdPreflight preflight;

  public AdTarget(AdConfig config) {
    this(config, Clock.systemUTC());
  }

  AdTarget(AdConfig config, Clock clock) {
    directory = new Directory(config);
    List<TargetAction> list = new ArrayList<>();
    list.add(new DisableAccount(directory));
    if (config.resetPassword()) {
      list.add(new ResetPassword(directory, new SecureRandom()));
    }
    list.add(new RemoveGroupMemberships(directory));
    list.add(new RecordTermination(directory));
    if (config.disabledOu() != null && !config.disabledOu().isBlank()) {
      list.add(new MoveToDisabledOu(directory));
    }
    actions = List.copyOf(list);
    preflight = new AdPreflight(directory, actions);
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * By the configured keys in order ({@code matchOn}: by default {@code employeeID}, then {@code
   * userPrincipalName}); two matches on a key are ambiguous, none touched.
   */
  @Override
  public Resolution resolve(Leaver leaver) {
    String tried = String.join(", ", directory.config().matchOn());
    if (!directory.configured()) {
      return Resolution.notFound(ID, tried, "no AD directory configured");
    }
    record Key(String attribute, String value) {}
    List<Key> keys =
        directory.config().matchOn().stream()
            .map(
                a ->
                    new Key(
                        a,
                        switch (a) {
                          case "employeeID" -> leaver.employeeId();
                          case "sAMAccountName" ->
                              leaver.upn().contains("@")
                                  ? leaver.upn().substring(0, leaver.upn().indexOf('@'))
                                  : leaver.upn();
                          default -> leaver.upn();
                        }))
            .toList();
    for (Key key : keys) {
      Filter f =
          Filter.createANDFilter(
              Filter.createEqualityFilter("objectClass", "user"),
              Filter.createEqualityFilter(key.attribute(), key.value()));
      List<SearchResultEntry> found = directory.find(f, PERSON);
      if (found.size() > 1) {
        return Resolution.ambiguous(
            ID,
            key.attribute(),
            found.stream()
                .map(e -> Directory.guid(e.getAttributeValueBytes("objectGUID")))
                .toList(),
            "two or more user objects with the leaver's " + key.attribute() + "; none touched");
      }
      if (found.size() == 1) {
        SearchResultEntry e = found.get(0);
        return Resolution.found(
            ID,
            Directory.guid(e.getAttributeValueBytes("objectGUID")),
            key.attribute(),
            "user object matched on " + key.attribute());
      }
    }
    return Resolution.notFound(
        ID, tried, "no user object matching the leaver's " + tried + " under the base DN");
  }

  @Override
  public List<TargetAction> actions() {
    return actions;
  }

  @Override
  public List<PermissionCheck> check() {
    return preflight.check();
  }

  @Override
  public void close() {
    directory.close();
  }

  /** The account's DN now, by objectGUID. */
  static String dnOf(Directory d, String guid) {
    return d.entry(guid, "objectGUID").getDN();
  }
}
