package domainscope.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;

/**
 * Starts an in-process Neo4j 5 Community with the Bolt connector on
 * 127.0.0.1, authentication disabled and HTTP off, prints its Bolt URI
 * ("bolt://127.0.0.1:PORT") as the only line on stdout, and runs until
 * SIGTERM or SIGINT (or, with --stdin, until stdin is closed).
 *
 * Options:
 *   --port N     listen on port N (default: a free port)
 *   --home DIR   keep the database in DIR and leave it there at exit, so that
 *                a second start on DIR sees the same data (used to test
 *                recovery after a restart); without it the database lives
 *                in a temporary directory that is deleted at exit
 *   --stdin      also stop when stdin reaches end of file
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        int port = 0;
        Path home = null;
        boolean stdin = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--home" -> home = Path.of(value(args, ++i, "--home")).toAbsolutePath();
                case "--stdin" -> stdin = true;
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (port == 0) {
            port = freePort();
        }
        SocketAddress bolt = new SocketAddress("127.0.0.1", port);
        long pageCache = ByteUnit.mebiBytes(64);

        Runnable stop;
        if (home == null) {
            Neo4j neo4j = Neo4jBuilders.newInProcessBuilder()
                    .withDisabledServer()
                    .withConfig(BoltConnector.enabled, true)
                    .withConfig(BoltConnector.listen_address, bolt)
                    .withConfig(GraphDatabaseSettings.auth_enabled, false)
                    .withConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                    .build();
            stop = neo4j::close;
        } else {
            DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, bolt)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                    .build();
            stop = dbms::shutdown;
        }

        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.run();
            done.countDown();
        }, "neo4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        System.out.println("bolt://127.0.0.1:" + port);
        System.out.flush();

        if (stdin) {
            InputStream in = System.in;
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) >= 0) {
                    // Wait for end of file.
                }
            } catch (IOException e) {
                // A broken stdin also means the parent is gone.
            }
            System.exit(0);
        }
        done.await();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            usage(flag + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("testserver: " + problem);
        System.err.println("usage: java domainscope.testserver.Main [--port N] [--home DIR] [--stdin]");
        System.exit(2);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
