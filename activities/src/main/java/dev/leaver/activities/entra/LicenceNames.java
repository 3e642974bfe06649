package dev.leaver.activities.entra;

import com.microsoft.graph.models.SubscribedSku;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import java.util.HashMap;
import java.util.Map;

/**
 * Readable names for licence notes: SKU part numbers ({@code EMS}) from {@code GET /subscribedSkus}
 * and group display names. The names only make the evidence easier to read, so a failed lookup
 * falls back to the id instead of failing the step.
 */
final class LicenceNames {
  private final GraphServiceClient graph;
  private Map<String, String> skus;
  private final Map<String, String> groups = new HashMap<>();

  LicenceNames(GraphServiceClient graph) {
    this.graph = graph;
  }

  String sku(String skuId) {
    if (skus == null) {
      skus = new HashMap<>();
      try {
        for (SubscribedSku s : graph.subscribedSkus().get().getValue()) {
          skus.put(String.valueOf(s.getSkuId()), s.getSkuPartNumber());
        }
      } catch (ApiException e) {
        // Fall back to ids (see the class comment).
      }
    }
    return skus.getOrDefault(skuId, skuId);
  }

  String group(String groupId) {
    return groups.computeIfAbsent(
        groupId,
        id -> {
          try {
            String name =
                graph
                    .groups()
                    .byGroupId(id)
                    .get(rc -> rc.queryParameters.select = new String[] {"id", "displayName"})
                    .getDisplayName();
            return name == null ? id : name;
          } catch (ApiException e) {
            return id;
          }
        });
  }
}
