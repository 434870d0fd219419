package io.flowpulse.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What can be read off the Dockerfile without building it. The build itself is run, step by
 * step, by {@link DockerfileBuildIntegrationTest}.
 */
class DockerfileTest {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    /** An exact release: Temurin's 17.0.17_10, Debian's point release 12.11 (not 17 or 12 alone). */
    private static final Pattern PINNED = Pattern.compile("[^:@]+:\\d+(\\.\\d+)+[\\w.\\-]*");
    private static Dockerfile dockerfile;
    private static Dockerfile.Stage build;
    private static Dockerfile.Stage runtime;

    @BeforeAll
    static void read() {
        dockerfile = Dockerfile.read(Repository.root().resolve("Dockerfile"));
        build = dockerfile.stage("build");
        runtime = dockerfile.last();
    }

    @Test
    void twoStagesFromPinnedImages() {
        assertThat(dockerfile.stages()).hasSize(2);
        assertThat(dockerfile.stages().get(0)).isSameAs(build);
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            assertThat(stage.image()).as("FROM " + stage.image() + " names an exact version").matches(PINNED);
        }
        assertThat(build.image()).contains(":17.").contains("-jdk");
    }

    @Test
    void dependenciesAreALayerOfTheirOwnBuiltFromThePomsAlone() throws Exception {
        List<Dockerfile.Instruction> instructions = build.instructions();
        int firstRun = instructions.indexOf(build.all("RUN").get(0));
        List<String> copiedBefore = new ArrayList<>();
        for (Dockerfile.Instruction i : instructions.subList(0, firstRun)) {
            if (i.keyword().equals("COPY")) {
                copiedBefore.addAll(Dockerfile.copy(i.arguments()).sources());
            }
        }
        assertThat(copiedBefore).contains(".mvn", "mvnw", "pom.xml");
        // Maven reads every module of the root POM: each POM must be there, and nothing but POMs
        for (String module : modules()) {
            assertThat(copiedBefore).as("the POM of module " + module).contains(module + "/pom.xml");
        }
        assertThat(copiedBefore).allMatch(p -> p.equals(".mvn") || p.equals("mvnw") || p.endsWith("pom.xml"));
        assertThat(instructions.get(firstRun).arguments()).contains("./mvnw").contains("-pl cli/app -am");
    }

    @Test
    void theRuntimeGetsOnlyTheServicesClassPathAndAJlinkedJava() {
        List<Dockerfile.Copy> fromBuild = runtime.copies().stream().filter(c -> "build".equals(c.from())).toList();
        List<String> sources = fromBuild.stream().flatMap(c -> c.sources().stream()).toList();
        String workdir = build.workdir();
        assertThat(sources).containsExactlyInAnyOrder(
                Dockerfile.absolute(workdir, "jre"),
                Dockerfile.absolute(workdir, "cli/app/target/lib"),
                Dockerfile.absolute(workdir, "cli/app/target/flowpulse-cli.jar"));
        assertThat(String.join(" ", sources)).doesNotContain("broker-lib");
        String jlink = build.all("RUN").stream().map(Dockerfile.Instruction::arguments)
                .filter(r -> r.contains("jlink")).findFirst().orElseThrow();
        assertThat(jlink).contains("jdeps", "--print-module-deps", "--output jre", "jdk.crypto.ec");
    }

    @Test
    void runsAsAnUnprivilegedUserThroughTheLauncher() throws Exception {
        List<Dockerfile.Instruction> users = runtime.all("USER");
        assertThat(users).hasSize(1);
        assertThat(users.get(0).arguments()).matches("[1-9]\\d{3,}:[1-9]\\d{3,}");
        assertThat(runtime.exec("ENTRYPOINT")).containsExactly("flowpulse");
        assertThat(runtime.exec("CMD")).containsExactly("--help");

        Dockerfile.Copy launcher = runtime.copies().stream()
                .filter(c -> c.from() == null && c.destination().equals("/usr/local/bin/flowpulse")).findFirst()
                .orElseThrow();
        Path script = Repository.root().resolve(launcher.sources().get(0));
        assertThat(Files.readString(script)).startsWith("#!/bin/sh\n");
        Process syntax = new ProcessBuilder("dash", "-n", script.toString()).redirectErrorStream(true).start();
        assertThat(syntax.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(syntax.exitValue()).as(new String(syntax.getInputStream().readAllBytes())).isZero();

        Map<String, String> env = runtime.pairs("ENV");
        assertThat(env).containsEntry("JAVA_HOME", "/opt/java").containsEntry("FLOWPULSE_HOME", "/opt/flowpulse");
    }

    @Test
    void carriesTheOciLabels() throws Exception {
        Map<String, String> labels = runtime.pairs("LABEL");
        assertThat(labels).containsKeys("org.opencontainers.image.title", "org.opencontainers.image.description",
                "org.opencontainers.image.licenses", "org.opencontainers.image.version",
                "org.opencontainers.image.revision", "org.opencontainers.image.created",
                "org.opencontainers.image.base.name");
        assertThat(labels.get("org.opencontainers.image.base.name")).endsWith("/" + runtime.image());
        assertThat(labels.get("org.opencontainers.image.licenses")).isEqualTo("Apache-2.0");
        // the version label is the ARG, whose default is the project's version
        assertThat(runtime.all("ARG")).anySatisfy(a -> assertThat(a.arguments())
                .isEqualTo("VERSION=" + projectVersion()));
    }

    static List<String> modules() throws Exception {
        String pom = Files.readString(Repository.root().resolve("pom.xml"));
        Matcher m = MODULE.matcher(pom.substring(pom.indexOf("<modules>"), pom.indexOf("</modules>")));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return out;
    }

    static String projectVersion() throws Exception {
        String pom = Files.readString(Repository.root().resolve("pom.xml"));
        String head = pom.substring(0, pom.indexOf("<properties>"));
        Matcher m = Pattern.compile("<artifactId>flowpulse-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(head);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
