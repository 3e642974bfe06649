package dev.leaver.sandbox.ad;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SelfSignedCertificateGenerator;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.util.ObjectPair;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import dev.leaver.sandbox.Emulator;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.graph.GraphEmulator;
import java.io.BufferedReader;
import java.io.File;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * On-prem Active Directory for the sandbox: UnboundID's in-memory directory, seeded from the
 * tenant's LDIF and served over LDAPS on a loopback port of its own. It is a plain LDAP server, not
 * AD: no schema checking, no {@code memberOf}, no bitwise filters — the connector relies on none of
 * them, and the AD tests also run against a real Samba AD domain controller.
 *
 * <p>{@code GET /ad} tells a connector where it is: {@code {"url": "ldaps://127.0.0.1:PORT",
 * "baseDn", "bindDn", "bindPassword", "disabledOu"}} (sandbox-only credentials). Each entry without
 * an {@code objectGUID} gets one, in AD's byte order. Tests can refuse the next writes and count
 * them.
 */
public final class AdDirectory implements Emulator {
  private final InMemoryDirectoryServer server;
  private final Map<String, String> where = new LinkedHashMap<>();
  private final LdapFaults faults = new LdapFaults();
  private volatile GraphEmulator graph;
  private final List<String> revoked = new java.util.concurrent.CopyOnWriteArrayList<>();

  public AdDirectory(JsonNode section) {
    if (section.isMissingNode()) {
      server = null;
      return;
    }
    String baseDn = section.path("baseDn").asText();
    String bindDn = section.path("bindDn").asText();
    String bindPassword = section.path("bindPassword").asText();
    try {
      SSLUtil serverTls = serverTls();
      InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(baseDn);
      config.setSchema(null); // AD's schema is not UnboundID's; the connector needs none of it
      config.addAdditionalBindCredentials(bindDn, bindPassword);
      config.setListenerConfigs(
          InMemoryListenerConfig.createLDAPSConfig(
              "LDAPS",
              InetAddress.getLoopbackAddress(),
              0,
              serverTls.createSSLServerSocketFactory(),
              null));
      config.addInMemoryOperationInterceptor(faults);
      config.addInMemoryOperationInterceptor(new AdBehaviour());
      server = new InMemoryDirectoryServer(config);
      List<Entry> entries = new ArrayList<>();
      try (LDIFReader ldif =
          new LDIFReader(new BufferedReader(new StringReader(section.path("ldif").asText())))) {
        for (Entry e = ldif.readEntry(); e != null; e = ldif.readEntry()) {
          if (!e.hasAttribute("objectGUID")) {
            e.addAttribute(
                "objectGUID",
                guidBytes(
                    UUID.nameUUIDFromBytes(
                        e.getParsedDN().toNormalizedString().getBytes(StandardCharsets.UTF_8))));
          }
          entries.add(e);
        }
      }
      server.addEntries(entries);
      server.startListening();
    } catch (Exception e) {
      throw new IllegalStateException(
          "the sandbox AD directory did not start: " + e.getMessage(), e);
    }
    where.put("url", "ldaps://127.0.0.1:" + server.getListenPort());
    where.put("baseDn", baseDn);
    where.put("bindDn", bindDn);
    where.put("bindPassword", bindPassword);
    where.put("disabledOu", section.path("disabledOu").asText());
  }

  private static ObjectPair<File, char[]> keyStore;

  /**
   * TLS for a sandbox LDAPS listener, with one self-signed certificate per JVM: making a key pair
   * for every sandbox would slow every test.
   */
  static synchronized SSLUtil serverTls() throws Exception {
    if (keyStore == null) {
      keyStore =
          SelfSignedCertificateGenerator.generateTemporarySelfSignedCertificate(
              "leaver-sandbox", "JKS");
    }
    return new SSLUtil(
        new KeyStoreKeyManager(keyStore.getFirst(), keyStore.getSecond(), "JKS", null),
        new TrustAllTrustManager());
  }

  /**
   * Entra Connect, immediately: a synced Entra user's accountEnabled follows userAccountControl.
   */
  @Override
  public void attach(Sandbox sandbox) {
    graph = sandbox.emulator(GraphEmulator.class);
  }

  @Override
  public String prefix() {
    return "/ad";
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    if (server == null) {
      return HttpResponse.json(404, Map.of("error", "this sandbox tenant has no ad section"));
    }
    if (request.method().equals("GET") && request.path().equals("/ad")) {
      return HttpResponse.json(200, where);
    }
    return HttpResponse.json(404, Map.of("error", "no such route: " + request.path()));
  }

