package dev.leaver.activities.google;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.json.JsonHttpContent;
import com.google.api.client.json.GenericJson;
import com.google.api.client.json.JsonString;
import com.google.api.client.util.Key;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The four Data Transfer API v1 calls the connector makes ({@code applications.list}, {@code
 * transfers.list/get/insert}), on google-http-client with the same credentials, transport and error
 * type ({@link GoogleJsonResponseException}) as the Directory client.
 *
 * <p>Why not Google's generated {@code google-api-services-admin-datatransfer}: the only version
 * that resolves from Maven Central here is {@code datatransfer_v1-rev20-1.25.0}, whose static
 * initialiser refuses to load beside google-api-client 2.x (it requires major version 1), which the
 * Directory client needs. These models follow that API's JSON field for field.
 */
public final class DataTransferApi {
  static final String PATH = "admin/datatransfer/v1/";

  private final GoogleClients clients;

  DataTransferApi(GoogleClients clients) {
    this.clients = clients;
  }

  /** {@code applications.list}, every page. */
  List<Application> applications(String scope) throws IOException {
    List<Application> out = new ArrayList<>();
    String page = null;
    do {
      GenericUrl url = url("applications");
      customer(url);
      if (page != null) {
        url.put("pageToken", page);
      }
      ApplicationsList list = get(scope, url, ApplicationsList.class);
      if (list.applications != null) {
        out.addAll(list.applications);
      }
      page = list.nextPageToken;
    } while (page != null && !page.isEmpty());
    return out;
  }

  /** {@code transfers.list} for one old owner (and new owner, when given), every page. */
  List<Transfer> transfers(String scope, String oldOwnerUserId, String newOwnerUserId)
      throws IOException {
    List<Transfer> out = new ArrayList<>();
    String page = null;
    do {
      GenericUrl url = url("transfers");
      customer(url);
      url.put("oldOwnerUserId", oldOwnerUserId);
      if (newOwnerUserId != null) {
        url.put("newOwnerUserId", newOwnerUserId);
      }
      if (page != null) {
        url.put("pageToken", page);
      }
      TransfersList list = get(scope, url, TransfersList.class);
      if (list.dataTransfers != null) {
        out.addAll(list.dataTransfers);
      }
      page = list.nextPageToken;
    } while (page != null && !page.isEmpty());
    return out;
  }

  /** {@code transfers.get}. */
  Transfer transfer(String scope, String id) throws IOException {
    return get(scope, url("transfers/" + id), Transfer.class);
  }

  /** {@code transfers.insert}: not idempotent; callers look for an earlier one first. */
  Transfer insert(String scope, Transfer transfer) throws IOException {
    HttpRequest request =
        clients
            .requests(scope)
            .buildPostRequest(url("transfers"), new JsonHttpContent(clients.json(), transfer));
    return execute(request, Transfer.class);
  }

  private <T> T get(String scope, GenericUrl url, Class<T> type) throws IOException {
    return execute(clients.requests(scope).buildGetRequest(url), type);
  }

  private <T> T execute(HttpRequest request, Class<T> type) throws IOException {
    request.setParser(clients.json().createJsonObjectParser());
    request.setThrowExceptionOnExecuteError(false);
    HttpResponse response = request.execute();
    try {
      if (!response.isSuccessStatusCode()) {
        throw GoogleJsonResponseException.from(clients.json(), response);
      }
      return response.parseAs(type);
    } finally {
      response.disconnect();
    }
  }

  private GenericUrl url(String path) {
    return new GenericUrl(clients.config().rootUrl() + PATH + path);
  }

  /** Data Transfer takes the immutable customer id; {@code my_customer} is the default anyway. */
  private void customer(GenericUrl url) {
    String customer = clients.config().customerId();
    if (!"my_customer".equals(customer)) {
      url.put("customerId", customer);
    }
  }

  /** An application whose data can be transferred (Drive and Docs, Calendar). */
  public static final class Application extends GenericJson {
    @Key @JsonString public Long id;
    @Key public String name;
  }

  /** A page of applications. */
  public static final class ApplicationsList extends GenericJson {
    @Key public List<Application> applications;
    @Key public String nextPageToken;
  }

  /** A transfer parameter, e.g. {@code PRIVACY_LEVEL} = [SHARED, PRIVATE]. */
  public static final class TransferParam extends GenericJson {
    @Key public String key;
    @Key public List<String> value;
  }

  /** One application's part of a transfer. */
  public static final class ApplicationTransfer extends GenericJson {
    @Key @JsonString public Long applicationId;
    @Key public List<TransferParam> applicationTransferParams;
    @Key public String applicationTransferStatus;
  }

  /** A data transfer between two users. */
  public static final class Transfer extends GenericJson {
    @Key public String id;
    @Key public String oldOwnerUserId;
    @Key public String newOwnerUserId;
    @Key public List<ApplicationTransfer> applicationDataTransfers;
    @Key public String overallTransferStatusCode;
    @Key public String requestTime;
  }

  /** A page of transfers. */
  public static final class TransfersList extends GenericJson {
    @Key public List<Transfer> dataTransfers;
    @Key public String nextPageToken;
  }
}
