package dev.leaver.activities.google;

import com.google.api.services.directory.model.User;
import dev.leaver.activities.google.DataTransferApi.ApplicationTransfer;
import dev.leaver.activities.google.DataTransferApi.Transfer;
import dev.leaver.activities.google.DataTransferApi.TransferParam;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Transfers the ownership of the leaver's Drive files (shared and private: {@code PRIVACY_LEVEL}
 * SHARED, PRIVATE), and optionally his Calendar events, to his manager with the Data Transfer API
 * ({@code transfers.insert}).
 *
 * <p>Runs at clean-up, not as a handover: a transfer is a one-way move of ownership that the end of
 * the handover period could not take back (a transfer back would also take the manager's own
 * files). It is irreversible and asynchronous: the receipt records the transfer's id and status,
 * and the verification reads it back with {@code transfers.get} until Google says {@code
 * completed}.
 *
 * <p>{@code transfers.insert} is not idempotent. The before-image lists the transfers already made
 * for the leaver, and every attempt first lists them again: a transfer to the manager that the
 * before-image does not know was made by an earlier attempt of this step whose answer was lost, and
 * it is taken as this step's rather than starting a second.
 */
final class TransferDrive implements TargetAction {
  static final String NEW_OWNER = "newOwner";
  static final String NEW_OWNER_ID = "newOwnerUserId";
  static final String APP_IDS = "applicationIds";
  static final String APPS = "applications";
  static final String EARLIER = "earlierTransferIds";
  static final String TRANSFER_ID = "transferId";
  static final String STATUS = "transferStatus";
  static final String DRIVE = "Drive and Docs";
  static final String CALENDAR = "Calendar";
  static final String COMPLETED = "completed";

  /** Statuses of a transfer Google has not finished yet. */
  static final java.util.Set<String> IN_FLIGHT = java.util.Set.of("new", "pending", "inProgress");

  /** How long the verification waits before reading a transfer in progress again. */
  static final java.time.Duration POLL = java.time.Duration.ofSeconds(60);

  static final ActionSpec SPEC =
      ActionSpec.of(
          "TransferDrive",
          Stage.CLEANUP,
          false,
          GoogleClients.DATATRANSFER,
          "Transfers ownership of the user's Drive files (shared and private) to the manager"
              + " (Data Transfer API transfers.insert).");

  private final GoogleClients clients;

