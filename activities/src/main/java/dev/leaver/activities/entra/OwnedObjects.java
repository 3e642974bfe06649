package dev.leaver.activities.entra;

import com.microsoft.graph.models.Application;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.ReferenceCreate;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import dev.leaver.activities.graph.GraphErrors;
import dev.leaver.activities.graph.RequestId;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Graph calls behind {@link HandOverOwnership}: what a user owns, the owners of a group or an
 * app registration, an app registration's credentials, and adding or removing an owner. Group calls
 * need Group.ReadWrite.All, app registration calls Application.ReadWrite.All; each failure names
 * the one its call needed.
 */
final class OwnedObjects {
  static final String GROUPS = "Group.ReadWrite.All";
  static final String APPS = "Application.ReadWrite.All";

  /** A group or app registration: {@code kind} is {@code group} or {@code app}. */
  record Owned(String kind, String id, String name) {
    String permission() {
      return kind.equals("group") ? GROUPS : APPS;
    }

    String describe() {
      return (kind.equals("group") ? "group '" : "app registration '") + name + "'";
    }
  }

  private final GraphServiceClient graph;

  OwnedObjects(GraphServiceClient graph) {
    this.graph = graph;
  }

  /** Everything the user owns ({@code GET /users/{id}/ownedObjects}), every page. */
  List<DirectoryObject> ownedBy(String userId) {
    var requests = graph.users().byUserId(userId).ownedObjects();
    return GraphPages.all(
        "User.Read.All",
        requests::get,
        link -> requests.withUrl(link).get(),
        DirectoryObjectCollectionResponse::getValue);
  }

  /** A group or app registration, or null for another kind of object. */
  static Owned owned(DirectoryObject o) {
    if (o instanceof Group g) {
      return new Owned("group", g.getId(), g.getDisplayName());
    }
    if (o instanceof Application a) {
      return new Owned("app", a.getId(), a.getDisplayName());
    }
    return null;
  }

  /** The ids of the object's owners, every page. */
  List<String> owners(Owned o) {
    Supplier<DirectoryObjectCollectionResponse> first =
        o.kind().equals("group")
            ? () -> graph.groups().byGroupId(o.id()).owners().get()
            : () -> graph.applications().byApplicationId(o.id()).owners().get();
    return GraphPages.all(
            o.permission(),
            first,
            link ->
                o.kind().equals("group")
                    ? graph.groups().byGroupId(o.id()).owners().withUrl(link).get()
                    : graph.applications().byApplicationId(o.id()).owners().withUrl(link).get(),
            DirectoryObjectCollectionResponse::getValue)
        .stream()
        .map(DirectoryObject::getId)
        .sorted()
        .toList();
  }

  /**
   * "1 client secret(s), 0 certificate(s)" for an app registration with credentials; null when it
   * has none. Graph does not say who created a credential.
   */
  String credentials(Owned app) {
    Application a =
        GraphErrors.call(
            APPS,
            () ->
                graph
                    .applications()
                    .byApplicationId(app.id())
                    .get(
                        rc ->
                            rc.queryParameters.select =
                                new String[] {
                                  "id", "displayName", "passwordCredentials", "keyCredentials"
                                }));
    int secrets = a.getPasswordCredentials() == null ? 0 : a.getPasswordCredentials().size();
    int certificates = a.getKeyCredentials() == null ? 0 : a.getKeyCredentials().size();
    return secrets + certificates == 0
        ? null
        : secrets + " client secret(s), " + certificates + " certificate(s)";
  }

  /** Adds an owner; one already there counts as added. */
  void addOwner(Owned o, String userId) {
    ReferenceCreate ref = new ReferenceCreate();
    ref.setOdataId("https://graph.microsoft.com/v1.0/directoryObjects/" + userId);
    try {
      if (o.kind().equals("group")) {
        graph.groups().byGroupId(o.id()).owners().ref().post(ref);
      } else {
        graph.applications().byApplicationId(o.id()).owners().ref().post(ref);
      }
    } catch (ApiException e) {
      if (!GraphErrors.alreadyAdded(e)) {
        throw GraphErrors.map(o.permission(), e);
      }
    }
  }

  /** Removes an owner; one already gone counts as removed. Returns Graph's request-id. */
  String removeOwner(Owned o, String userId) {
    RequestId requestId = new RequestId();
    try {
      if (o.kind().equals("group")) {
        graph
            .groups()
            .byGroupId(o.id())
            .owners()
            .byDirectoryObjectId(userId)
            .ref()
            .delete(rc -> requestId.addTo(rc.options));
      } else {
        graph
            .applications()
            .byApplicationId(o.id())
            .owners()
            .byDirectoryObjectId(userId)
            .ref()
            .delete(rc -> requestId.addTo(rc.options));
      }
      return requestId.value();
    } catch (ApiException e) {
      if (!GraphErrors.alreadyRemoved(e)) {
        throw GraphErrors.map(o.permission(), e);
      }
      return null;
    }
  }

  /** The manager's Entra object id, or null when there is no manager or no such user. */
  String userId(String upn) {
    if (upn == null) {
      return null;
    }
    try {
      return graph
          .users()
          .byUserId(upn)
          .get(rc -> rc.queryParameters.select = new String[] {"id"})
          .getId();
    } catch (ApiException e) {
      if (e.getResponseStatusCode() == 404) {
        return null;
      }
      throw GraphErrors.map("User.Read.All", e);
    }
  }
}
