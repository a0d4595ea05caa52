package io.swfd.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The reasons {@link DataDirectory} gives for the failures a test cannot produce on a normal file
 * system (a read-only mount, a full disk), from the JDK's exceptions as the system reports them;
 * ServeStartupTest covers the rest on a real server.
 */
class DataDirectoryTest {
  @Test
  void theSystemsReasonsBecomeWords() {
    Path dir = Path.of("/srv/swfd");
    assertThat(
            DataDirectory.reason(
                new FileSystemException("/srv/swfd", null, "Read-only file system"), dir))
        .isEqualTo("read-only file system");
    assertThat(DataDirectory.reason(new IOException("No space left on device"), dir))
        .isEqualTo("no space left on device");
    assertThat(
            DataDirectory.reason(
                new FileSystemException("/srv/swfd/x", null, "Disk quota exceeded"), dir))
        .isEqualTo("disk quota exceeded");
    assertThat(DataDirectory.reason(new AccessDeniedException("/srv/swfd"), null))
        .isEqualTo("permission denied");
    assertThat(
            DataDirectory.reason(
                new FileSystemException("/srv/swfd", null, "Not a directory"), dir))
        .isEqualTo("not a directory");
  }
}
