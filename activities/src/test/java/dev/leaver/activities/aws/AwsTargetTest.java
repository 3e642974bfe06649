package dev.leaver.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.Fault;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.aws.AwsEmulator;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Receipt;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;

/** What the contract cannot see: per-key progress, undo semantics, lost answers, IAM's refusals. */
class AwsTargetTest {
  private Sandbox sandbox;
  private AwsTarget aws;
  private IamClient moto;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    aws = new AwsTarget(AwsConfig.sandbox(sandbox.baseUrl()));
    moto = MotoDirect.client(sandbox);
  }

  @AfterEach
  void stop() {
    moto.close();
    aws.close();
    sandbox.close();
  }

  @Test
  void theUndoReactivatesOnlyTheKeysThatWereActiveBeforeTheStep() {
    MotoDirect.user(moto, "mixed.keys", "E2001");
    String active = moto.createAccessKey(r -> r.userName("mixed.keys")).accessKey().accessKeyId();
    String inactive = moto.createAccessKey(r -> r.userName("mixed.keys")).accessKey().accessKeyId();
    moto.updateAccessKey(
        r -> r.userName("mixed.keys").accessKeyId(inactive).status(StatusType.INACTIVE));
    Target t = target(new Leaver("E2001", "mixed.keys@contoso.example", null));
    Map<String, String> before = action("DeactivateAccessKeys").snapshot(t);

    Receipt applied = attempt("DeactivateAccessKeys", t, Progress.inMemory()).apply(before);
    assertThat(statuses("mixed.keys"))
        .containsEntry(active, "Inactive")
        .containsEntry(inactive, "Inactive");
    assertThat(Progress.itemsOf(applied.after())).containsExactly(active);

    attempt("DeactivateAccessKeys", t, Progress.inMemory()).undo(applied);

    assertThat(statuses("mixed.keys"))
        .containsEntry(active, "Active")
        .containsEntry(inactive, "Inactive");
  }

  @Test
  void aKeyRefusedHalfWayLeavesTheFirstAsProgressAndTheRetryDoesOnlyTheSecond() {
    Target t = target(AwsContractTest.LINUS);
    Map<String, String> before = action("DeactivateAccessKeys").snapshot(t);
    List<String> keys = List.copyOf(Items.pairs(before.get(DeactivateAccessKeys.KEYS)).keySet());
    sandbox
        .emulator(AwsEmulator.class)
        .refuse(
            "UpdateAccessKey",
            "AccessKeyId",
            keys.get(1),
            1,
            AwsEmulator.error(
                403, "AccessDenied", "not authorized to perform iam:UpdateAccessKey"));
    Progress progress = Progress.inMemory();

    assertThatThrownBy(() -> attempt("DeactivateAccessKeys", t, progress).apply(before))
        .isInstanceOf(TargetException.PermissionDenied.class)
        .hasMessageContaining("iam:UpdateAccessKey");
    assertThat(progress.items()).containsExactly(keys.get(0));
    assertThat(statuses("linus.okafor"))
        .containsEntry(keys.get(0), "Inactive")
        .containsEntry(keys.get(1), "Active");

    int landed = landed("/aws/UpdateAccessKey");
    Receipt retried = attempt("DeactivateAccessKeys", t, progress).apply(before);

    assertThat(landed("/aws/UpdateAccessKey") - landed)
        .as("updates sent by the retry")
        .isEqualTo(1);
    assertThat(retried.changed()).isTrue();
    assertThat(statuses("linus.okafor")).containsValues("Inactive").doesNotContainValue("Active");
  }

  @Test
  void aDeleteWhoseAnswerIsLostIsRetryableAndTheRetryStillRecordsThePasswordItDeleted() {
    Target t = target(AwsContractTest.LINUS);
    Map<String, String> before = action("DeleteLoginProfile").snapshot(t);
    sandbox.server().faults().add(Fault.dropAnswer("POST", "/aws/DeleteLoginProfile").times(1));

    assertThatThrownBy(() -> attempt("DeleteLoginProfile", t, Progress.inMemory()).apply(before))
        .isInstanceOf(TargetException.Retryable.class);
    assertThatThrownBy(() -> moto.getLoginProfile(r -> r.userName("linus.okafor")))
        .as("the delete landed in moto though its answer was lost")
        .isInstanceOf(NoSuchEntityException.class);

    Receipt retried = attempt("DeleteLoginProfile", t, Progress.inMemory()).apply(before);

    assertThat(retried.changed()).isTrue();
    assertThat(retried.before())
        .containsEntry("loginProfile", "true")
        .containsKey("loginProfileCreated");
    assertThat(retried.notes()).anyMatch(n -> n.contains("an earlier attempt's delete landed"));
    assertThatThrownBy(() -> attempt("DeleteLoginProfile", t, Progress.inMemory()).undo(retried))
        .isInstanceOf(dev.leaver.activities.target.IrreversibleException.class);
  }

  @Test
  void theMfaStepRecordsEverySerialItDeactivatedAndMotoHasNoneEnabledAfter() {
    Target t = target(AwsContractTest.LINUS);
    String account = sandbox.emulator(AwsEmulator.class).accountId();

    Receipt r =
        attempt("DeactivateMfaDevices", t, Progress.inMemory())
            .apply(action("DeactivateMfaDevices").snapshot(t));

    assertThat(r.before().get("mfaSerials"))
        .isEqualTo(
            "arn:aws:iam::"
                + account
                + ":mfa/linus.okafor-phone,"
                + "arn:aws:iam::"
                + account
                + ":mfa/linus.okafor-yubikey");
    assertThat(Progress.itemsOf(r.after())).hasSize(2);
    assertThat(moto.listMFADevices(q -> q.userName("linus.okafor")).mfaDevices()).isEmpty();
    assertThat(r.reversible()).isFalse();
  }

  @Test
  void theDenyAllBeforeImageIsTheEvidenceOfTheUsersOwnAndGroupPolicies() {
    Target t = target(AwsContractTest.LINUS);
    String account = sandbox.emulator(AwsEmulator.class).accountId();

    Map<String, String> denyAll = action("DenyAll").snapshot(t);
    Map<String, String> groups = action("RemoveFromGroups").snapshot(t);

    assertThat(denyAll)
        .containsEntry("denyAllAttached", "false")
        .containsEntry(
            "attachedPolicies",
            "arn:aws:iam::"
                + account
                + ":policy/deploy-prod,"
                + "arn:aws:iam::aws:policy/ReadOnlyAccess")
        .containsEntry("inlinePolicies", "scratch-bucket");
    assertThat(groups.get("groupPolicies"))
        .contains("developers=arn:aws:iam::aws:policy/ReadOnlyAccess")
        .endsWith("oncall=");
  }

  @Test
  void theDenyAllStepAttachesAwsDenyAllAndItsUndoLeavesOneThatWasThereBefore() {
    Target grace = target(new Leaver("E0042", "grace.hopper@contoso.example", null));
    Target linus = target(AwsContractTest.LINUS);
    moto.attachUserPolicy(r -> r.userName("ghopper").policyArn(AwsConfig.AWS_DENY_ALL));
    Map<String, String> graceBefore = action("DenyAll").snapshot(grace);

    Receipt noChange = attempt("DenyAll", grace, Progress.inMemory()).apply(graceBefore);
    attempt("DenyAll", grace, Progress.inMemory())
        .undo(attempt("DenyAll", grace, Progress.inMemory()).unanswered(graceBefore, null));
    attempt("DenyAll", linus, Progress.inMemory()).apply(action("DenyAll").snapshot(linus));

    assertThat(noChange.changed()).isFalse();
    assertThat(attachedTo("ghopper")).contains(AwsConfig.AWS_DENY_ALL);
    assertThat(attachedTo("linus.okafor")).contains(AwsConfig.AWS_DENY_ALL);
  }

  @Test
  void throttlingWithoutRetryAfterIsRetryableAndLeavesTheDelayToTemporal() {
    Target t = target(AwsContractTest.LINUS);
    Map<String, String> before = action("DenyAll").snapshot(t);
    sandbox
        .server()
        .faults()
        .inject(
            "POST",
            "/aws/AttachUserPolicy",
            1,
            AwsEmulator.error(400, "ThrottlingException", "Rate exceeded"));

    assertThatThrownBy(() -> attempt("DenyAll", t, Progress.inMemory()).apply(before))
        .isInstanceOfSatisfying(
            TargetException.Retryable.class, e -> assertThat(e.retryAfter()).isNull());
  }

  @Test
  void http429WithRetryAfterIsRetryableAfterIt() {
    Target t = target(AwsContractTest.LINUS);
    Map<String, String> before = action("RemoveFromGroups").snapshot(t);
    sandbox.server().faults().throttle("POST", "/aws/RemoveUserFromGroup", 1, 11);

    assertThatThrownBy(() -> attempt("RemoveFromGroups", t, Progress.inMemory()).apply(before))
        .isInstanceOfSatisfying(
            TargetException.Retryable.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(11)));
  }

  @Test
  void theSdkDoesNotRetryAServerErrorItselfTemporalDoes() {
    Target t = target(AwsContractTest.LINUS);
    Map<String, String> before = action("DenyAll").snapshot(t);
    sandbox.server().faults().add(Fault.fail("POST", "/aws/AttachUserPolicy", 500).times(1));

    assertThatThrownBy(() -> attempt("DenyAll", t, Progress.inMemory()).apply(before))
        .isInstanceOf(TargetException.Retryable.class);

    assertThat(sandbox.server().requests())
        .filteredOn(r -> r.path().equals("/aws/AttachUserPolicy"))
        .as("requests the SDK sent for one apply")
        .hasSize(1);
    assertThat(attachedTo("linus.okafor")).doesNotContain(AwsConfig.AWS_DENY_ALL);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private Target target(Leaver leaver) {
    var r = aws.resolve(leaver);
    assertThat(r.found()).as(r.detail()).isTrue();
    return new Target(leaver, r.accountId(), "req-aws");
  }

  private TargetAction action(String name) {
    return aws.actions().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  private Attempt attempt(String name, Target t, Progress progress) {
    return new Attempt("aws", action(name), t, Clock.systemUTC(), 1, progress);
  }

  private Map<String, String> statuses(String user) {
    Map<String, String> m = new java.util.TreeMap<>();
    for (AccessKeyMetadata k : moto.listAccessKeys(r -> r.userName(user)).accessKeyMetadata()) {
      m.put(k.accessKeyId(), k.statusAsString());
    }
    return m;
  }

  private List<String> attachedTo(String user) {
    return moto.listAttachedUserPolicies(r -> r.userName(user)).attachedPolicies().stream()
        .map(p -> p.policyArn())
        .toList();
  }

  private int landed(String path) {
    return (int)
        sandbox.server().requests().stream()
            .filter(r -> r.path().equals(path) && r.landed())
            .count();
  }
}
