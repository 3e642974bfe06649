package dev.leaver.sandbox.ad;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts LDAP writes and refuses chosen ones before they reach the directory: LDAP's counterpart of
 * the sandbox's HTTP faults. Used by the sandbox's AD directory and by {@link LdapFaultProxy} in
 * front of a real domain controller.
 */
public final class LdapFaults extends InMemoryOperationInterceptor {
  private final List<Refusal> refusals = new ArrayList<>();
  private int writes;

  /** A refusal of the next {@code left} writes of an operation on DNs containing {@code target}. */
  private static final class Refusal {
    final String operation;
    final String target;
    final ResultCode code;
    int left;

    Refusal(String operation, String target, ResultCode code, int left) {
      this.operation = operation;
      this.target = target;
      this.code = code;
      this.left = left;
    }
  }

  /**
   * Refuses the next {@code times} writes of {@code operation} ({@code ADD}, {@code DELETE}, {@code
   * MODIFY}, {@code MODDN}) on a DN containing {@code target} (case-insensitive), without applying
   * them, with {@code code}: e.g. {@code BUSY}, {@code UNAVAILABLE}, {@code
   * INSUFFICIENT_ACCESS_RIGHTS}.
   */
  public synchronized void refuse(String operation, String target, ResultCode code, int times) {
    refusals.add(new Refusal(operation, target.toLowerCase(Locale.ROOT), code, times));
  }

  /** Writes clients have sent so far, refused ones included. */
  public synchronized int writes() {
    return writes;
  }

  private synchronized void write(String operation, String dn) throws LDAPException {
    writes++;
    String target = dn.toLowerCase(Locale.ROOT);
    for (Refusal r : refusals) {
      if (r.left > 0 && r.operation.equals(operation) && target.contains(r.target)) {
        r.left--;
        throw new LDAPException(r.code, "sandbox fault: " + r.code.getName());
      }
    }
  }

  @Override
  public void processAddRequest(InMemoryInterceptedAddRequest request) throws LDAPException {
    write("ADD", request.getRequest().getDN());
  }

  @Override
  public void processDeleteRequest(InMemoryInterceptedDeleteRequest request) throws LDAPException {
    write("DELETE", request.getRequest().getDN());
  }

  @Override
  public void processModifyRequest(InMemoryInterceptedModifyRequest request) throws LDAPException {
    write("MODIFY", request.getRequest().getDN());
  }

  @Override
  public void processModifyDNRequest(InMemoryInterceptedModifyDNRequest request)
      throws LDAPException {
    write("MODDN", request.getRequest().getDN());
  }
}
