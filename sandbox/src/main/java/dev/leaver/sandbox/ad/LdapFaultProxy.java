package dev.leaver.sandbox.ad;

import com.unboundid.ldap.listener.LDAPListener;
import com.unboundid.ldap.listener.LDAPListenerConfig;
import com.unboundid.ldap.listener.ProxyRequestHandler;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptorRequestHandler;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import java.net.InetAddress;
import java.util.List;

/**
 * An LDAPS listener on a loopback port that forwards everything to a real directory (a Samba AD
 * domain controller in the tests) through {@link LdapFaults}, so the connector contract can count
 * and refuse writes against a real AD as it does against the sandbox.
 */
public final class LdapFaultProxy implements AutoCloseable {
  private final LDAPListener listener;
  private final LdapFaults faults = new LdapFaults();

  /** Forwards to {@code ldaps://host:port}, trusting its certificate (a test DC's own). */
  public LdapFaultProxy(String host, int port) throws Exception {
    SingleServerSet backend =
        new SingleServerSet(
            host, port, new SSLUtil(new TrustAllTrustManager()).createSSLSocketFactory());
    LDAPListenerConfig config =
        new LDAPListenerConfig(
            0,
            new InMemoryOperationInterceptorRequestHandler(
                List.of(faults), new ProxyRequestHandler(backend)));
    config.setListenAddress(InetAddress.getLoopbackAddress());
    config.setServerSocketFactory(AdDirectory.serverTls().createSSLServerSocketFactory());
    listener = new LDAPListener(config);
    listener.startListening();
  }

  public String url() {
    return "ldaps://127.0.0.1:" + listener.getListenPort();
  }

  public LdapFaults faults() {
    return faults;
  }

  @Override
  public void close() {
    listener.shutDown(true);
  }
}
