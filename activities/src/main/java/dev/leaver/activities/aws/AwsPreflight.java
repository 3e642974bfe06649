package dev.leaver.activities.aws;

import dev.leaver.activities.target.PermissionCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * IAM's preflight. IAM has no dry run and no "what may I do" call that emulators serve, so each
 * permission is probed with its own call on a user that does not exist ({@code
 * leaver-preflight-<random>}, checked absent first): IAM authorizes a request before it looks the
 * user up, so NoSuchEntity proves the permission and AccessDenied proves it missing, and nothing is
 * written. A policy whose {@code Resource} names user paths may answer differently for this user
 * than for real ones (UNCONFIRMED against AWS; moto authorizes nothing).
 */
final class AwsPreflight {
  private static final Set<String> REFUSED =
      Set.of(
          "InvalidClientTokenId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "InvalidAccessKeyId",
          "UnrecognizedClientException",
          "MissingAuthenticationToken");

  private final Iam iam;
  private final AwsConfig config;

  AwsPreflight(Iam iam, AwsConfig config) {
    this.iam = iam;
    this.config = config;
  }

  List<PermissionCheck> check() {
    IamClient c = iam.raw();
    String user =
        "leaver-preflight-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    String group = user;
    List<PermissionCheck> rows = new ArrayList<>();
    // The first call also tells whether AWS accepts the credentials at all.
    try {
      c.listUsers(r -> r.maxItems(1));
      rows.add(
          PermissionCheck.granted(
              "iam:ListUsers", "ListUsers answered 200 (" + config.accountAlias() + ")"));
    } catch (AwsServiceException e) {
      String code = AwsErrors.code(e);
      if (code != null && REFUSED.contains(code)) {
        return blocked(
            "AWS refused the credentials: " + code,
            "give the worker valid credentials for "
                + config.accountAlias()
                + " (systems.aws.accessKeyId/secretAccessKey, or the default provider chain)");
      }
      if (e.statusCode() >= 500 || e.statusCode() == 429) {
        return blocked(
            "IAM answered " + e.statusCode() + " " + code, "wait for IAM; the worker checks again");
      }
      rows.add(row("iam:ListUsers", e, "resolution by tag"));
    } catch (SdkClientException e) {
      return blocked(
          "IAM is unreachable: " + e.getMessage(),
          "check that "
              + (config.endpoint() == null ? "iam.amazonaws.com" : config.endpoint())
              + " is reachable from the worker");
    }
    Map<String, Consumer<IamClient>> probes = new LinkedHashMap<>();
    probes.put("iam:ListUserTags", x -> x.listUserTags(r -> r.userName(user)));
    probes.put("iam:ListAccessKeys", x -> x.listAccessKeys(r -> r.userName(user)));
    probes.put("iam:GetLoginProfile", x -> x.getLoginProfile(r -> r.userName(user)));
    probes.put("iam:ListMFADevices", x -> x.listMFADevices(r -> r.userName(user)));
    probes.put("iam:ListGroupsForUser", x -> x.listGroupsForUser(r -> r.userName(user)));
    probes.put(
        "iam:ListAttachedUserPolicies", x -> x.listAttachedUserPolicies(r -> r.userName(user)));
    probes.put("iam:ListUserPolicies", x -> x.listUserPolicies(r -> r.userName(user)));
    probes.put(
        "iam:ListAttachedGroupPolicies", x -> x.listAttachedGroupPolicies(r -> r.groupName(group)));
    boolean absent = false;
    try {
      c.getUser(r -> r.userName(user));
      rows.add(PermissionCheck.granted("iam:GetUser", "GetUser answered 200"));
    } catch (NoSuchEntityException e) {
      absent = true;
      rows.add(
          PermissionCheck.granted(
              "iam:GetUser", "GetUser of an absent user answered NoSuchEntity"));
    } catch (AwsServiceException e) {
      rows.add(row("iam:GetUser", e, "resolution by user name"));
    } catch (SdkClientException e) {
      rows.add(PermissionCheck.unknown("iam:GetUser", e.getMessage(), "run leaver check again"));
    }
    for (Map.Entry<String, Consumer<IamClient>> p : probes.entrySet()) {
      rows.add(probe(c, p.getKey(), p.getValue(), "snapshots and verification"));
    }
    // Writes, on the absent user only: never on a user that exists.
    Map<String, Consumer<IamClient>> writes = new LinkedHashMap<>();
    writes.put(
        "iam:AttachUserPolicy",
        x -> x.attachUserPolicy(r -> r.userName(user).policyArn(config.denyAllPolicyArn())));
    writes.put(
        "iam:DetachUserPolicy",
        x -> x.detachUserPolicy(r -> r.userName(user).policyArn(config.denyAllPolicyArn())));
    writes.put(
        "iam:UpdateAccessKey",
        x ->
            x.updateAccessKey(
                r -> r.userName(user).accessKeyId("AKIAPREFLIGHT0000000").status("Inactive")));
    writes.put(
        "iam:RemoveUserFromGroup",
        x -> x.removeUserFromGroup(r -> r.userName(user).groupName(group)));
    writes.put("iam:AddUserToGroup", x -> x.addUserToGroup(r -> r.userName(user).groupName(group)));
    writes.put("iam:DeleteLoginProfile", x -> x.deleteLoginProfile(r -> r.userName(user)));
    writes.put(
        "iam:DeactivateMFADevice",
        x ->
            x.deactivateMFADevice(
                r -> r.userName(user).serialNumber("arn:aws:iam::000000000000:mfa/" + user)));
    for (Map.Entry<String, Consumer<IamClient>> w : writes.entrySet()) {
      rows.add(
          absent
              ? probe(c, w.getKey(), w.getValue(), "the actions")
              : PermissionCheck.unknown(
                  w.getKey(),
                  "not probed: the probe user could not be shown absent",
                  "grant " + w.getKey() + " (see docs/connectors.md, AWS IAM)"));
    }
    return rows;
  }

