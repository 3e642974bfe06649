package dev.leaver.activities.entra;

import com.microsoft.graph.models.BaseCollectionPaginationCountResponse;
import dev.leaver.activities.graph.GraphErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Reads every page of a Graph collection, following {@code @odata.nextLink} as Graph gives it. */
final class GraphPages {
  private GraphPages() {}

  /**
   * @param permission what a 403 on these reads names
   * @param first the first page
   * @param next the page at a next link
   * @param values a page's items (null counts as none)
   */
  static <R extends BaseCollectionPaginationCountResponse, T> List<T> all(
      String permission, Supplier<R> first, Function<String, R> next, Function<R, List<T>> values) {
    List<T> out = new ArrayList<>();
    R page = GraphErrors.call(permission, first);
    while (page != null) {
      List<T> items = values.apply(page);
      if (items != null) {
        out.addAll(items);
      }
      String link = page.getOdataNextLink();
      page = link == null ? null : GraphErrors.call(permission, () -> next.apply(link));
    }
    return out;
  }
}
