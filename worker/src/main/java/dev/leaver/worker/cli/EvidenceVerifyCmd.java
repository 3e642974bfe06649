package dev.leaver.worker.cli;

import dev.leaver.activities.evidence.EvidenceStore;
import dev.leaver.activities.evidence.EvidenceStore.ChainCheck;
import dev.leaver.activities.evidence.EvidenceStores;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code leaver evidence verify}: recomputes every record's hash and link in the evidence store and
 * names the first record that does not hold. Exit 0 intact, 1 broken, 2 store not readable.
 */
@Command(
    name = "verify",
    description =
        "Check the evidence store's hash chain; name the first record that was changed or removed.")
final class EvidenceVerifyCmd implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--evidence",
      paramLabel = "LOCATION",
      defaultValue = EvidenceStores.DEFAULT_LOCATION,
      description =
          "the store: a directory or s3://bucket/prefix?region=… (default: ${DEFAULT-VALUE})")
  String location;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ChainCheck check;
    try {
      EvidenceStore store = EvidenceStores.open(location);
      check = store.verify();
    } catch (IllegalArgumentException | UncheckedIOException e) {
      err.println(e.getMessage());
      return 2;
    }
    if (check instanceof ChainCheck.Intact intact) {
      out.println(
          "evidence chain intact: "
              + intact.records()
              + " record"
              + (intact.records() == 1 ? "" : "s")
              + " in "
              + location);
      return 0;
    }
    ChainCheck.Broken broken = (ChainCheck.Broken) check;
    out.println("evidence chain BROKEN at record " + broken.sequence() + ": " + broken.where());
    out.println("  " + broken.why());
    out.println(
        broken.sequence() == 1
            ? "  the chain cannot be trusted from its first record"
            : "  records 1 to "
                + (broken.sequence() - 1)
                + " are intact; from this one on the chain cannot be trusted");
    return 1;
  }
}
