package dev.leaver.activities.ad;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import dev.leaver.activities.target.TargetException;
import java.io.File;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.SSLSocketFactory;

/**
 * The connector's view of the directory: a small LDAPS connection pool (opened on first use, so a
 * worker starts while the domain controllers are unreachable), lookups by objectGUID — the one key
 * that survives a move or rename — and AD's result codes mapped to the kit's exceptions.
 */
final class Directory implements AutoCloseable {
  /** Transient: the server or the network, not the request. */
  private static final Set<ResultCode> TRANSIENT =
      Set.of(
          ResultCode.BUSY,
          ResultCode.UNAVAILABLE,
          ResultCode.SERVER_DOWN,
          ResultCode.CONNECT_ERROR,
          ResultCode.TIMEOUT,
          ResultCode.TIME_LIMIT_EXCEEDED,
          ResultCode.ADMIN_LIMIT_EXCEEDED);

  private static final Set<ResultCode> DENIED =
      Set.of(
          ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
          ResultCode.INVALID_CREDENTIALS,
          ResultCode.STRONG_AUTH_REQUIRED,
          ResultCode.CONFIDENTIALITY_REQUIRED,
          ResultCode.INAPPROPRIATE_AUTHENTICATION);

  /**
   * Answers AD gives to a change that is already so; checked against the directory, never trusted.
   */
  private static final Set<ResultCode> ALREADY =
      Set.of(
          ResultCode.NO_SUCH_ATTRIBUTE,
          ResultCode.UNWILLING_TO_PERFORM,
          ResultCode.ATTRIBUTE_OR_VALUE_EXISTS,
          ResultCode.ENTRY_ALREADY_EXISTS,
          ResultCode.CONSTRAINT_VIOLATION);

  private final AdConfig config;
  private LDAPConnectionPool pool;

  Directory(AdConfig config) {
    this.config = config;
  }

  AdConfig config() {
    return config;
  }

  boolean configured() {
    return config.url() != null;
  }

  /** Runs one LDAP call; {@code permission} names what a refusal means for the operator. */
  <T> T call(String permission, Call<T> call) {
    try {
      return call.run(pool());
    } catch (LDAPException e) {
      throw map(permission, e);
    }
  }

  /** One LDAP call against the pool. */
  interface Call<T> {
    T run(LDAPConnectionPool pool) throws LDAPException;
  }

  static TargetException map(String permission, LDAPException e) {
    ResultCode rc = e.getResultCode();
    String what =
        "LDAP "
            + rc.intValue()
            + " ("
            + rc.getName()
            + ")"
            + (e.getDiagnosticMessage() == null ? "" : ": " + e.getDiagnosticMessage());
    if (TRANSIENT.contains(rc) || !ResultCode.isConnectionUsable(rc)) {
      return new TargetException.Retryable(what, null, e);
    }
    if (DENIED.contains(rc)) {
      return new TargetException.PermissionDenied("needs " + permission + "; " + what, e);
    }
    return new TargetException.Rejected(what, e);
  }

  /** The entry with this objectGUID, or empty. */
  Optional<SearchResultEntry> byGuid(String guid, String... attributes) {
    return call(
        "read users and groups",
        p ->
            Optional.ofNullable(
                p.searchForEntry(
                    config.baseDn(),
                    SearchScope.SUB,
                    Filter.createEqualityFilter("objectGUID", guidBytes(UUID.fromString(guid))),
                    attributes)));
  }

  /** The entry at this DN, or empty when there is none. */
  Optional<SearchResultEntry> read(String dn, String... attributes) {
    return call("read users and groups", p -> Optional.ofNullable(p.getEntry(dn, attributes)));
  }

  /** The entry with this objectGUID; one that is gone is a refusal for good (deleted in AD). */
  SearchResultEntry entry(String guid, String... attributes) {
    return byGuid(guid, attributes)
        .orElseThrow(
            () ->
                new TargetException.Rejected(
                    "no directory object with objectGUID " + guid + " any more (deleted in AD?)",
                    null));
  }

  /** Up to two matches, enough to tell one from ambiguous. */
  List<SearchResultEntry> find(Filter filter, String... attributes) {
    return call(
        "read users and groups",
        p -> {
          SearchRequest r = new SearchRequest(config.baseDn(), SearchScope.SUB, filter, attributes);
          r.setSizeLimit(2);
          try {
            return p.search(r).getSearchEntries();
          } catch (LDAPException e) {
            if (ResultCode.SIZE_LIMIT_EXCEEDED.equals(e.getResultCode())
                && e instanceof com.unboundid.ldap.sdk.LDAPSearchException s) {
              return s.getSearchEntries();
            }
            throw e;
          }
        });
  }

