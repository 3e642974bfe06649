package dev.leaver.activities.ad;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.ad.AdDirectory;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Finding the leaver in AD: by the configured keys, in order; two candidates touch nothing. */
class AdResolveTest {
  private Sandbox sandbox;
  private AdConfig base;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    base = AdConfig.sandbox(sandbox.baseUrl());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private AdTarget target(List<String> matchOn) {
    return new AdTarget(
        new AdConfig(
            base.url(),
            base.bindDn(),
            base.bindPassword(),
            base.baseDn(),
            base.disabledOu(),
            null,
            true,
            null,
            false,
            2,
            matchOn));
  }

  @Test
  void anHrUpnOfAnotherDomainIsFoundBySamAccountNameOnlyWhenThePolicyAsksForIt() {
    Leaver fromHr = new Leaver("E-UNKNOWN", "zvaughan@corp.example", null);

    try (AdTarget byDefault = target(null);
        AdTarget bySam = target(List.of("employeeID", "sAMAccountName"))) {
      Resolution none = byDefault.resolve(fromHr);
      Resolution found = bySam.resolve(fromHr);

      assertThat(none.found()).isFalse();
      assertThat(none.detail()).contains("employeeID, userPrincipalName");
      assertThat(found.found()).isTrue();
      assertThat(found.matchedOn()).isEqualTo("sAMAccountName");
      assertThat(found.accountId()).isEqualTo("e3583ae4-eae5-4ff2-8c85-f6c42ab75004");
    }
  }

  @Test
  void twoUserObjectsWithTheLeaversEmployeeIdAreAmbiguousAndNeitherIsTouched() throws Exception {
    sandbox
        .emulator(AdDirectory.class)
        .server()
        .add(
            new Entry(
                "CN=Vaughan\\, Zoe (2),OU=Staff,DC=contoso,DC=example",
                new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                new Attribute("employeeID", "E1004"),
                new Attribute("userAccountControl", "512"),
                new Attribute("objectGUID", AdDirectory.guidBytes(java.util.UUID.randomUUID()))));

    try (AdTarget ad = target(null)) {
      Resolution r = ad.resolve(new Leaver("E1004", "zoe.vaughan@contoso.example", null));

      assertThat(r.found()).isFalse();
      assertThat(r.candidates()).hasSize(2);
      assertThat(r.detail()).contains("none touched");
    }
    assertThat(sandbox.emulator(AdDirectory.class).writes()).isZero();
  }
}
