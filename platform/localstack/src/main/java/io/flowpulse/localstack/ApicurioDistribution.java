package io.flowpulse.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The Apicurio Registry application: the tarball Maven put into the local repository when this module
 * was built, extracted once into a per-user cache directory shared by every stack on the machine.
 */
final class ApicurioDistribution {

    /** Overrides the directory holding an extracted distribution (the runner jar and lib/). */
    static final String HOME_PROPERTY = "flowpulse.apicurio.home";
    /** Overrides the tarball location. */
    static final String TARBALL_PROPERTY = "flowpulse.apicurio.tarball";

    private static final Duration EXTRACT_TIMEOUT = Duration.ofMinutes(3);

    private ApicurioDistribution() {
    }

    static String version() {
        return buildProperties().getProperty("apicurio.version");
    }

    /** The runner jar, extracting the distribution first when needed. */
    static Path runnerJar() {
        String runnerName = "apicurio-registry-app-" + version() + "-runner.jar";
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null) {
            Path jar = Path.of(home).resolve(runnerName);
            if (!Files.isRegularFile(jar)) {
                throw new ServiceStartException(HOME_PROPERTY + "=" + home + " does not contain " + runnerName);
            }
            return jar;
        }
        Path extracted = cacheDir().resolve("apicurio-registry-" + version());
        if (!Files.isRegularFile(extracted.resolve(runnerName))) {
            extract(tarball(), extracted);
        }
        return extracted.resolve(runnerName);
    }

    static Path tarball() {
        String override = System.getProperty(TARBALL_PROPERTY);
        if (override != null) {
            return Path.of(override);
        }
        String relative = "io/apicurio/apicurio-registry-app/" + version()
                + "/apicurio-registry-app-" + version() + "-all.tar.gz";
        List<String> repositories = new java.util.ArrayList<>();
        if (System.getProperty("maven.repo.local") != null) {
            repositories.add(System.getProperty("maven.repo.local"));
        }
        repositories.add(buildProperties().getProperty("maven.local.repository"));
        repositories.add(Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        for (String repository : repositories) {
            Path candidate = Path.of(repository).resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new ServiceStartException("registry: the Apicurio Registry distribution " + relative
                + " is not in the local Maven repository (looked in " + repositories + "). Fetch it with "
                + "'./mvnw -pl platform/localstack generate-resources' (or 'mvn dependency:get -Dtransitive=false "
                + "-Dartifact=io.apicurio:apicurio-registry-app:" + version() + ":tar.gz:all'), or set -D"
                + TARBALL_PROPERTY + "=<path of the tarball>");
    }

    private static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("flowpulse");
    }

    /** Extracts into a private directory, then renames it into place, so concurrent JVMs never see half a tree. */
    private static void extract(Path tarball, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".extracting-");
            Path log = staging.resolve("tar.log");
            ChildProcess tar = ChildProcess.start(List.of("tar", "-xzf", tarball.toString(), "-C", staging.toString()),
                    staging, log, LaunchMode.ATTACHED);
            int exit = tar.waitFor(EXTRACT_TIMEOUT);
            if (exit != 0) {
                throw new ServiceStartException("registry: extracting " + tarball + " failed with exit code "
                        + exit + "\n" + LogTail.of(log));
            }
            Files.delete(log);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException alreadyThere) {
                ProcessService.deleteRecursively(staging);
            } catch (AtomicMoveNotSupportedException e) {
                throw new ServiceStartException("registry: cannot move the extracted distribution into " + target, e);
            }
        } catch (IOException e) {
            throw new ServiceStartException("registry: cannot extract " + tarball + " into " + target
                    + ": " + e.getMessage(), e);
        }
    }

    private static Properties buildProperties() {
        try (InputStream in = ApicurioDistribution.class.getResourceAsStream("build.properties")) {
            Properties properties = new Properties();
            if (in == null) {
                throw new IllegalStateException("build.properties missing from the flowpulse-localstack jar");
            }
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
