package dev.leaver.worker;

import dev.leaver.workflows.codec.AesGcmCodec;
import dev.leaver.workflows.codec.PayloadKeys;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the payload codec's keys for every command: from the YAML's {@code codec:} section when it
 * has one, else from {@code LEAVER_CODEC_KEYS} ({@code
 * k1=env:LEAVER_CODEC_K1,k2=file:/run/secrets/k2}, oldest first), else none — payloads in clear
 * text. Keys are references; their values are never printed, not even in errors.
 */
public final class CodecKeys {
  /**
   * The environment variable the commands without a config file (status, skip, codec-server…) read.
   */
  public static final String ENV = "LEAVER_CODEC_KEYS";

  private CodecKeys() {}

  /**
   * @throws IllegalArgumentException naming the key id and reference that cannot be used
   */
  public static Optional<AesGcmCodec> load(WorkerConfig.Codec yaml, Map<String, String> env) {
    List<WorkerConfig.Codec.Key> refs;
    String where;
    if (yaml != null) {
      refs = yaml.keys();
      where = "codec.keys";
      if (refs.isEmpty()) {
        throw new IllegalArgumentException(
            "codec.keys: list at least one key (or leave out the codec section)");
      }
    } else {
      String listed = env.get(ENV);
      if (listed == null || listed.isBlank()) {
        return Optional.empty();
      }
      refs = parse(listed);
      where = ENV;
    }
    Map<String, byte[]> raw = new LinkedHashMap<>();
    for (WorkerConfig.Codec.Key k : refs) {
      if (k.id() == null || k.id().isBlank() || k.key() == null) {
        throw new IllegalArgumentException(where + ": every key needs an id and a key reference");
      }
      if (raw.put(k.id(), material(where, k, env)) != null) {
        throw new IllegalArgumentException(where + ": key id '" + k.id() + "' is listed twice");
      }
    }
    return Optional.of(new AesGcmCodec(PayloadKeys.newestLast(raw)));
  }

  /** The codec's data converter, or Temporal's default without one. */
  public static DataConverter converter(Optional<AesGcmCodec> codec) {
    return codec
        .map(AesGcmCodec::dataConverter)
        .orElseGet(DefaultDataConverter::newDefaultInstance);
  }

  /** For the start-up line: ids only. */
  public static String describe(Optional<AesGcmCodec> codec) {
    return codec
        .map(c -> "payloads encrypted (key " + c.currentKeyId() + ")")
        .orElse("payloads NOT encrypted (no codec keys configured)");
  }

  private static List<WorkerConfig.Codec.Key> parse(String listed) {
    List<WorkerConfig.Codec.Key> keys = new ArrayList<>();
    for (String part : listed.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            ENV + ": expected id=env:NAME or id=file:/path, comma-separated");
      }
      keys.add(
          new WorkerConfig.Codec.Key(
              part.substring(0, eq).strip(), part.substring(eq + 1).strip()));
    }
    return keys;
  }

  /** 32 bytes: base64 from a variable; base64 or raw bytes from a file. */
  private static byte[] material(String where, WorkerConfig.Codec.Key k, Map<String, String> env) {
    String ref = k.key();
    String name = where + "[" + k.id() + "]";
    byte[] bytes;
    if (ref.startsWith("env:")) {
      String value = env.get(ref.substring(4));
      if (value == null) {
        throw new IllegalArgumentException(
            name + ": environment variable " + ref.substring(4) + " is not set");
      }
      bytes = value.getBytes(StandardCharsets.US_ASCII);
    } else if (ref.startsWith("file:")) {
      try {
        bytes = Files.readAllBytes(Path.of(ref.substring(5)));
      } catch (IOException e) {
        throw new UncheckedIOException(name + ": cannot read " + ref.substring(5), e);
      }
      if (bytes.length == 32) {
        return bytes;
      }
    } else {
      throw new IllegalArgumentException(
          name + " must be a reference (env:NAME or file:/path), not a literal key");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(new String(bytes, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException notBase64) {
      key = null;
    }
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException(
          name
              + " ("
              + ref
              + "): not base64 of 32 bytes"
              + (key == null ? "" : " (" + key.length + " bytes)")
              + "; make one with: head -c 32 /dev/urandom | base64");
    }
    return key;
  }
}
