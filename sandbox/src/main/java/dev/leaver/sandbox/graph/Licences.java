package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** {@code assignLicense}: direct SKUs can be removed; group-inherited ones cannot. */
final class Licences {
  private final GraphTenant tenant;

  Licences(GraphTenant tenant) {
    this.tenant = tenant;
  }

  HttpResponse assign(GraphTenant.User u, JsonNode body) {
    var inherited = tenant.inheritedLicenses(u.id);
    for (JsonNode sku : body.path("removeLicenses")) {
      if (!u.directLicenses.containsKey(sku.asText())) {
        return inherited.containsKey(sku.asText())
            ? GraphJson.error(
                400,
                "Request_BadRequest",
                "User license is inherited from a group "
                    + "membership and it cannot be removed directly from the user.")
            : GraphJson.error(
                400, "Request_BadRequest", "User does not have a corresponding license.");
      }
    }
    for (JsonNode add : body.path("addLicenses")) {
      String sku = add.path("skuId").asText();
      if (!tenant.skus.isEmpty() && !tenant.skus.containsKey(sku)) {
        return GraphJson.error(
            400,
            "Request_BadRequest",
            "License " + sku + " does not correspond to a valid company License.");
      }
    }
    body.path("removeLicenses").forEach(sku -> u.directLicenses.remove(sku.asText()));
    for (JsonNode add : body.path("addLicenses")) {
      List<String> disabled = new ArrayList<>();
      add.path("disabledPlans").forEach(p -> disabled.add(p.asText()));
      u.directLicenses.put(add.path("skuId").asText(), disabled);
    }
    return HttpResponse.json(
        200, GraphJson.select(GraphJson.user(tenant, u), null, GraphJson.USER_DEFAULTS));
  }
}
