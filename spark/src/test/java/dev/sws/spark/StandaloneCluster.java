package dev.sws.spark;

import org.apache.spark.SparkConf;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on this machine for tests: a master and {@code workers} workers, each a JVM of its own
 * started from the Spark jars of this test's class path laid out as a distribution ({@code SPARK_HOME/jars}), as
 * {@code sbin/start-master.sh} and {@code start-worker.sh} would start them. Logs go to {@code dir/NAME.log}.
 */
final class StandaloneCluster implements AutoCloseable {

    private final Path dir;
    private final List<Process> daemons = new ArrayList<>();
    private final String master;
    private final String classPath = System.getProperty("java.class.path");
    /** The JDK 25 options Spark needs (spark.opens in spark/pom.xml), as this test JVM got them. */
    private final List<String> opens = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")).toList();

    StandaloneCluster(Path dir, int workers, int coresPerWorker) throws Exception {
        this.dir = dir;
        Path home = Files.createDirectories(dir.resolve("spark-home/jars"));
        for (String e : classPath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            if (e.endsWith(".jar") && Files.isRegularFile(p) && Files.notExists(home.resolve(p.getFileName()))) {
                Files.createSymbolicLink(home.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        int port = freePort();
        master = "spark://127.0.0.1:" + port;
        boolean ok = false;
        try {
            daemons.add(daemon("master", java, home, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort())));
            awaitLog(dir.resolve("master.log"), "I have been elected leader", 60);
            for (int w = 1; w <= workers; w++) {
                daemons.add(daemon("worker" + w, java, home, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--cores", String.valueOf(coresPerWorker), "--memory", "1g", "--work-dir", dir.resolve("work" + w).toString(),
                        "--webui-port", String.valueOf(freePort()), master));
                awaitLog(dir.resolve("worker" + w + ".log"), "Successfully registered with master", 60);
            }
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    /** A driver configuration for this cluster: executors on the test's class path and models. */
    SparkConf conf(String app) throws IOException {
        return new SparkConf().setMaster(master).setAppName(app)
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.executor.memory", "768m").set("spark.executor.extraClassPath", classPath)
                .set("spark.executor.extraJavaOptions", String.join(" ", opens) + " --enable-native-access=ALL-UNNAMED -Xss8m"
                        + " -Dsws.models.dir=" + System.getProperty("sws.models.dir")
                        + " -Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("executor-tmp"))
                        + " -Dorg.bytedeco.javacpp.cachedir=" + dir.resolve("executor-javacpp"));
    }

    /** Worker {@code n} (1-based), whose executors are its descendants. */
    Process worker(int n) {
        return daemons.get(n);
    }

    private Process daemon(String name, String java, Path jars, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m"));
        cmd.addAll(opens.stream().filter(o -> !o.isBlank()).toList());
        cmd.addAll(List.of("-cp", jars + "/*", main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", jars.getParent().toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");   // the launcher asks when SPARK_HOME is not a source build
        pb.environment().put("JAVA_HOME", Path.of(java).getParent().getParent().toString());
        return pb.start();
    }

    private static void awaitLog(Path log, String line, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + line + "' in " + log + ":\n" + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : daemons) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