  private static PermissionCheck probe(
      IamClient c, String permission, Consumer<IamClient> call, String neededBy) {
    try {
      call.accept(c);
      return PermissionCheck.granted(permission, "answered 200");
    } catch (NoSuchEntityException e) {
      return PermissionCheck.granted(permission, "authorized (NoSuchEntity for an absent user)");
    } catch (AwsServiceException e) {
      return row(permission, e, neededBy);
    } catch (SdkClientException e) {
      return PermissionCheck.unknown(
          permission, "no answer: " + e.getMessage(), "run leaver check again");
    }
  }

  private static PermissionCheck row(String permission, AwsServiceException e, String neededBy) {
    String code = AwsErrors.code(e);
    if (e.statusCode() == 403 || "AccessDenied".equals(code)) {
      return PermissionCheck.missing(
          permission,
          "AccessDenied; " + neededBy + " will park for an operator",
          "allow "
              + permission
              + " to the worker's IAM principal (docs/connectors.md has a policy)");
    }
    return PermissionCheck.unknown(
        permission,
        "answered " + e.statusCode() + " " + code,
        "allow " + permission + " to the worker's IAM principal");
  }

  private static final List<String> ALL =
      List.of(
          "iam:ListUsers",
          "iam:GetUser",
          "iam:ListUserTags",
          "iam:ListAccessKeys",
          "iam:GetLoginProfile",
          "iam:ListMFADevices",
          "iam:ListGroupsForUser",
          "iam:ListAttachedUserPolicies",
          "iam:ListUserPolicies",
          "iam:ListAttachedGroupPolicies",
          "iam:AttachUserPolicy",
          "iam:DetachUserPolicy",
          "iam:UpdateAccessKey",
          "iam:RemoveUserFromGroup",
          "iam:AddUserToGroup",
          "iam:DeleteLoginProfile",
          "iam:DeactivateMFADevice");

  private static List<PermissionCheck> blocked(String detail, String howToGrant) {
    return ALL.stream().map(p -> PermissionCheck.blocked(p, detail, howToGrant)).toList();
  }
}
