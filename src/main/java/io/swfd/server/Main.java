package io.swfd.server;

import java.nio.file.Path;

/** Entry point; the picocli command line replaces this minimal one. */
public final class Main {
    public static void main(String[] args) throws Exception {
        SwfdServer s = new SwfdServer(ServerConfig.defaults().withDataDir(Path.of("swfd-data"))).start();
        System.out.println("swfd listening on " + s.endpoint());
        Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        Thread.currentThread().join();
    }
}
