package io.swfd.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where SQLite's native library is loaded from. Left alone, the driver copies it out of the jar to
 * a new file in the temp directory at every start (a tenth of the server's start-up) and a server
 * killed with {@code kill -9} leaves that megabyte behind. Here it is copied once per driver build
 * into the user's cache ({@code ~/.cache/swfd/native}, named by its checksum) and loaded from
 * there. Anything unusual (no home, an explicit {@code org.sqlite.lib.path}, an unknown platform)
 * leaves the driver's own way in place.
 */
final class NativeLibrary {
  private static final Logger log = LoggerFactory.getLogger(NativeLibrary.class);
  private static final String PATH = "org.sqlite.lib.path";
  private static final String NAME = "org.sqlite.lib.name";
  private static boolean done;

  private NativeLibrary() {}

  /** Points the driver at the cached copy; call before the first connection. */
  static synchronized void useCachedCopy() {
    if (done || System.getProperty(PATH) != null) return;
    done = true;
    try {
      String folder = org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS();
      String file = System.mapLibraryName("sqlitejdbc");
      byte[] lib;
      try (InputStream in =
          NativeLibrary.class.getResourceAsStream("/org/sqlite/native/" + folder + "/" + file)) {
        if (in == null) return;
        lib = in.readAllBytes();
      }
      CRC32 crc = new CRC32();
      crc.update(lib);
      Path dir = Path.of(System.getProperty("user.home"), ".cache", "swfd", "native");
      String name = "sqlitejdbc-" + Long.toHexString(crc.getValue()) + "-" + file;
      Path target = dir.resolve(name);
      if (!Files.isRegularFile(target) || Files.size(target) != lib.length) {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        Files.write(tmp, lib);
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      System.setProperty(PATH, dir.toString());
      System.setProperty(NAME, name);
    } catch (IOException | RuntimeException | LinkageError e) {
      log.debug("SQLite's native library is loaded the driver's own way", e);
    }
  }
}
