package dev.leaver.activities.slack;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.methods.response.users.UsersLookupByEmailResponse;
import com.slack.api.model.User;
import com.slack.api.scim2.SCIM2ApiException;
import com.slack.api.scim2.SCIM2Client;
import com.slack.api.scim2.response.UsersSearchResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The few Slack calls the connector makes, over one {@link Slack} instance, with every failure
 * already mapped by {@link SlackErrors}. Thread-safe: the SDK clients hold no per-call state.
 */
final class SlackClient implements AutoCloseable {
  private final Slack slack;
  private final MethodsClient methods;
  private final SCIM2Client scim;

  SlackClient(SlackConfig config) {
    com.slack.api.SlackConfig sdk = new com.slack.api.SlackConfig();
    sdk.setMethodsEndpointUrlPrefix(config.apiBaseUrl());
    sdk.setScim2EndpointUrlPrefix(config.scimBaseUrl());
    // SCIM v1 is not used; pointing it at the same host keeps a stray call off the real Slack.
    sdk.setScimEndpointUrlPrefix(config.scimBaseUrl().replace("/scim/v2/", "/scim/v1/"));
    // The metrics datastores run a background thread each and, for SCIM v2, an auth.test call per
    // token. SDK 1.51's setStatsEnabled(false) does not reach the SCIM v2 config: switch it first.
    sdk.getSCIM2Config().setStatsEnabled(false);
    sdk.setStatsEnabled(false);
    // Bounded, so a hung call fails inside the activity's timeout and Temporal retries it.
    sdk.setHttpClientReadTimeoutMillis(15_000);
    sdk.setHttpClientWriteTimeoutMillis(15_000);
    sdk.setHttpClientCallTimeoutMillis(30_000);
    slack = Slack.getInstance(sdk);
    methods = slack.methods(config.adminToken());
    scim = slack.scim2(config.adminToken());
  }

  /** {@code users.lookupByEmail}; empty on {@code users_not_found}, which includes deactivated. */
  Optional<User> lookupByEmail(String email) {
    UsersLookupByEmailResponse r =
        method("users.lookupByEmail", () -> methods.usersLookupByEmail(q -> q.email(email)));
    if (r.isOk()) {
      return Optional.of(r.getUser());
    }
    if ("users_not_found".equals(r.getError())) {
      return Optional.empty();
    }
    throw SlackErrors.fromResponse("users.lookupByEmail", r);
  }

  /** {@code users.info}; shows deactivated members with {@code deleted: true}. */
  User userInfo(String userId) {
    UsersInfoResponse r = method("users.info", () -> methods.usersInfo(q -> q.user(userId)));
    return ok("users.info", r).getUser();
  }

  /** {@code admin.users.session.reset} for web and mobile sessions alike. */
  void resetSessions(String userId) {
    String name = "admin.users.session.reset";
    ok(name, method(name, () -> methods.adminUsersSessionReset(q -> q.userId(userId))));
  }

  /** SCIM {@code GET /Users/{id}}; empty on 404 (an unknown id, or a bot: SCIM lists no bots). */
  Optional<com.slack.api.scim2.model.User> scimUser(String userId) {
    try {
      return Optional.of(scim.readUser(q -> q.id(userId)));
    } catch (SCIM2ApiException e) {
      if (e.getResponse().code() == 404) {
        return Optional.empty();
      }
      throw SlackErrors.fromScim("GET Users/" + userId, e);
    } catch (IOException e) {
      throw SlackErrors.fromIo("SCIM GET Users", e);
    }
  }

  /**
   * SCIM {@code GET /Users?filter=email eq "..."}. Slack's SCIM lists deactivated members, which
   * {@code users.lookupByEmail} hides. UNCONFIRMED that Slack accepts {@code email} as a filter
   * attribute; callers treat a rejected filter as "not found".
   */
  Optional<com.slack.api.scim2.model.User> scimUserByEmail(String email) {
    String filter = "email eq \"" + email.replace("\"", "") + "\"";
    try {
      UsersSearchResponse r = scim.searchUsers(q -> q.filter(filter).count(2));
      List<com.slack.api.scim2.model.User> found = r.getResources();
      return found == null || found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    } catch (SCIM2ApiException e) {
      throw SlackErrors.fromScim("GET Users?filter", e);
    } catch (IOException e) {
      throw SlackErrors.fromIo("SCIM GET Users", e);
    }
  }

  /** SCIM {@code PATCH /Users/{id}} replacing {@code active}; returns the user as Slack sent it. */
  com.slack.api.scim2.model.User setActive(String userId, boolean active) {
    try {
      return scim.patchUser(q -> q.id(userId).operations(List.of(new ActivePatch(active))));
    } catch (SCIM2ApiException e) {
      throw SlackErrors.fromScim("PATCH Users/" + userId, e);
    } catch (IOException e) {
      throw SlackErrors.fromIo("SCIM PATCH Users", e);
    }
  }

  /**
   * {@code auth.test} as Slack answered it, failures not mapped: the preflight tells refused
   * credentials from missing scopes, and reads the token's scopes from the {@code x-oauth-scopes}
   * header in {@link AuthTestResponse#getHttpResponseHeaders()}.
   */
  AuthTestResponse authTest() throws IOException, SlackApiException {
    return methods.authTest(q -> q);
  }

  /** SCIM {@code GET /Users?count=1}, failures not mapped: the read-only probe of SCIM access. */
  UsersSearchResponse scimProbe() throws IOException, SCIM2ApiException {
    return scim.searchUsers(q -> q.count(1));
  }

  @Override
  public void close() {
    try {
      slack.close();
    } catch (Exception e) {
      // Closing only stops the SDK's executors; nothing is left to retry or report upstream.
      throw new IllegalStateException("closing the Slack SDK failed", e);
    }
  }

  private interface Call<T> {
    T call() throws IOException, SlackApiException;
  }

  private static <T> T method(String name, Call<T> call) {
    try {
      return call.call();
    } catch (SlackApiException e) {
      throw SlackErrors.fromException(name, e);
    } catch (IOException e) {
      throw SlackErrors.fromIo(name, e);
    }
  }

  private static <T extends SlackApiTextResponse> T ok(String name, T response) {
    if (!response.isOk()) {
      throw SlackErrors.fromResponse(name, response);
    }
    return response;
  }
}
