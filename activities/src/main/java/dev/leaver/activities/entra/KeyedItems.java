package dev.leaver.activities.entra;

import com.microsoft.kiota.ApiException;
import dev.leaver.activities.graph.GraphErrors;
import dev.leaver.activities.graph.RequestId;
import dev.leaver.activities.target.Progress;
import dev.leaver.workflows.contract.Receipt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The per-item loops of actions whose items Graph re-creates under a new id (app role assignments,
 * delegated grants): each item is known by a stable key ({@code resourceId:appRoleId}, {@code
 * clientId:resourceId}), removed one at a time with progress, and re-created by the undo only where
 * this step removed it.
 */
final class KeyedItems {
  private KeyedItems() {}

  /**
   * Removes each key of the before-image not yet done. A key no longer there was in the
   * before-image, so an earlier attempt of this step removed it: it counts as done, as does a 404.
   *
   * @param now the items there now, by key
   * @param delete deletes one item, passing Graph's request-id holder
   * @return the request-id of the last removal, or null
   */
  static <T> String removeEach(
      List<String> keys,
      Map<String, T> now,
      Progress progress,
      String permission,
      BiConsumer<T, RequestId> delete) {
    String lastRequestId = null;
    for (String key : keys) {
      if (progress.isDone(key)) {
        continue;
      }
      T item = now.get(key);
      if (item != null) {
        progress.writing(key);
        RequestId requestId = new RequestId();
        try {
          delete.accept(item, requestId);
          lastRequestId = requestId.value();
        } catch (ApiException e) {
          if (e.getResponseStatusCode() != 404) {
            throw GraphErrors.map(permission, e);
          }
        }
      }
      progress.done(key);
    }
    return lastRequestId;
  }

  /**
   * The keys this step removed: its progress, or, when the apply never reported any, every key of
   * the before-image.
   */
  static List<String> removedBy(Receipt receipt, String keysField) {
    List<String> removed = Progress.itemsOf(receipt.after());
    return removed != null ? removed : Joined.ids(receipt.before().get(keysField));
  }

  /**
   * Re-creates each removed key missing now.
   *
   * @param create creates the item of a key and returns its new id
   * @param alreadyThere Graph's answer for an item that exists already, which counts as restored
   * @return {@code key=newId} for each item re-created
   */
  static List<String> recreateMissing(
      List<String> removed,
      Set<String> now,
      Progress progress,
      String permission,
      Function<String, String> create,
      Predicate<ApiException> alreadyThere) {
    List<String> restored = new ArrayList<>();
    for (String key : removed) {
      if (progress.isDone(key) || now.contains(key)) {
        continue;
      }
      progress.writing(key);
      try {
        restored.add(key + "=" + create.apply(key));
      } catch (ApiException e) {
        if (!alreadyThere.test(e)) {
          throw GraphErrors.map(permission, e);
        }
      }
      progress.done(key);
    }
    return restored;
  }
}
