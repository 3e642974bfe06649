package dev.leaver.activities.aws;

import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.util.List;

/**
 * AWS IAM users of one account, through the AWS SDK for Java v2 ({@code iam}, URL-connection HTTP
 * client, the SDK's retries off).
 *
 * <p>Actions, in order: at the kill switch {@code DenyAll} and {@code DeactivateAccessKeys}
 * (reversible); at clean-up {@code RemoveFromGroups} (reversible), {@code DeleteLoginProfile} and
 * {@code DeactivateMfaDevices} (irreversible, after the deny-all so a rescinded run loses nothing
 * it cannot give back before clean-up). The user's attached and inline policies are recorded in the
 * {@code DenyAll} before-image, the groups' policies in {@code RemoveFromGroups}'.
 */
public final class AwsTarget implements TargetSystem {
  public static final String ID = "aws";

  private final Iam iam;
  private final UserMatcher matcher;
  private final List<TargetAction> actions;
  private final AwsPreflight preflight;

  public AwsTarget(AwsConfig config) {
    iam = new Iam(config);
    matcher = new UserMatcher(iam, config);
    actions =
        List.of(
            new DenyAll(iam, config.denyAllPolicyArn()),
            new DeactivateAccessKeys(iam),
            new RemoveFromGroups(iam),
            new DeleteLoginProfile(iam),
            new DeactivateMfaDevices(iam));
    preflight = new AwsPreflight(iam, config);
  }

  @Override
  public String id() {
    return ID;
  }

  /** See {@link UserMatcher}: employee id (tag or mapping file), then user name. Read-only. */
  @Override
  public Resolution resolve(Leaver leaver) {
    return matcher.resolve(leaver);
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
    iam.close();
  }
}
