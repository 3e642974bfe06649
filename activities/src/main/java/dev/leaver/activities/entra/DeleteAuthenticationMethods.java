package dev.leaver.activities.entra;

import com.microsoft.graph.models.AuthenticationMethod;
import com.microsoft.graph.models.AuthenticationMethodCollectionResponse;
import com.microsoft.graph.models.PhoneAuthenticationMethod;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.item.authentication.AuthenticationRequestBuilder;
import com.microsoft.kiota.ApiException;
import dev.leaver.activities.graph.GraphErrors;
import dev.leaver.activities.graph.RequestId;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deletes the leaver's sign-in methods one at a time, with progress: phone, e-mail, Microsoft
 * Authenticator, FIDO2 keys, software OATH tokens, Temporary Access Passes and Windows Hello for
 * Business ({@code DELETE /users/{id}/authentication/{kind}Methods/{id}}). An {@code
 * alternateMobile} phone goes before {@code mobile}, which Graph refuses to delete while the
 * alternate exists.
 *
 * <p>Irreversible: Authenticator, FIDO2, OATH and Windows Hello registrations need the person and
 * their device to be made again. Phone numbers and e-mail could be re-added, but the action does
 * not keep them (the evidence names each method by kind and label, never the number or address) and
 * treats the whole step as irreversible rather than half-restore it.
 *
 * <p>Never silently skipped: the password (which cannot be deleted, only reset) is stated in the
 * plan and notes; a method Graph refuses to delete (a phone that is the user's default MFA method)
 * and any kind this action does not know are left behind and park the step for an operator.
 */
final class DeleteAuthenticationMethods implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "DeleteAuthenticationMethods",
          Stage.CLEANUP,
          false,
          "UserAuthenticationMethod.ReadWrite.All",
          "delete the leaver's sign-in methods (phone, e-mail, Authenticator, FIDO2, OATH, TAP, Windows Hello)");

  /** The kinds this action deletes, as Graph's {@code @odata.type} names them. */
  static final Set<String> DELETABLE =
      Set.of(
          "phone",
          "email",
          "microsoftAuthenticator",
          "fido2",
          "softwareOath",
          "temporaryAccessPass",
          "windowsHelloForBusiness");

  private static final String KEEP = "the password cannot be deleted (reset it if needed)";
  private final GraphServiceClient graph;

  /** One method as the before-image keeps it: kind, id, and a label without personal data. */
  record Method(String kind, String id, String label) {
    static Method parse(String item, String label) {
      String[] p = item.split(":", 2);
      return new Method(p[0], p[1], label);
    }

    String item() {
      return kind + ":" + id;
    }

    /** Deletion order: alternateMobile before mobile (Graph needs it), other kinds after phones. */
    int order() {
      return label.equals("phone (alternateMobile)") ? 0 : kind.equals("phone") ? 1 : 2;
    }
  }

  DeleteAuthenticationMethods(GraphServiceClient graph) {
    this.graph = graph;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /**
   * {@code methods}: {@code kind:id} for every registered method, in Graph's order; {@code labels}:
   * one line each, e.g. {@code phone (mobile)}, {@code fido2 (YubiKey 5 NFC)}.
   */
  @Override
  public Map<String, String> snapshot(Target t) {
    List<Method> methods = methods(t.accountId());
    return Map.of(
        "methods",
        Joined.ids(methods.stream().map(Method::item).toList()),
        "labels",
        Joined.lines(methods.stream().map(Method::label).toList()));
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    List<Method> all = parse(before);
    List<Method> deletable = all.stream().filter(m -> DELETABLE.contains(m.kind())).toList();
    List<String> unknown =
        all.stream()
            .filter(m -> !DELETABLE.contains(m.kind()) && !m.kind().equals("password"))
            .map(
                m ->
                    m.label()
                        + ": a kind of method Leaver does not delete; remove it in the Entra admin centre")
            .toList();
    if (deletable.isEmpty()) {
      return unknown.isEmpty()
          ? new Decision.NoOp("no sign-in method to delete; " + KEEP)
          : new Decision.CannotHere("no sign-in method Leaver can delete", unknown);
    }
    return new Decision.Write(
        "delete "
            + deletable.size()
            + " sign-in method(s), irreversibly: "
            + String.join(", ", deletable.stream().map(Method::label).toList())
            + "; "
            + KEEP,
        unknown);
  }

  /**
   * Deletes each deletable method of the before-image not yet done; one already gone (404) was
   * deleted by an earlier attempt. A method Graph refuses (400) is reported as left behind with
   * Graph's reason and is tried again by a retry.
   */
  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    List<Method> todo =
        parse(before).stream()
            .filter(m -> DELETABLE.contains(m.kind()))
            .sorted(Comparator.comparingInt(Method::order))
            .toList();
    List<String> refused = new ArrayList<>();
    String lastRequestId = null;
    for (Method m : todo) {
      if (progress.isDone(m.item())) {
        continue;
      }
      progress.writing(m.item());
      RequestId requestId = new RequestId();
      try {
        delete(graph.users().byUserId(t.accountId()).authentication(), m, requestId);
        lastRequestId = requestId.value();
      } catch (ApiException e) {
        if (e.getResponseStatusCode() == 400) {
          refused.add(m.label() + ": Graph refused to delete it (" + GraphErrors.describe(e) + ")");
          continue;
        }
        if (e.getResponseStatusCode() != 404) {
          throw GraphErrors.map(SPEC.permission(), e);
        }
      }
      progress.done(m.item());
    }
    return new Change(snapshot(t), true, lastRequestId, refused, List.of(KEEP));
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    List<String> left =
        methods(t.accountId()).stream()
            .filter(m -> DELETABLE.contains(m.kind()))
            .map(Method::label)
            .toList();
    return left.isEmpty()
        ? Check.removed("no sign-in method left but the password")
        : Check.stillGranted("still registered: " + String.join(", ", left));
  }

  private static void delete(AuthenticationRequestBuilder auth, Method m, RequestId id) {
    switch (m.kind()) {
      case "phone" ->
          auth.phoneMethods()
              .byPhoneAuthenticationMethodId(m.id())
              .delete(rc -> id.addTo(rc.options));
      case "email" ->
          auth.emailMethods()
              .byEmailAuthenticationMethodId(m.id())
              .delete(rc -> id.addTo(rc.options));
      case "microsoftAuthenticator" ->
          auth.microsoftAuthenticatorMethods()
              .byMicrosoftAuthenticatorAuthenticationMethodId(m.id())
              .delete(rc -> id.addTo(rc.options));
      case "fido2" ->
          auth.fido2Methods()
              .byFido2AuthenticationMethodId(m.id())
              .delete(rc -> id.addTo(rc.options));
      case "softwareOath" ->
          auth.softwareOathMethods()
              .bySoftwareOathAuthenticationMethodId(m.id())
              .delete(rc -> id.addTo(rc.options));
      case "temporaryAccessPass" ->
          auth.temporaryAccessPassMethods()
              .byTemporaryAccessPassAuthenticationMethodId(m.id())
              .delete(rc -> id.addTo(rc.options));
      case "windowsHelloForBusiness" ->
          auth.windowsHelloForBusinessMethods()
              .byWindowsHelloForBusinessAuthenticationMethodId(m.id())
              .delete(rc -> id.addTo(rc.options));
      default -> throw new IllegalArgumentException("not a deletable kind: " + m.kind());
    }
  }

  private List<Method> methods(String userId) {
    var requests = graph.users().byUserId(userId).authentication().methods();
    return GraphPages.all(
            SPEC.permission(),
            requests::get,
            link -> requests.withUrl(link).get(),
            AuthenticationMethodCollectionResponse::getValue)
        .stream()
        .map(DeleteAuthenticationMethods::method)
        .toList();
  }

  /** {@code #microsoft.graph.fido2AuthenticationMethod} → kind {@code fido2}, labelled by name. */
  private static Method method(AuthenticationMethod m) {
    String type = String.valueOf(m.getOdataType());
    String kind = type.replace("#microsoft.graph.", "").replace("AuthenticationMethod", "");
    String detail;
    if (m instanceof PhoneAuthenticationMethod p) {
      detail = p.getPhoneType() == null ? null : p.getPhoneType().getValue();
    } else {
      Object name = m.getAdditionalData() == null ? null : m.getAdditionalData().get("displayName");
      detail = displayName(m, name);
    }
    return new Method(kind, m.getId(), detail == null ? kind : kind + " (" + detail + ")");
  }

  /** The device or key name the method's type carries, if any; never a number or address. */
  private static String displayName(AuthenticationMethod m, Object fromAdditionalData) {
    if (m instanceof com.microsoft.graph.models.MicrosoftAuthenticatorAuthenticationMethod a) {
      return a.getDisplayName();
    }
    if (m instanceof com.microsoft.graph.models.Fido2AuthenticationMethod f) {
      return f.getDisplayName();
    }
    if (m instanceof com.microsoft.graph.models.WindowsHelloForBusinessAuthenticationMethod w) {
      return w.getDisplayName();
    }
    return fromAdditionalData == null ? null : fromAdditionalData.toString();
  }

  private static List<Method> parse(Map<String, String> before) {
    List<String> items = Joined.ids(before.get("methods"));
    List<String> labels = Joined.lines(before.get("labels"));
    List<Method> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      out.add(Method.parse(items.get(i), i < labels.size() ? labels.get(i) : items.get(i)));
    }
    return out;
  }
}
