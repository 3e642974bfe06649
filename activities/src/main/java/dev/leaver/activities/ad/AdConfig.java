package dev.leaver.activities.ad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code systems.ad} in the worker's YAML: on-prem Active Directory over LDAPS.
 *
 * @param url {@code ldaps://dc1.corp.example:636}; plain {@code ldap://} is refused by AD for
 *     simple binds and would send the bind password in clear
 * @param bindDn the service account, e.g. {@code CN=svc-leaver,OU=Service
 *     Accounts,DC=corp,DC=example}
 * @param bindPassword its password (from a secret: {@code ${LEAVER_AD_PASSWORD}})
 * @param baseDn where people and groups are searched
 * @param disabledOu the OU leavers are moved to; null leaves accounts where they are
 * @param caCertFile PEM file of the CA that signed the domain controllers' certificates; null uses
 *     the JVM's trust store
 * @param trustAnyCertificate accept any server certificate: only for the sandbox and test domain
 *     controllers, never in production
 * @param noteAttribute {@code description} (default) or {@code info}: where the termination date
 *     and HR event id are written
 * @param resetPassword also replace the password with a random one at the kill switch
 *     (irreversible; default false)
 * @param pageSize page size for group searches (default 500)
 * @param matchOn the attributes the leaver is looked up by, in order, the first that matches wins:
 *     {@code employeeID} (HR's employee id), {@code userPrincipalName} and {@code mail} (the UPN HR
 *     sends), {@code sAMAccountName} (the UPN's part before '@'); default employeeID, then
 *     userPrincipalName
 */
public record AdConfig(
    String url,
    String bindDn,
    String bindPassword,
    String baseDn,
    String disabledOu,
    String caCertFile,
    Boolean trustAnyCertificate,
    String noteAttribute,
    Boolean resetPassword,
    Integer pageSize,
    java.util.List<String> matchOn) {

  /** No directory: the system resolves nobody and its check says it is not configured. */
  private static final AdConfig NONE =
      new AdConfig(null, null, null, null, null, null, true, null, null, 2, null);

  public AdConfig(
      String url,
      String bindDn,
      String bindPassword,
      String baseDn,
      String disabledOu,
      String caCertFile,
      Boolean trustAnyCertificate,
      String noteAttribute,
      Boolean resetPassword,
      Integer pageSize) {
    this(
        url,
        bindDn,
        bindPassword,
        baseDn,
        disabledOu,
        caCertFile,
        trustAnyCertificate,
        noteAttribute,
        resetPassword,
        pageSize,
        null);
  }

  public AdConfig {
    trustAnyCertificate = trustAnyCertificate != null && trustAnyCertificate;
    noteAttribute = noteAttribute == null ? "description" : noteAttribute;
    resetPassword = resetPassword != null && resetPassword;
    pageSize = pageSize == null ? 500 : pageSize;
    matchOn =
        matchOn == null || matchOn.isEmpty()
            ? java.util.List.of("employeeID", "userPrincipalName")
            : java.util.List.copyOf(matchOn);
    for (String key : matchOn) {
      if (!java.util.Set.of("employeeID", "userPrincipalName", "mail", "sAMAccountName")
          .contains(key)) {
        throw new IllegalArgumentException(
            "matchOn: "
                + key
                + " is not one of employeeID, userPrincipalName, mail, sAMAccountName");
      }
    }
    if (!noteAttribute.equals("description") && !noteAttribute.equals("info")) {
      throw new IllegalArgumentException(
          "noteAttribute must be description or info, not " + noteAttribute);
    }
    if (url != null && !url.startsWith("ldaps://")) {
      throw new IllegalArgumentException(
          "url must be ldaps:// (AD refuses simple binds without TLS)");
    }
  }

  /**
   * The sandbox's AD directory: asks {@code GET <sandbox>/ad} where its LDAPS listener is (it
   * listens on a port of its own) and for its sandbox-only bind credentials. A sandbox tenant
   * without AD gives a config with no url: the system then finds nobody and its check says why.
   */
  public static AdConfig sandbox(String sandboxBaseUrl) {
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(sandboxBaseUrl + "/ad"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return NONE;
      }
      JsonNode w = new ObjectMapper().readTree(r.body());
      return new AdConfig(
          w.get("url").asText(),
          w.get("bindDn").asText(),
          w.get("bindPassword").asText(),
          w.get("baseDn").asText(),
          w.path("disabledOu").asText(null),
          null,
          true,
          null,
          true,
          2);
    } catch (java.io.IOException e) {
      // The sandbox is not up yet: AD stays unconfigured, and its check says so.
      return NONE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while asking the sandbox for its AD directory", e);
    }
  }

  @Override
  public String toString() {
    return "AdConfig[url="
        + url
        + ", bindDn="
        + bindDn
        + ", bindPassword="
        + (bindPassword == null ? "none" : "***")
        + ", baseDn="
        + baseDn
        + ", disabledOu="
        + disabledOu
        + ", caCertFile="
        + caCertFile
        + ", trustAnyCertificate="
        + trustAnyCertificate
        + ", noteAttribute="
        + noteAttribute
        + ", resetPassword="
        + resetPassword
        + ", pageSize="
        + pageSize
        + ", matchOn="
        + matchOn
        + "]";
  }
}
