package dev.leaver.worker;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * Names what failed when Temporal, or a TLS-terminating proxy in front of it, refuses the
 * connection: an untrusted server certificate, a refused or missing client certificate, a wrong or
 * missing API key. gRPC reports these as {@code UNAVAILABLE: io exception} or {@code
 * UNAUTHENTICATED: HTTP status code 401}, which say neither what nor where to fix it.
 *
 * <p>A failed certificate check will fail the same way on every retry, so it is reported as {@code
 * UNAUTHENTICATED}, which the SDK does not retry, instead of {@code UNAVAILABLE}, which it retries
 * for a minute before a command gives up.
 */
final class TransportFailures implements ClientInterceptor {
  private static final String CA_SETTINGS =
      "TEMPORAL_TLS_SERVER_CA_CERT_PATH, tls.server_ca_cert_path"
          + " in temporal.toml, or temporal.serverCaCertFile in the YAML";
  private static final String CERT_SETTINGS =
      "TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH,"
          + " tls.client_cert_path and tls.client_key_path in temporal.toml, or temporal.clientCertFile and"
          + " temporal.clientKeyFile in the YAML";
  private static final String KEY_SETTINGS =
      "TEMPORAL_API_KEY, api_key in temporal.toml, or" + " temporal.apiKey in the YAML";

  /**
   * What the client presents to the server.
   *
   * @param address host:port the client connects to
   * @param tls whether it speaks TLS
   * @param apiKey whether it sends an API key
   * @param clientCert whether it presents a client certificate
   * @param serverCa whether it trusts a CA of its own rather than the JVM's
   */
  record Presented(
      String address, boolean tls, boolean apiKey, boolean clientCert, boolean serverCa) {}

  private final Presented presented;

  TransportFailures(Presented presented) {
    this.presented = presented;
  }

  @Override
  public <Q, A> ClientCall<Q, A> interceptCall(
      MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<A> listener, Metadata headers) {
        super.start(
            new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onClose(Status status, Metadata trailers) {
                super.onClose(explain(status), trailers);
              }
            },
            headers);
      }
    };
  }

  /** The status with a description that names what failed, or the status as it was. */
  Status explain(Status status) {
    if (status.isOk()) {
      return status;
    }
    String at = "Temporal at " + presented.address() + ": ";
    String tlsProblem = tlsProblem(status.getCause());
    if (tlsProblem != null) {
      return Status.UNAUTHENTICATED.withDescription(at + tlsProblem).withCause(status.getCause());
    }
    String said =
        status.getCode()
            + (status.getDescription() == null ? "" : ": " + firstLine(status.getDescription()));
    if (status.getCode() == Status.Code.UNAUTHENTICATED
        || status.getCode() == Status.Code.PERMISSION_DENIED) {
      String why;
      if (presented.apiKey()) {
        why =
            "the API key was refused ("
                + said
                + "): it is wrong, expired or not allowed on this namespace;"
                + " check "
                + KEY_SETTINGS;
      } else if (presented.clientCert()) {
        why =
            "this client's certificate was refused ("
                + said
                + "): it is not signed by a CA the server"
                + " trusts, or not allowed on this namespace; check "
                + CERT_SETTINGS;
      } else {
        why =
            "the server wants credentials and none were given ("
                + said
                + "): set an API key ("
                + KEY_SETTINGS
                + ") or a client certificate ("
                + CERT_SETTINGS
                + ")";
      }
      return status.withDescription(at + why);
    }
    return status;
  }

  /** What went wrong in the TLS handshake, or null when it was not a TLS failure. */
  private String tlsProblem(Throwable cause) {
    for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (t instanceof CertPathValidatorException
          || m.contains("PKIX path")
          || m.contains("unable to find valid certification path")) {
        return "the server's TLS certificate is not trusted ("
            + lastPart(firstLine(m))
            + "); "
            + (presented.serverCa()
                ? "the server CA certificate given did not sign it: give the CA that did ("
                : "give the CA that signed it (")
            + CA_SETTINGS
            + ")";
      }
      if (t instanceof CertificateException
          && (m.contains("No subject alternative") || m.contains("No name matching"))) {
        return "the server's TLS certificate does not hold the name this client expects ("
            + firstLine(m)
            + "); connect by a name it holds, or set the name to expect (TEMPORAL_TLS_SERVER_NAME,"
            + " tls.server_name in temporal.toml, or temporal.serverName in the YAML)";
      }
      if (t instanceof SSLException && m.contains("not an SSL/TLS record")) {
        return "the server does not speak TLS ("
            + firstLine(m)
            + "); turn TLS off for a plain-text server"
            + " (TEMPORAL_TLS=false, or temporal.tls: false in the YAML)";
      }
      if (t instanceof SSLException
          && m.contains("Received fatal alert")
          && (m.contains("certificate")
              || m.contains("unknown_ca")
              || m.contains("access_denied"))) {
        return presented.clientCert()
            ? "the server refused this client's certificate ("
                + firstLine(m)
                + "): it is not signed by a CA"
                + " the server trusts; check "
                + CERT_SETTINGS
            : "the server requires a client certificate (mTLS) and none was given ("
                + firstLine(m)
                + "); set "
                + CERT_SETTINGS;
      }
    }
    return null;
  }

  /** "PKIX path building failed: sun...Exception: unable to find…" → "unable to find…". */
  private static String lastPart(String s) {
    int colon = s.lastIndexOf(": ");
    return colon < 0 ? s : s.substring(colon + 2);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
