package dev.leaver.activities.aws;

import dev.leaver.activities.target.TargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.endpoints.EndpointUrl;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.LoginProfile;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/**
 * The IAM calls the connector makes, over one {@link IamClient}, every failure already mapped by
 * {@link AwsErrors}. Lists are read to the end (IAM pages with {@code Marker}/{@code IsTruncated})
 * and sorted, so two reads of the same state compare equal.
 *
 * <p>The SDK's retries are off ({@link AwsRetryStrategy#doNotRetry()}): Temporal is the one retry
 * layer. Each attempt times out after 10 s and each call after 20 s, well inside the activities' 30
 * s heartbeat timeout.
 */
final class Iam implements AutoCloseable {
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  private final IamClient client;

  Iam(AwsConfig config) {
    ClientOverrideConfiguration.Builder override =
        ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
            .apiCallTimeout(CALL_TIMEOUT);
    if (config.operationInPath()) {
      override.addExecutionInterceptor(new OperationInPath());
    }
    IamClientBuilder builder =
        IamClient.builder()
            .region(Region.of(config.region()))
            .credentialsProvider(credentials(config))
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(ATTEMPT_TIMEOUT))
            .overrideConfiguration(override.build());
    if (config.endpoint() != null) {
      // Not endpointOverride: SDK 2.57.8 drops an override's path for IAM (verified against the
      // sandbox: ".../aws" arrived as "/"); an endpoint provider keeps it.
      Endpoint endpoint =
          Endpoint.builder().endpointUrl(EndpointUrl.fromString(config.endpoint())).build();
      builder.endpointProvider(params -> CompletableFuture.completedFuture(endpoint));
    }
    client = builder.build();
  }

  private static AwsCredentialsProvider credentials(AwsConfig config) {
    return config.staticKeys()
        ? StaticCredentialsProvider.create(
            AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()))
        : DefaultCredentialsProvider.builder().build();
  }

  // ---- reads -----------------------------------------------------------------------------------

  /** Every user of the account ({@code iam:ListUsers}). */
  List<User> users() {
    return read(
        "ListUsers",
        "iam:ListUsers",
        () ->
            new ArrayList<>(
                client.listUsersPaginator(r -> r.maxItems(1000)).users().stream().toList()));
  }

  /** {@code iam:GetUser}; empty when there is no such user. */
  Optional<User> user(String userName) {
    try {
      return Optional.of(
          call("GetUser", "iam:GetUser", () -> client.getUser(r -> r.userName(userName)).user()));
    } catch (Gone e) {
      return Optional.empty();
    }
  }

  /** The user's tags, key → value ({@code iam:ListUserTags}). */
  Map<String, String> tags(String userName) {
    Map<String, String> tags = new LinkedHashMap<>();
    read(
            "ListUserTags",
            "iam:ListUserTags",
            () -> client.listUserTagsPaginator(r -> r.userName(userName)).tags().stream().toList())
        .forEach((Tag t) -> tags.put(t.key(), t.value()));
    return tags;
  }

  List<AccessKeyMetadata> accessKeys(String userName) {
    return read(
        "ListAccessKeys",
        "iam:ListAccessKeys",
        () ->
            client.listAccessKeysPaginator(r -> r.userName(userName)).accessKeyMetadata().stream()
                .sorted(Comparator.comparing(AccessKeyMetadata::accessKeyId))
                .toList());
  }

  /** {@code iam:GetLoginProfile}; empty when the user has no console password. */
  Optional<LoginProfile> loginProfile(String userName) {
    try {
      return Optional.of(
          call(
              "GetLoginProfile",
              "iam:GetLoginProfile",
              () -> client.getLoginProfile(r -> r.userName(userName)).loginProfile()));
    } catch (Gone e) {
      return Optional.empty();
    }
  }

  List<MFADevice> mfaDevices(String userName) {
    return read(
        "ListMFADevices",
        "iam:ListMFADevices",
        () ->
            client.listMFADevicesPaginator(r -> r.userName(userName)).mfaDevices().stream()
                .sorted(Comparator.comparing(MFADevice::serialNumber))
                .toList());
  }

  List<String> groups(String userName) {
    return read(
        "ListGroupsForUser",
        "iam:ListGroupsForUser",
        () ->
            client.listGroupsForUserPaginator(r -> r.userName(userName)).groups().stream()
                .map(Group::groupName)
                .sorted()
                .toList());
  }

  /** ARNs of the managed policies attached to the user. */
  List<String> attachedPolicies(String userName) {
    return read(
        "ListAttachedUserPolicies",
        "iam:ListAttachedUserPolicies",
        () ->
            client
                .listAttachedUserPoliciesPaginator(r -> r.userName(userName))
                .attachedPolicies()
                .stream()
                .map(p -> p.policyArn())
                .sorted()
                .toList());
  }

  /** Names of the user's inline policies. */
  List<String> inlinePolicies(String userName) {
    return read(
        "ListUserPolicies",
        "iam:ListUserPolicies",
        () ->
            client.listUserPoliciesPaginator(r -> r.userName(userName)).policyNames().stream()
                .sorted()
                .toList());
  }

  /** ARNs of the managed policies attached to a group. */
  List<String> groupPolicies(String groupName) {
    return read(
        "ListAttachedGroupPolicies",
        "iam:ListAttachedGroupPolicies",
        () ->
            client
                .listAttachedGroupPoliciesPaginator(r -> r.groupName(groupName))
                .attachedPolicies()
                .stream()
                .map(p -> p.policyArn())
                .sorted()
                .toList());
  }

  // ---- writes: each returns false when IAM answers NoSuchEntity (already gone) ------------------

  boolean attachPolicy(String userName, String policyArn) {
    return write(
        "AttachUserPolicy",
        "iam:AttachUserPolicy",
        () -> client.attachUserPolicy(r -> r.userName(userName).policyArn(policyArn)));
  }

  boolean detachPolicy(String userName, String policyArn) {
    return write(
        "DetachUserPolicy",
        "iam:DetachUserPolicy",
        () -> client.detachUserPolicy(r -> r.userName(userName).policyArn(policyArn)));
  }

  boolean setAccessKey(String userName, String keyId, StatusType status) {
    return write(
        "UpdateAccessKey",
        "iam:UpdateAccessKey",
        () -> client.updateAccessKey(r -> r.userName(userName).accessKeyId(keyId).status(status)));
  }

  boolean deleteLoginProfile(String userName) {
    return write(
        "DeleteLoginProfile",
        "iam:DeleteLoginProfile",
        () -> client.deleteLoginProfile(r -> r.userName(userName)));
  }

  boolean deactivateMfa(String userName, String serial) {
    return write(
        "DeactivateMFADevice",
        "iam:DeactivateMFADevice",
        () -> client.deactivateMFADevice(r -> r.userName(userName).serialNumber(serial)));
  }

  boolean removeFromGroup(String userName, String group) {
    return write(
        "RemoveUserFromGroup",
        "iam:RemoveUserFromGroup",
        () -> client.removeUserFromGroup(r -> r.userName(userName).groupName(group)));
  }

  boolean addToGroup(String userName, String group) {
    return write(
        "AddUserToGroup",
        "iam:AddUserToGroup",
        () -> client.addUserToGroup(r -> r.userName(userName).groupName(group)));
  }

  /** The client itself, for the preflight's probes, which read the raw answers. */
  IamClient raw() {
    return client;
  }

  @Override
  public void close() {
    client.close();
  }

  /** IAM answered NoSuchEntity: the thing (or the user) is not there. */
  static final class Gone extends RuntimeException {
    Gone(NoSuchEntityException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  private static boolean write(String operation, String permission, Runnable call) {
    try {
      call(
          operation,
          permission,
          () -> {
            call.run();
            return null;
          });
      return true;
    } catch (Gone e) {
      return false;
    }
  }

  /**
   * A read of something that must exist: NoSuchEntity (the user was deleted since) is a refusal.
   */
  private static <T> T read(String operation, String permission, Supplier<T> call) {
    try {
      return call(operation, permission, call);
    } catch (Gone e) {
      throw new TargetException.Rejected(
          "aws " + operation + ": NoSuchEntity " + e.getMessage(), e.getCause());
    }
  }

  /**
   * Runs one call (or one paginated read); NoSuchEntity becomes {@link Gone}, every other failure a
   * TargetException.
   */
  private static <T> T call(String operation, String permission, Supplier<T> call) {
    try {
      return call.get();
    } catch (NoSuchEntityException e) {
      throw new Gone(e);
    } catch (AwsServiceException e) {
      throw AwsErrors.map(operation, permission, e);
    } catch (SdkClientException e) {
      throw AwsErrors.io(operation, e);
    }
  }
}
