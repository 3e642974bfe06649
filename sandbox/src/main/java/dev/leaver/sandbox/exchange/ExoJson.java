package dev.leaver.sandbox.exchange;

import dev.leaver.sandbox.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON Exchange Online's admin API answers {@code InvokeCommand} with.
 *
 * <p>Confirmed from captured traffic (a Get-Mailbox answer and a ManagementObjectNotFound error
 * quoted by the PowerShell module): a cmdlet's output comes as {@code {"@odata.context":
 * ".../$metadata#Collection(Exchange.GenericHashTable)", "adminapi.warnings@odata.type":
 * "#Collection(String)", "@adminapi.warnings": [], "value": [...]}}, typed properties carry
 * {@code @odata.type} annotations ({@code #Guid}, {@code #Collection(String)}), and a failed cmdlet
 * answers {@code {"error": {"code": "NotFound", "message": "Error executing cmdlet", "details":
 * [{"code": "Client", "target": "", "message": "Ex6F9304|<exception type>|<text>"}], "innererror":
 * {...}}}} with the HTTP status the code names.
 *
 * <p>UNCONFIRMED: that cmdlet warnings (e.g. Remove-MailboxPermission's "the ACE doesn't exist")
 * are listed in {@code @adminapi.warnings} (the PowerShell module reads them from an {@code
 * X-Warnings} header; one client measured the body field, empty); the status and error ids of a bad
 * parameter (400 here) and of an unknown cmdlet (403 with no body, as one client measured).
 */
final class ExoJson {
  private ExoJson() {}

  static HttpResponse output(String tenant, List<?> value, List<String> warnings) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "@odata.context",
        "https://outlook.office365.com/adminapi/beta/"
            + tenant
            + "/$metadata#Collection(Exchange.GenericHashTable)");
    body.put("adminapi.warnings@odata.type", "#Collection(String)");
    body.put("@adminapi.warnings", warnings);
    body.put("value", value);
    return withHeaders(HttpResponse.json(200, body));
  }

  /** A failed cmdlet: the generic message on top, the cmdlet's own reason in {@code details}. */
  static HttpResponse error(int status, String errorId, String exceptionType, String text) {
    String code =
        switch (status) {
          case 400 -> "BadRequest";
          case 404 -> "NotFound";
          case 500 -> "InternalServerError";
          default -> "Error" + status;
        };
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("message", "Error executing cmdlet");
    inner.put("type", "Microsoft.Exchange.Admin.OData.Core.ODataServiceException");
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", "Error executing cmdlet");
    error.put(
        "details",
        List.of(
            Map.of(
                "code",
                "Client",
                "target",
                "",
                "message",
                errorId + "|" + exceptionType + "|" + text)));
    error.put("innererror", inner);
    error.put("adminapi.warnings@odata.type", "#Collection(String)");
    error.put("@adminapi.warnings", List.of());
    return withHeaders(HttpResponse.json(status, Map.of("error", error)));
  }

  static HttpResponse notFound(String identity) {
    return error(
        404,
        "Ex6F9304",
        "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException",
        "The operation couldn't be performed because object '"
            + identity
            + "' couldn't be found on 'SANDBOX01A001DC001.PROD.OUTLOOK.COM'.");
  }

  /** UNCONFIRMED: the status and exception type of an {@code -Identity} that names two objects. */
  static HttpResponse ambiguous(String identity) {
    return error(
        400,
        "Ex9E65A2",
        "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAmbiguousException",
        "The operation couldn't be performed because '" + identity + "' matches multiple entries.");
  }

  /** UNCONFIRMED: the id and status EXO gives a parameter the cmdlet does not have. */
  static HttpResponse badParameter(String cmdlet, String parameter) {
    return error(
        400,
        "",
        "System.Management.Automation.ParameterBindingException",
        "A parameter cannot be found that matches parameter name '"
            + parameter
            + "'. ("
            + cmdlet
            + ")");
  }

  /** UNCONFIRMED: the id and status EXO gives a parameter value it cannot use. */
  static HttpResponse badValue(String parameter, String reason) {
    return error(
        400,
        "",
        "System.Management.Automation.ParameterBindingException",
        "Cannot bind parameter '" + parameter + "'. " + reason);
  }

  /** An unknown cmdlet, or one the caller's role does not include: 403 with an empty body. */
  static HttpResponse unknownCmdlet() {
    return withHeaders(HttpResponse.empty(403));
  }

  static Map<String, Object> mailbox(ExchangeTenant.Mailbox m) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("Identity", m.alias);
    j.put("Id", m.alias);
    j.put("Name", m.alias);
    j.put("Alias", m.alias);
    j.put("DisplayName", m.displayName);
    j.put("UserPrincipalName", m.userPrincipalName);
    j.put("WindowsLiveID", m.userPrincipalName);
    j.put("PrimarySmtpAddress", m.primarySmtpAddress);
    j.put("WindowsEmailAddress", m.primarySmtpAddress);
    j.put("EmailAddresses@odata.type", "#Collection(String)");
    j.put("EmailAddresses", List.of("SMTP:" + m.primarySmtpAddress));
    j.put("ExternalDirectoryObjectId", m.externalDirectoryObjectId);
    guid(j, "ExchangeObjectId", m.exchangeObjectId);
    guid(j, "Guid", m.guid);
    guid(j, "ExchangeGuid", m.exchangeGuid);
    j.put("RecipientType", "UserMailbox");
    j.put("RecipientTypeDetails", m.recipientTypeDetails);
    j.put("IsShared", m.recipientTypeDetails.equals("SharedMailbox"));
    j.put("ForwardingAddress", m.forwardingAddress);
    j.put("ForwardingSmtpAddress", m.forwardingSmtpAddress);
    j.put("DeliverToMailboxAndForward", m.deliverToMailboxAndForward);
    j.put("IsMailboxEnabled", true);
    return j;
  }

  /** One row of {@code Get-MailboxPermission}. UNCONFIRMED: AccessRights as a string array. */
  static Map<String, Object> ace(ExchangeTenant.Mailbox m, ExchangeTenant.Ace a) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("Identity", m.alias);
    j.put("User", a.user());
    j.put("AccessRights@odata.type", "#Collection(String)");
    j.put("AccessRights", new ArrayList<>(a.accessRights()));
    j.put("IsInherited", a.inherited());
    j.put("Deny", a.deny());
    j.put("InheritanceType", "All");
    j.put("IsValid", true);
    return j;
  }

  private static void guid(Map<String, Object> j, String name, String value) {
    j.put(name + "@data.type", "System.Guid");
    j.put(name + "@odata.type", "#Guid");
    j.put(name, value);
  }

  private static HttpResponse withHeaders(HttpResponse r) {
    return r.withHeader("request-id", UUID.randomUUID().toString())
        .withHeader("X-Exchangeversion", "Version 15.20 (sandbox)");
  }
}