  /**
   * Every entry the filter matches, a page at a time (a large directory has more than AD's 1000).
   */
  List<SearchResultEntry> findAll(Filter filter, String... attributes) {
    return call(
        "read users and groups",
        p -> {
          List<SearchResultEntry> all = new ArrayList<>();
          ASN1OctetString cookie = null;
          do {
            SearchRequest r =
                new SearchRequest(config.baseDn(), SearchScope.SUB, filter, attributes);
            r.setControls(new SimplePagedResultsControl(config.pageSize(), cookie));
            SearchResult page = p.search(r);
            all.addAll(page.getSearchEntries());
            SimplePagedResultsControl answer = SimplePagedResultsControl.get(page);
            cookie = answer == null ? null : answer.getCookie();
          } while (cookie != null && cookie.getValueLength() > 0);
          return all;
        });
  }

  void modify(String permission, String dn, Modification... mods) {
    call(permission, p -> p.modify(new ModifyRequest(dn, mods)));
  }

  /** Moves an entry under {@code newParent}, keeping its RDN (AD requires deleteOldRDN). */
  void move(String permission, String dn, String newParent) {
    call(
        permission,
        p -> {
          RDN rdn = new DN(dn).getRDN();
          return p.modifyDN(new ModifyDNRequest(dn, rdn.toString(), true, newParent));
        });
  }

  /**
   * Removes {@code member} from the group; false when it was not a member (AD answers a repeat with
   * 53 or 16 rather than success, so the answer is checked against the group).
   */
  boolean removeMember(String permission, String groupDn, String member) {
    try {
      pool()
          .modify(
              new ModifyRequest(
                  groupDn, new Modification(ModificationType.DELETE, "member", member)));
      return true;
    } catch (LDAPException e) {
      if (ALREADY.contains(e.getResultCode()) && !isMember(groupDn, member)) {
        return false;
      }
      throw map(permission, e);
    }
  }

  /** Adds {@code member} to the group; false when it already was one (AD: 68, LDAP: 20). */
  boolean addMember(String permission, String groupDn, String member) {
    try {
      pool()
          .modify(
              new ModifyRequest(groupDn, new Modification(ModificationType.ADD, "member", member)));
      return true;
    } catch (LDAPException e) {
      if (ALREADY.contains(e.getResultCode()) && isMember(groupDn, member)) {
        return false;
      }
      throw map(permission, e);
    }
  }

  private boolean isMember(String groupDn, String member) {
    return call(
        "read users and groups",
        p ->
            p.search(
                        groupDn,
                        SearchScope.BASE,
                        Filter.createEqualityFilter("member", member),
                        "1.1")
                    .getEntryCount()
                > 0);
  }

  static String parentOf(String dn) {
    try {
      return new DN(dn).getParentString();
    } catch (LDAPException e) {
      throw new TargetException.Rejected("not a DN: " + e.getMessage(), e);
    }
  }

  static boolean sameDn(String a, String b) {
    try {
      return a != null && b != null && new DN(a).equals(new DN(b));
    } catch (LDAPException e) {
      return false;
    }
  }

  /** AD keeps objectGUID with the first three fields little-endian. */
  static String guid(byte[] ad) {
    ByteBuffer b = ByteBuffer.wrap(ad).order(ByteOrder.LITTLE_ENDIAN);
    long high =
        ((long) b.getInt() << 32) | ((b.getShort() & 0xffffL) << 16) | (b.getShort() & 0xffffL);
    return new UUID(high, ByteBuffer.wrap(ad, 8, 8).getLong()).toString();
  }

  static byte[] guidBytes(UUID id) {
    ByteBuffer ad = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    ad.putInt((int) (id.getMostSignificantBits() >>> 32))
        .putShort((short) (id.getMostSignificantBits() >>> 16))
        .putShort((short) id.getMostSignificantBits());
    return ad.order(ByteOrder.BIG_ENDIAN).putLong(id.getLeastSignificantBits()).array();
  }

  private synchronized LDAPConnectionPool pool() throws LDAPException {
    if (!configured()) {
      throw new LDAPException(ResultCode.CONNECT_ERROR, "no AD url configured");
    }
    if (pool == null) {
      URI url = URI.create(config.url());
      LDAPConnectionOptions options = new LDAPConnectionOptions();
      options.setConnectTimeoutMillis(10_000);
      options.setResponseTimeoutMillis(20_000); // below the activity's heartbeat timeout
      LDAPConnection c =
          new LDAPConnection(
              tls(),
              options,
              url.getHost(),
              url.getPort() < 0 ? 636 : url.getPort(),
              config.bindDn(),
              config.bindPassword());
      pool = new LDAPConnectionPool(c, 1, 4);
      // One retry layer, Temporal's: the pool must not quietly re-send a write on a new connection.
      pool.setRetryFailedOperationsDueToInvalidConnections(false);
    }
    return pool;
  }

  private SSLSocketFactory tls() throws LDAPException {
    try {
      SSLUtil ssl =
          config.trustAnyCertificate()
              ? new SSLUtil(new TrustAllTrustManager())
              : config.caCertFile() != null
                  ? new SSLUtil(new PEMFileTrustManager(new File(config.caCertFile())))
                  : new SSLUtil();
      return ssl.createSSLSocketFactory();
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new LDAPException(ResultCode.CONNECT_ERROR, "TLS set-up failed: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }
}
