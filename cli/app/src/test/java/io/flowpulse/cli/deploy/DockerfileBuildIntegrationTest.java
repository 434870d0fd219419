package io.flowpulse.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile built without a Docker engine (there is none here): its build stage's COPY
 * instructions carried out on a copy of exactly the paths they name (minus .dockerignore), its RUN
 * steps run in that copy under dash (the build image's /bin/sh), then the runtime stage laid out
 * from its COPY instructions and the image's launcher run on the jlinked Java. A module the build
 * needs but the Dockerfile does not copy fails here.
 *
 * <p>Two differences from a real build, both about where Maven finds artifacts: Maven runs offline,
 * reading the machine's local repository as a read-only tail with this project's own artifacts
 * hidden (as in a fresh image, every Flowpulse module must come from the copied sources), and
 * writing to a repository of its own.
 */
class DockerfileBuildIntegrationTest {

    private static final String STAGE = "build";

    @Test
    void theImageBuildsFromWhatItCopiesAndItsRuntimeRunsTheCommand(@TempDir Path dir) throws Exception {
        Path context = Repository.root();
        Dockerfile dockerfile = Dockerfile.read(context.resolve("Dockerfile"));
        Dockerfile.Stage build = dockerfile.stage(STAGE);
        Path buildRoot = dir.resolve("build-fs");
        List<PathMatcher> ignored = Dockerfile.ignored(context);
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path tail = tailWithoutFlowpulse(m2, dir.resolve("tail"));
        String maven = "./mvnw -o -Dmaven.repo.local=" + dir.resolve("m2") + " -Dmaven.repo.local.tail=" + tail + " ";

        for (Dockerfile.Instruction step : build.instructions()) {
            switch (step.keyword()) {
                case "WORKDIR" -> Files.createDirectories(inside(buildRoot, step.arguments()));
                case "COPY" -> copyFromContext(context, ignored, Dockerfile.copy(step.arguments()), buildRoot,
                        build.workdir());
                case "RUN" -> {
                    String command = step.arguments().replace("./mvnw ", maven);
                    Run run = run(inside(buildRoot, build.workdir()), Map.of(), "dash", "-c", command);
                    assertThat(run.code()).as("RUN at line " + step.line() + ":\n" + run.tail()).isZero();
                }
                default -> throw new AssertionError("a build-stage instruction this test does not carry out: "
                        + step.keyword() + " at line " + step.line());
            }
        }

        // the runtime stage's file system: what it copies from the build stage and from the context
        Dockerfile.Stage runtime = dockerfile.last();
        Path image = dir.resolve("image-fs");
        for (Dockerfile.Copy copy : runtime.copies()) {
            for (String source : copy.sources()) {
                Path from = copy.from() == null ? context.resolve(source) : inside(buildRoot, source);
                assertThat(from).as("COPY " + (copy.from() == null ? "" : "--from=" + copy.from() + " ") + source)
                        .exists();
                copyTree(from, inside(image, copy.destination()), List.of(), from);
            }
        }
        Path lib = inside(image, "/opt/flowpulse/lib");
        checkServicesClassPath(lib);

        Map<String, String> env = runtime.pairs("ENV");
        Map<String, String> launcherEnv = Map.of(
                "JAVA_HOME", inside(image, env.get("JAVA_HOME")).toString(),
                "FLOWPULSE_HOME", inside(image, env.get("FLOWPULSE_HOME")).toString());
        Path java = inside(image, env.get("JAVA_HOME")).resolve("bin/java");
        Run modules = run(dir, Map.of(), java.toString(), "--list-modules");
        assertThat(modules.output()).contains("jdk.httpserver", "java.net.http", "jdk.crypto.ec", "jdk.unsupported",
                "java.management").doesNotContain("jdk.compiler", "jdk.jshell");
        Path launcher = inside(image, "/usr/local/bin/flowpulse");

        Run help = run(dir, launcherEnv, "dash", launcher.toString(), "--help");
        assertThat(help.code()).as(help.output()).isZero();
        assertThat(help.output()).contains("ingest", "streams", "sink", "console", "simulate", "health");

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health/ready", ex -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health/ready";
            Run health = run(dir, launcherEnv, "dash", launcher.toString(), "health", url);
            assertThat(health.code()).as(health.output()).isZero();
        } finally {
            server.stop(0);
        }

        // a command that reads YAML, writes gzip and runs the simulation on the cut-down runtime
        Run simulate = run(dir, launcherEnv, "dash", launcher.toString(), "simulate", "--out",
                dir.resolve("capture.json.gz").toString(), "--topology-out", dir.resolve("topology.yaml").toString(),
                "--minutes", "1", "--progress-seconds", "0");
        assertThat(simulate.code()).as(simulate.output()).isZero();
        assertThat(Files.size(dir.resolve("capture.json.gz"))).isPositive();
    }

    /** No test framework, no broker, and every Flowpulse module's jar built from sources (not empty). */
    private static void checkServicesClassPath(Path lib) throws IOException {
        List<String> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(jars).isNotEmpty().noneMatch(j -> j.startsWith("junit") || j.startsWith("opentest4j")
                || j.startsWith("assertj") || j.startsWith("kafka_2.13") || j.startsWith("kafka-server")
                || j.startsWith("kafka-raft") || j.startsWith("kafka-storage") || j.startsWith("scala-")
                || j.startsWith("flowpulse-testing") || j.startsWith("flowpulse-localstack-broker"));
        for (String jar : jars) {
            if (jar.startsWith("flowpulse-")) {
                try (ZipFile zip = new ZipFile(lib.resolve(jar).toFile())) {
                    assertThat(zip.stream().anyMatch(e -> e.getName().endsWith(".class")))
                            .as(jar + " has classes (its sources were copied)").isTrue();
                }
            }
        }
    }

    /** A path of the build's file system, {@code absolute} as the Dockerfile names it, under {@code root}. */
    private static Path inside(Path root, String absolute) {
        return root.resolve(absolute.replaceFirst("^/+", ""));
    }

    /** COPY from the build context, as the builder does it: a directory's contents, a file into a directory. */
    private static void copyFromContext(Path context, List<PathMatcher> ignored, Dockerfile.Copy copy, Path root,
                                        String workdir) throws IOException {
        assertThat(copy.from()).as("the build stage copies from the context only").isNull();
        String destination = Dockerfile.absolute(workdir, copy.destination());
        boolean intoDirectory = destination.endsWith("/") || copy.sources().size() > 1;
        for (String source : copy.sources()) {
            Path from = context.resolve(source);
            assertThat(from).as("COPY " + source).exists();
            Path to = inside(root, destination);
            if (Files.isRegularFile(from) && intoDirectory) {
                to = to.resolve(from.getFileName().toString());
            }
            copyTree(from, to, ignored, context);
        }
    }

    private static void copyTree(Path from, Path to, List<PathMatcher> ignored, Path base) throws IOException {
        if (Files.isRegularFile(from)) {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (isIgnored(d)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                if (!isIgnored(f)) {
                    Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }

            private boolean isIgnored(Path p) {
                Path relative = base.relativize(p);
                return ignored.stream().anyMatch(m -> m.matches(relative));
            }
        });
    }

    /**
     * A read-only view of the local repository without io/flowpulse: the installed snapshots of this
     * project must not stand in for modules the Dockerfile forgot to copy.
     */
    private static Path tailWithoutFlowpulse(Path m2, Path tail) throws IOException {
        Files.createDirectories(tail.resolve("io"));
        try (Stream<Path> top = Files.list(m2)) {
            for (Path entry : top.toList()) {
                if (!entry.getFileName().toString().equals("io")) {
                    Files.createSymbolicLink(tail.resolve(entry.getFileName().toString()), entry);
                }
            }
        }
        if (Files.isDirectory(m2.resolve("io"), LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> io = Files.list(m2.resolve("io"))) {
                for (Path entry : io.toList()) {
                    if (!entry.getFileName().toString().equals("flowpulse")) {
                        Files.createSymbolicLink(tail.resolve("io").resolve(entry.getFileName().toString()), entry);
                    }
                }
            }
        }
        return tail;
    }

    private record Run(int code, String output) {
        String tail() {
            return output.length() > 6_000 ? "..." + output.substring(output.length() - 6_000) : output;
        }
    }

    private static Run run(Path workdir, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("dockerfile-step-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            String javaHome = System.getProperty("java.home");
            builder.environment().put("JAVA_HOME", javaHome);
            builder.environment().put("PATH", javaHome + "/bin:" + System.getenv("PATH"));
            builder.environment().keySet().removeIf(k -> k.startsWith("FLOWPULSE_"));
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(8, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within 8 minutes:\n"
                        + Files.readString(output));
            }
            return new Run(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