  /** The directory itself, for a test to seed entries and read state back. */
  public InMemoryDirectoryServer server() {
    return server;
  }

  /** Where the LDAPS listener is and the sandbox-only bind credentials, as {@code GET /ad} says. */
  public Map<String, String> where() {
    return Map.copyOf(where);
  }

  /** Writes (add, delete, modify, modify DN) clients have sent so far, refused ones included. */
  public int writes() {
    return faults.writes();
  }

  /** Refuses the next writes matching; see {@link LdapFaults#refuse}. */
  public void refuse(String operation, String target, ResultCode code, int times) {
    faults.refuse(operation, target, code, times);
  }

  /**
   * Takes a right from the bound account, as a domain admin would by removing a delegation: the
   * attribute (e.g. {@code userAccountControl}, {@code member}) or, for {@code user}, creating
   * users in an OU no longer shows in AD's effective-rights attributes. Writes are not refused by
   * this; use {@link #refuse} for that.
   */
  public void revokeRight(String attributeOrClass) {
    revoked.add(attributeOrClass);
  }

  /** AD's objectGUID bytes: the UUID's first three fields little-endian, the rest as is. */
  public static byte[] guidBytes(UUID id) {
    ByteBuffer big =
        ByteBuffer.allocate(16)
            .putLong(id.getMostSignificantBits())
            .putLong(id.getLeastSignificantBits());
    ByteBuffer ad = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    ad.putInt(big.getInt(0)).putShort(big.getShort(4)).putShort(big.getShort(6));
    ad.put(big.array(), 8, 8);
    return ad.array();
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutDown(true);
    }
  }

  /**
   * What AD does that the in-memory server does not: objectGUIDs, constructed rights attributes.
   */
  private final class AdBehaviour extends InMemoryOperationInterceptor {
    @Override
    public void processModifyResult(InMemoryInterceptedModifyResult result) {
      GraphEmulator entra = graph;
      if (entra == null
          || !ResultCode.SUCCESS.equals(result.getResult().getResultCode())
          || result.getRequest().getModifications().stream()
              .noneMatch(m -> m.getAttributeName().equalsIgnoreCase("userAccountControl"))) {
        return;
      }
      try {
        Entry e =
            server.getEntry(result.getRequest().getDN(), "userPrincipalName", "userAccountControl");
        Integer uac = e == null ? null : e.getAttributeValueAsInteger("userAccountControl");
        if (uac != null && e.hasAttribute("userPrincipalName")) {
          entra.syncFromOnPremises(e.getAttributeValue("userPrincipalName"), (uac & 0x2) == 0);
        }
      } catch (LDAPException ignored) {
        // the sync is best effort, as Entra Connect's is; the write itself succeeded
      }
    }

    @Override
    public void processAddRequest(InMemoryInterceptedAddRequest request) {
      if (!request.getRequest().hasAttribute("objectGUID")) {
        var add = request.getRequest().duplicate();
        add.addAttribute("objectGUID", guidBytes(UUID.randomUUID()));
        request.setRequest(add);
      }
    }

    /**
     * Answers AD's constructed attributes that say what the bound account may do: everything a
     * connector writes, less what a test has revoked.
     */
    @Override
    public void processSearchEntry(InMemoryInterceptedSearchEntry entry) {
      List<String> asked = entry.getRequest().getAttributeList();
      boolean attributes =
          asked.stream().anyMatch(a -> a.equalsIgnoreCase("allowedAttributesEffective"));
      boolean children =
          asked.stream().anyMatch(a -> a.equalsIgnoreCase("allowedChildClassesEffective"));
      if (!attributes && !children) {
        return;
      }
      Entry e = entry.getSearchEntry().duplicate();
      if (attributes) {
        List<String> writable =
            new ArrayList<>(
                e.hasObjectClass("group")
                    ? List.of("member", "description", "info")
                    : e.hasObjectClass("user")
                        ? List.of("userAccountControl", "description", "info")
                        : List.of());
        writable.removeAll(revoked);
        e.setAttribute("allowedAttributesEffective", writable);
      }
      if (children && e.hasObjectClass("organizationalUnit") && !revoked.contains("user")) {
        e.setAttribute("allowedChildClassesEffective", "user", "group");
      }
      entry.setSearchEntry(e);
    }
  }
}
