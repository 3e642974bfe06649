package dev.leaver.activities.aws;

import dev.leaver.activities.target.TargetException;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.iam.model.User;

/**
 * Finds the leaver's IAM user, most stable key first:
 *
 * <ol>
 *   <li>HR's employee id: the mapping file when one is configured, else the user tag {@code
 *       employeeIdTag} (every user's tags are read: {@code ListUsers} does not return tags);
 *   <li>the user name: the UPN's part before '@', then the whole UPN.
 * </ol>
 *
 * <p>Two candidates at any key → ambiguous, nobody touched. A user found by name that carries
 * another person's employee id tag is not the leaver and is never matched.
 */
final class UserMatcher {
  private final Iam iam;
  private final AwsConfig config;

  UserMatcher(Iam iam, AwsConfig config) {
    this.iam = iam;
    this.config = config;
  }

  Resolution resolve(Leaver leaver) {
    String tag = config.employeeIdTag();
    String idKey = config.mappingFile() != null ? "mappingFile" : "tag:" + tag;
    String tried = idKey + ", then userName";
    Map<String, String> taggedIds = null; // user → employee id tag, when the tag scan ran
    if (leaver.employeeId() != null && !leaver.employeeId().isBlank()) {
      List<String> byId;
      if (config.mappingFile() != null) {
        byId = mapped(leaver.employeeId()).stream().filter(u -> iam.user(u).isPresent()).toList();
      } else {
        taggedIds = taggedIds(tag);
        byId =
            taggedIds.entrySet().stream()
                .filter(e -> e.getValue().equals(leaver.employeeId()))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
      }
      if (byId.size() > 1) {
        return Resolution.ambiguous(
            AwsTarget.ID,
            idKey,
            byId,
            byId.size()
                + " IAM users in "
                + config.accountAlias()
                + " match the leaver's employee id ("
                + idKey
                + ")");
      }
      if (byId.size() == 1) {
        return Resolution.found(
            AwsTarget.ID,
            byId.get(0),
            idKey,
            "IAM user " + byId.get(0) + " in " + config.accountAlias() + ", matched on " + idKey);
      }
    }
    Set<String> names = new LinkedHashSet<>();
    String upn = leaver.upn();
    if (upn != null && !upn.isBlank()) {
      if (upn.contains("@")) {
        names.add(upn.substring(0, upn.indexOf('@')));
      }
      names.add(upn);
    }
    List<String> byName = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String name : names) {
      if (iam.user(name).isEmpty()) {
        continue;
      }
      String id = taggedIds != null ? taggedIds.get(name) : iam.tags(name).get(tag);
      if (id != null && leaver.employeeId() != null && !id.equals(leaver.employeeId())) {
        others.add(name);
      } else {
        byName.add(name);
      }
    }
    if (byName.size() > 1) {
      return Resolution.ambiguous(
          AwsTarget.ID,
          tried,
          byName,
          byName.size()
              + " IAM users in "
              + config.accountAlias()
              + " match the leaver's user name (the UPN's local part and the UPN)");
    }
    if (byName.size() == 1) {
      return Resolution.found(
          AwsTarget.ID,
          byName.get(0),
          tried,
          "IAM user "
              + byName.get(0)
              + " in "
              + config.accountAlias()
              + ", matched on userName"
              + " (no user carries the employee id)");
    }
    // No names, ids or addresses: this detail reaches the operators' channel.
    return Resolution.notFound(
        AwsTarget.ID,
        tried,
        "no IAM user in "
            + config.accountAlias()
            + " with the leaver's employee id ("
            + idKey
            + ") or user name (the UPN's local part, or the UPN)"
            + (others.isEmpty()
                ? ""
                : "; "
                    + others.size()
                    + " user(s) with the leaver's user name carry"
                    + " another person's "
                    + tag
                    + " tag and were not matched"));
  }

  /** Every user carrying the tag, user name → tag value. */
  private Map<String, String> taggedIds(String tag) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (User u : iam.users()) {
      String value = iam.tags(u.userName()).get(tag);
      if (value != null) {
        ids.put(u.userName(), value);
      }
    }
    return ids;
  }

  /** The user names the mapping file gives this employee id. */
  private List<String> mapped(String employeeId) {
    List<String> names = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of(config.mappingFile()))) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        String[] cols = l.split(",", 2);
        if (cols.length == 2
            && cols[0].strip().equals(employeeId)
            && !names.contains(cols[1].strip())) {
          names.add(cols[1].strip());
        }
      }
    } catch (IOException e) {
      throw new TargetException.Rejected(
          "aws: cannot read mappingFile " + config.mappingFile() + ": " + e.getMessage(), e);
    }
    return names;
  }
}
