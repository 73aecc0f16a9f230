package io.log2.cluster;

import io.quarkus.bootstrap.app.AugmentResult;
import io.quarkus.bootstrap.app.CuratedApplication;
import io.quarkus.bootstrap.app.QuarkusBootstrap;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Builds the service as {@code mvn package -Dquarkus.profile=pg} would, into a folder of its own, from the classes the
 * test run compiled: the second instance of {@link TwoInstancesTest} runs it in a process of its own. The database kind
 * is fixed when the service is built, so the jar of an H2 build cannot serve; and a test cannot rely on
 * {@code mvn package} having run. Run in a JVM of its own, away from the test's Quarkus.
 */
public final class PostgresPackage {

    private PostgresPackage() {
    }

    /** args: project root, output folder. Prints the runnable jar's path. */
    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        Properties build = new Properties();
        build.setProperty("quarkus.profile", "pg");
        build.setProperty("quarkus.package.jar.type", "fast-jar");
        try (CuratedApplication app = QuarkusBootstrap.builder()
                .setApplicationRoot(project.resolve("target/classes"))
                .setProjectRoot(project)
                .setLocalProjectDiscovery(true)
                .setMode(QuarkusBootstrap.Mode.PROD)
                .setIsolateDeployment(true)
                .setTargetDirectory(out)
                .setBaseName("log2-pg")
                .setBuildSystemProperties(build)
                .build().bootstrap()) {
            AugmentResult result = app.createAugmentor().createProductionApplication();
            System.out.println(result.getJar().getPath());
        }
        System.exit(0);
    }
}
