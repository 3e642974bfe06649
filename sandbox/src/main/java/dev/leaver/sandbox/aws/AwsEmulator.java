package dev.leaver.sandbox.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Emulator;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import dev.leaver.sandbox.pypi.Forwarder;
import dev.leaver.sandbox.pypi.PyPiServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AWS IAM at {@code /aws}: every request is handed to moto in server mode (a real AWS API emulator
 * from PyPI) and moto's answer handed back, so status codes, error bodies and "already done"
 * answers are moto's, not ours.
 *
 * <p>Point the AWS SDK at it with {@code endpointOverride(base + "/aws")}, region {@code us-east-1}
 * and any static credentials (moto checks no signature; it routes on the credential scope in the
 * {@code Authorization} header, which the SDK always sends). A path after {@code /aws/} (the
 * connector's sandbox mode appends the operation, e.g. {@code /aws/UpdateAccessKey}) is dropped
 * when forwarding; it only lets the sandbox's request log and fault injection tell IAM calls apart.
 *
 * <p><b>Lazy:</b> moto is installed (once per machine) and started (once per JVM) on the first
 * request, so a sandbox that never touches AWS never starts it.
 *
 * <p><b>One account per sandbox:</b> moto keeps one state per process, split by account. Each
 * emulator has its own random 12-digit account id and sends it as {@code x-moto-account-id} with
 * every request it forwards, so sandboxes alive at the same time in one JVM never see each other's
 * users. It seeds its account from the tenant's {@code aws:} section on its first request. Once 20
 * accounts have been made, the next emulator to seed resets moto ({@code POST /moto-api/reset})
 * first if no other emulator is alive, so old accounts do not pile up; it never resets while
 * another sandbox uses moto.
 *
 * <p>Tests arm item-level refusals with {@link #refuse} (matched on the operation and one form
 * parameter, e.g. the third group's {@code RemoveUserFromGroup}); operation-level faults go through
 * the sandbox's own {@code Faults} on the path {@code /aws/<Operation>}.
 */
public final class AwsEmulator implements Emulator {
  private static final Set<AwsEmulator> LIVE = ConcurrentHashMap.newKeySet();

  /** moto keeps ~5 MB per account (AWS managed policies); a reset costs ~0.8 s. */
  private static final int ACCOUNTS_BEFORE_RESET = 20;

  private static int accountsSinceReset;

  private final JsonNode section;
  private final String accountId;
  private final Forwarder forwarder = new Forwarder(() -> moto().url());
  private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
  private final List<String> operations = new CopyOnWriteArrayList<>();
  private volatile boolean seeded;

  private record Refusal(
      String operation, String param, String value, AtomicInteger remaining, HttpResponse answer) {}

  /** Seeds (on first use) from the tenant file's {@code aws:} section. */
  public AwsEmulator(JsonNode section) {
    this.section = section;
    this.accountId = randomAccountId();
  }

  @Override
  public String prefix() {
    return "/aws";
  }

  /** This sandbox's moto account id. */
  public String accountId() {
    return accountId;
  }

  /** The account alias the tenant file names (a label, not an IAM alias), or {@code sandbox}. */
  public String accountAlias() {
    return section.path("accountAlias").asText("sandbox");
  }

  /**
   * moto's root URL, starting and seeding it now if this is the first use. A client that talks to
   * moto directly picks this sandbox's account with the header {@code x-moto-account-id:} {@link
   * #accountId()}.
   *
   * @throws IllegalStateException when moto cannot be installed or started, with its log
   */
  public URI motoUrl() {
    ensureSeeded();
    return moto().url();
  }

  /** The IAM operations (the form's {@code Action}) this emulator has served, oldest first. */
  public List<String> operations() {
    return List.copyOf(operations);
  }

  /**
   * Answers the next {@code times} requests of {@code operation} whose form parameter {@code param}
   * equals {@code value} with {@code answer}, without forwarding them (nothing lands).
   */
  public void refuse(String operation, String param, String value, int times, HttpResponse answer) {
    refusals.add(new Refusal(operation, param, value, new AtomicInteger(times), answer));
  }

  /** IAM's error shape for a refusal, e.g. {@code (400, "Throttling", "Rate exceeded")}. */
  public static HttpResponse error(int status, String code, String message) {
    String type = status >= 500 ? "Receiver" : "Sender";
    String xml =
        "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>"
            + type
            + "</Type><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message></Error>"
            + "<RequestId>sandbox-fault</RequestId></ErrorResponse>";
    return new HttpResponse(
        status,
        new LinkedHashMap<>(Map.of("Content-Type", "text/xml")),
        xml.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    ensureSeeded();
    Map<String, String> form = request.form();
    String operation = form.getOrDefault("Action", request.query().get("Action"));
    if (operation != null) {
      operations.add(operation);
      HttpResponse refused = refused(operation, form);
      if (refused != null) {
        return refused;
      }
    }
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    headers.put(MotoIam.ACCOUNT_HEADER, List.of(accountId));
    HttpRequest forwarded =
        new HttpRequest(request.method(), request.path(), request.query(), headers, request.body());
    return forwarder.forward(forwarded, request.path(), "/");
  }

  @Override
  public void close() {
    LIVE.remove(this);
  }

  private HttpResponse refused(String operation, Map<String, String> form) {
    Iterator<Refusal> it = refusals.iterator();
    while (it.hasNext()) {
      Refusal r = it.next();
      if (r.operation().equals(operation)
          && r.value().equals(form.get(r.param()))
          && r.remaining().getAndDecrement() > 0) {
        return r.answer();
      }
    }
    return null;
  }

  private static PyPiServer moto() {
    return PyPiServer.shared(PyPiServer.MOTO);
  }

  private void ensureSeeded() {
    if (seeded) {
      return;
    }
    synchronized (this) {
      if (seeded) {
        return;
      }
      MotoIam iam = new MotoIam(moto().url(), accountId);
      synchronized (AwsEmulator.class) {
        if (accountsSinceReset >= ACCOUNTS_BEFORE_RESET && LIVE.isEmpty()) {
          iam.resetAll();
          accountsSinceReset = 0;
        }
        accountsSinceReset++;
        LIVE.add(this);
      }
      seed(iam);
      seeded = true;
    }
  }

  private void seed(MotoIam iam) {
    for (JsonNode p : section.path("policies")) {
      iam.call(
          "CreatePolicy",
          "PolicyName",
          p.path("name").asText(),
          "PolicyDocument",
          json(p.path("document")));
    }
    for (JsonNode g : section.path("groups")) {
      String group = g.path("name").asText();
      iam.call("CreateGroup", "GroupName", group);
      for (JsonNode policy : g.path("attachedPolicies")) {
        iam.call("AttachGroupPolicy", "GroupName", group, "PolicyArn", policyArn(policy.asText()));
      }
    }
    for (JsonNode u : section.path("users")) {
      seedUser(iam, u);
    }
  }

  private void seedUser(MotoIam iam, JsonNode u) {
    String user = u.path("userName").asText();
    iam.call("CreateUser", "UserName", user, "Path", u.path("path").asText("/"));
    List<String> tags = new ArrayList<>(List.of("UserName", user));
    int n = 1;
    for (Map.Entry<String, JsonNode> tag : u.path("tags").properties()) {
      tags.addAll(
          List.of(
              "Tags.member." + n + ".Key",
              tag.getKey(),
              "Tags.member." + n + ".Value",
              tag.getValue().asText()));
      n++;
    }
    if (n > 1) {
      iam.call("TagUser", tags.toArray(String[]::new));
    }
    for (JsonNode status : u.path("accessKeys")) {
      String xml = iam.call("CreateAccessKey", "UserName", user);
      if (status.asText().equals("Inactive")) {
        iam.call(
            "UpdateAccessKey",
            "UserName",
            user,
            "AccessKeyId",
            between(xml, "<AccessKeyId>", "</AccessKeyId>"),
            "Status",
            "Inactive");
      }
    }
    if (u.path("loginProfile").asBoolean(false)) {
      iam.call(
          "CreateLoginProfile",
          "UserName",
          user,
          "Password",
          "Sandbox-only-1!",
          "PasswordResetRequired",
          "false");
    }
    for (JsonNode device : u.path("mfaDevices")) {
      iam.call("CreateVirtualMFADevice", "VirtualMFADeviceName", device.asText());
      iam.call(
          "EnableMFADevice",
          "UserName",
          user,
          "SerialNumber",
          "arn:aws:iam::" + accountId + ":mfa/" + device.asText(),
          "AuthenticationCode1",
          "123456",
          "AuthenticationCode2",
          "654321");
    }
    for (JsonNode group : u.path("groups")) {
      iam.call("AddUserToGroup", "GroupName", group.asText(), "UserName", user);
    }
    for (JsonNode policy : u.path("attachedPolicies")) {
      iam.call("AttachUserPolicy", "UserName", user, "PolicyArn", policyArn(policy.asText()));
    }
    for (Map.Entry<String, JsonNode> p : u.path("inlinePolicies").properties()) {
      iam.call(
          "PutUserPolicy",
          "UserName",
          user,
          "PolicyName",
          p.getKey(),
          "PolicyDocument",
          json(p.getValue()));
    }
  }

  /** An AWS ARN as given; a bare name is a customer managed policy of this account. */
  private String policyArn(String nameOrArn) {
    return nameOrArn.startsWith("arn:")
        ? nameOrArn
        : "arn:aws:iam::" + accountId + ":policy/" + nameOrArn;
  }

  private static String json(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String between(String text, String open, String close) {
    int start = text.indexOf(open);
    int end = text.indexOf(close, start);
    if (start < 0 || end < 0) {
      throw new IllegalStateException("moto's answer has no " + open + ": " + text);
    }
    return text.substring(start + open.length(), end);
  }

  /** Twelve digits, never moto's default account 123456789012. */
  private static String randomAccountId() {
    String id;
    do {
      id =
          Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000L, 1_000_000_000_000L));
    } while (id.equals("123456789012"));
    return id;
  }
}
