package io.swfd.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Makes sure the SQLite store's data directory can be used before the store opens it, and says why
 * not when it cannot: not a directory, permission denied, read-only file system, no space left. The
 * store itself would only report the failing path.
 */
public final class DataDirectory {
  /** Below this much free space the store could not even write its first commit. */
  static final long MIN_FREE_BYTES = 1024 * 1024;

  private static final String PROBE = ".swfd-write-test";

  /** A data directory swfd cannot use; the message says which and why. */
  public static final class Unusable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unusable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private DataDirectory() {}

  /**
   * Creates {@code dir} if it is missing and checks that a file can be written and synced in it.
   *
   * @throws Unusable with the reason
   */
  public static void prepare(Path dir) {
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) existing = existing.getParent();
    if (existing != null && !Files.isDirectory(existing)) {
      throw new Unusable(
          existing.equals(dir)
              ? "the data directory " + dir + " is not a directory (it is a file)"
              : "cannot create the data directory " + dir + ": " + existing + " is not a directory",
          null);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new Unusable("cannot create the data directory " + dir + ": " + reason(e, existing), e);
    }
    Path probe = dir.resolve(PROBE);
    try {
      try (FileChannel c =
          FileChannel.open(
              probe,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        c.write(ByteBuffer.allocate(4096));
        c.force(true);
      }
      Files.deleteIfExists(probe);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException ignored) {
        // the reason below matters more
      }
      throw new Unusable("cannot write in the data directory " + dir + ": " + reason(e, dir), e);
    }
    long free;
    try {
      free = Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return; // not knowing the free space is no reason to refuse
    }
    if (free < MIN_FREE_BYTES) {
      throw new Unusable(
          "no space left on the device of the data directory " + dir + " (" + free + " bytes free)",
          null);
    }
  }

  /**
   * Why an operation on the data directory failed, in words: the JDK reports the system's reason
   * (errno's text) in the exception's message.
   *
   * @param where the directory the failure concerns, for the permission message
   */
  static String reason(IOException e, Path where) {
    String text =
        (e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : "")
            + " "
            + (e.getMessage() == null ? "" : e.getMessage());
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("read-only file system")) return "read-only file system";
    if (lower.contains("no space left")) return "no space left on device";
    if (lower.contains("quota exceeded")) return "disk quota exceeded";
    if (e instanceof AccessDeniedException || lower.contains("permission denied")) {
      return "permission denied" + owner(where);
    }
    if (e instanceof NotDirectoryException
        || e instanceof FileAlreadyExistsException
        || lower.contains("not a directory")) {
      return "not a directory";
    }
    String r = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
    return r == null ? e.getClass().getSimpleName() : r;
  }

  /** " (swfd runs as USER; DIR belongs to OWNER)", or nothing when that cannot be told. */
  private static String owner(Path where) {
    if (where == null) return "";
    try {
      String me = System.getProperty("user.name");
      return " (swfd runs as " + me + "; " + where + " belongs to " + Files.getOwner(where) + ")";
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return "";
    }
  }
}
