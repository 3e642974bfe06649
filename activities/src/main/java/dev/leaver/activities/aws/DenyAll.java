package dev.leaver.activities.aws;

import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kill switch: attaches the managed deny-all policy ({@code AWSDenyAll} by default) to the IAM
 * user. IAM evaluates policies on every request, and an explicit deny wins over any allow, so this
 * stops at once everything the user's access keys, console session and session credentials already
 * issued from them ({@code GetSessionToken}) may do. Undo detaches it, unless it was attached
 * before the step.
 *
 * <p>Its before-image is also the evidence of the user's own policies: the managed policies
 * attached and the inline policies' names, before anything is changed. (Group policies are in
 * {@link RemoveFromGroups}'s.)
 *
 * <p>A managed policy rather than an inline one: the worker's {@code iam:AttachUserPolicy} can be
 * limited to this one ARN with the condition key {@code iam:PolicyARN}, where {@code
 * iam:PutUserPolicy} would let the worker's credentials write any policy, an allow-all too.
 */
final class DenyAll implements TargetAction {
  static final String NAME = "DenyAll";
  static final String ATTACHED = "denyAllAttached";
  static final String POLICIES = "attachedPolicies";
  static final String INLINE = "inlinePolicies";
  static final ActionSpec SPEC =
      ActionSpec.of(
          NAME,
          Stage.KILL_SWITCH,
          true,
          "iam:AttachUserPolicy",
          "Attaches the deny-all managed policy to the IAM user: denies every action at once, for its"
              + " access keys, console and session credentials already issued.");

  private final Iam iam;
  private final String policyArn;

  DenyAll(Iam iam, String policyArn) {
    this.iam = iam;
    this.policyArn = policyArn;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    List<String> attached = iam.attachedPolicies(target.accountId());
    Map<String, String> m = new LinkedHashMap<>();
    m.put(ATTACHED, Boolean.toString(attached.contains(policyArn)));
    m.put(POLICIES, Items.join(attached));
    m.put(INLINE, Items.join(iam.inlinePolicies(target.accountId())));
    return m;
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    if ("true".equals(before.get(ATTACHED))) {
      return new Decision.NoOp(
          policyArn + " is already attached to IAM user " + target.accountId());
    }
    return new Decision.Write(
        "attach "
            + policyArn
            + " to IAM user "
            + target.accountId()
            + ": denies every action from now on (its keys, console and session credentials)");
  }

  /**
   * AttachUserPolicy of a policy already attached answers 200: a repeat after a lost answer is
   * safe.
   */
  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    progress.beat();
    if (!iam.attachPolicy(target.accountId(), policyArn)) {
      throw new TargetException.Rejected(
          "aws AttachUserPolicy: NoSuchEntity: no user "
              + target.accountId()
              + " or no policy "
              + policyArn,
          null);
    }
    return new Change(
        snapshot(target),
        true,
        null,
        List.of(),
        List.of(
            "role sessions the user assumed earlier are governed by the role's policies, not the user's:"
                + " they last until they expire (1 h by default, at most 12 h)"));
  }

  /** Detaches the policy only if the before-image shows it was not attached already. */
  @Override
  public Map<String, String> undo(Target target, Receipt receipt, Progress progress) {
    if (!"true".equals(receipt.before().get(ATTACHED))
        && iam.attachedPolicies(target.accountId()).contains(policyArn)) {
      progress.beat();
      iam.detachPolicy(target.accountId(), policyArn); // NoSuchEntity: detached meanwhile
    }
    return snapshot(target);
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    return iam.attachedPolicies(target.accountId()).contains(policyArn)
        ? Check.removed(policyArn + " is attached: every action is denied")
        : Check.stillGranted(policyArn + " is not attached");
  }
}
