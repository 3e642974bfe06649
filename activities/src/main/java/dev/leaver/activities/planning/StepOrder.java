package dev.leaver.activities.planning;

import dev.leaver.workflows.contract.PlanStep;
import dev.leaver.workflows.contract.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a plan whose steps would wait for each other forever. A step waits for three things: the
 * step before it in its own system, the other systems' steps named in its {@code after}, and — for
 * clean-up and handover — every kill-switch step. An {@code after} that closes a loop through any
 * of these would leave a run stuck with nothing to retry, so the worker refuses the policy.
 */
final class StepOrder {
  private StepOrder() {}

  /** The first loop found, as the step ids that wait on each other in turn; empty when none. */
  static Optional<List<String>> loop(List<PlanStep> steps) {
    Map<String, List<String>> waitsFor = new LinkedHashMap<>();
    Map<String, String> previousInSystem = new HashMap<>();
    List<String> killSwitch =
        steps.stream().filter(s -> s.stage() == Stage.KILL_SWITCH).map(PlanStep::stepId).toList();
    for (PlanStep s : steps) {
      List<String> edges = new ArrayList<>(s.after());
      String previous = previousInSystem.put(s.system(), s.stepId());
      if (previous != null) {
        edges.add(previous);
      }
      if (s.stage() != Stage.KILL_SWITCH) {
        edges.addAll(killSwitch);
      }
      if (late(s.stage())) {
        // Reminders, end notices and deletion run once everything else has finished.
        steps.stream().filter(o -> !late(o.stage())).map(PlanStep::stepId).forEach(edges::add);
      }
      waitsFor.put(s.stepId(), edges);
    }
    Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 done
    for (String start : waitsFor.keySet()) {
      List<String> path = new ArrayList<>();
      if (visit(start, waitsFor, state, path)) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }

  private static boolean visit(
      String step,
      Map<String, List<String>> waitsFor,
      Map<String, Integer> state,
      List<String> path) {
    Integer seen = state.get(step);
    if (seen != null && seen == 2) {
      return false;
    }
    if (seen != null) {
      path.subList(0, path.indexOf(step)).clear();
      path.add(step);
      return true;
    }
    state.put(step, 1);
    path.add(step);
    for (String next : waitsFor.getOrDefault(step, List.of())) {
      if (visit(next, waitsFor, state, path)) {
        return true;
      }
    }
    path.remove(path.size() - 1);
    state.put(step, 2);
    return false;
  }

  private static boolean late(Stage stage) {
    return stage == Stage.HANDOVER_ENDING
        || stage == Stage.HANDOVER_ENDED
        || stage == Stage.DELETION;
  }
}