  TransferDrive(GoogleClients clients) {
    this.clients = clients;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    String manager = target.leaver().managerUpn();
    String managerId = "";
    if (manager != null && !manager.isBlank()) {
      managerId =
          clients
              .callOrNotFound(
                  "users.get",
                  GoogleClients.USER_READONLY,
                  () ->
                      clients.directory(GoogleClients.USER_READONLY).users().get(manager).execute())
              .map(User::getId)
              .orElse("");
    }
    String drive = "";
    String calendar = "";
    for (DataTransferApi.Application a :
        clients.call(
            "applications.list",
            GoogleClients.DATATRANSFER,
            () -> clients.dataTransfer().applications(GoogleClients.DATATRANSFER))) {
      if (DRIVE.equals(a.name)) {
        drive = Long.toString(a.id);
      } else if (CALENDAR.equals(a.name) && clients.config().transferCalendar()) {
        calendar = Long.toString(a.id);
      }
    }
    // Drive first: the transfer request gives the first application Drive's parameters.
    List<String> appIds = new ArrayList<>();
    List<String> appNames = new ArrayList<>();
    if (!drive.isEmpty()) {
      appIds.add(drive);
      appNames.add(DRIVE);
      if (!calendar.isEmpty()) {
        appIds.add(calendar);
        appNames.add(CALENDAR);
      }
    }
    List<String> earlier = transfers(target, null).stream().map(t -> t.id).toList();
    return Map.of(
        NEW_OWNER,
        manager == null ? "" : manager,
        NEW_OWNER_ID,
        managerId,
        APP_IDS,
        Items.join(appIds),
        APPS,
        String.join(", ", appNames),
        EARLIER,
        Items.join(earlier));
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    String manager = before.getOrDefault(NEW_OWNER, "");
    String managerId = before.getOrDefault(NEW_OWNER_ID, "");
    if (manager.isEmpty() || managerId.isEmpty() || managerId.equals(target.accountId())) {
      String why =
          manager.isEmpty()
              ? "the leaver has no manager on record"
              : managerId.isEmpty()
                  ? "the manager " + manager + " has no Google account"
                  : "the manager is the leaver";
      return new Decision.CannotHere(
          "no one to transfer the Drive files to: " + why,
          List.of(
              "Drive files stay owned by the suspended account: "
                  + why
                  + "; transfer them in the Admin console"));
    }
    if (Items.split(before.get(APP_IDS)).isEmpty()) {
      return new Decision.CannotHere(
          "the Data Transfer API offers no Drive application",
          List.of(
              "Drive files stay owned by the suspended account: no Drive application to"
                  + " transfer with"));
    }
    return new Decision.Write(
        "transfer "
            + before.get(APPS)
            + " (Drive: shared and private files)"
            + " to "
            + manager
            + " with the Data Transfer API; asynchronous; cannot be undone");
  }

  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    String managerId = before.get(NEW_OWNER_ID);
    List<String> earlier = Items.split(before.get(EARLIER));
    Optional<Transfer> made =
        transfers(target, managerId).stream().filter(t -> !earlier.contains(t.id)).findFirst();
    Transfer transfer;
    String note;
    if (made.isPresent()) {
      transfer = made.get();
      note =
          "transfer "
              + transfer.id
              + " was made by an earlier attempt of this step whose answer"
              + " was lost; not started again";
    } else {
      progress.beat();
      Transfer request = request(target.accountId(), managerId, Items.split(before.get(APP_IDS)));
      transfer =
          clients.call(
              "transfers.insert",
              GoogleClients.DATATRANSFER,
              () -> clients.dataTransfer().insert(GoogleClients.DATATRANSFER, request));
      note = "transfer " + transfer.id + " requested; Google completes it asynchronously";
    }
    return new Change(
        Map.of(
            TRANSFER_ID, transfer.id, STATUS, status(transfer), NEW_OWNER, before.get(NEW_OWNER)),
        true,
        transfer.id,
        List.of(),
        List.of(note));
  }

  /**
   * Reads the transfer back: done only when Google says {@code completed}. While it is still
   * pending or in progress the read is retried (a Retryable after {@link #POLL}), so Temporal polls
   * {@code transfers.get} within the verification's attempts instead of parking a transfer that is
   * merely slow; any other status (failed) is access still there.
   */
  @Override
  public Check verify(Target target, Receipt receipt) {
    String id = receipt == null ? null : receipt.after().get(TRANSFER_ID);
    if (id == null && receipt != null) {
      List<String> earlier = Items.split(receipt.before().get(EARLIER));
      id =
          transfers(target, receipt.before().get(NEW_OWNER_ID)).stream()
              .filter(t -> !earlier.contains(t.id))
              .map(t -> t.id)
              .findFirst()
              .orElse(null);
    }
    if (id == null) {
      return Check.stillGranted("no transfer of this step on record");
    }
    String transferId = id;
    Transfer t =
        clients.call(
            "transfers.get",
            GoogleClients.DATATRANSFER,
            () -> clients.dataTransfer().transfer(GoogleClients.DATATRANSFER, transferId));
    String seen = "transfers.get " + t.id + ": overallTransferStatusCode=" + status(t);
    if (COMPLETED.equals(t.overallTransferStatusCode)) {
      return Check.removed(seen);
    }
    if (IN_FLIGHT.contains(status(t))) {
      throw new TargetException.Retryable(
          seen + "; asking again in " + POLL.toSeconds() + " s", POLL, null);
    }
    return Check.stillGranted(seen);
  }

  private List<Transfer> transfers(Target target, String newOwnerId) {
    return clients.call(
        "transfers.list",
        GoogleClients.DATATRANSFER,
        () ->
            clients
                .dataTransfer()
                .transfers(GoogleClients.DATATRANSFER, target.accountId(), newOwnerId));
  }

  private static Transfer request(String oldOwner, String newOwner, List<String> appIds) {
    List<ApplicationTransfer> apps = new ArrayList<>();
    for (String appId : appIds) {
      ApplicationTransfer a = new ApplicationTransfer();
      a.applicationId = Long.valueOf(appId);
      TransferParam p = new TransferParam();
      if (apps.isEmpty()) { // Drive and Docs: shared and private files
        p.key = "PRIVACY_LEVEL";
        p.value = List.of("SHARED", "PRIVATE");
      } else { // Calendar: also release the leaver's calendar resources (rooms)
        p.key = "RELEASE_RESOURCES";
        p.value = List.of("TRUE");
      }
      a.applicationTransferParams = List.of(p);
      apps.add(a);
    }
    Transfer t = new Transfer();
    t.oldOwnerUserId = oldOwner;
    t.newOwnerUserId = newOwner;
    t.applicationDataTransfers = apps;
    return t;
  }

  private static String status(Transfer t) {
    return t.overallTransferStatusCode == null ? "unknown" : t.overallTransferStatusCode;
  }
}
