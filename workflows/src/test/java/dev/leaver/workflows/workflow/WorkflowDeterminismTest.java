package dev.leaver.workflows.workflow;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.elements.ClassesThat;
import com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The workflows module's code reads time, randomness and the outside world only through {@code
 * Workflow}, so a replay makes the same decisions. Temporal's workflowcheck would check this
 * transitively into the JDK, but it is published neither to Maven Central nor to the Go module
 * proxy (the registries this build reaches); these rules check every class of the module (so calls
 * between its own classes are covered) except the payload codec (which runs in clients and workers,
 * outside workflow code, and must draw real random nonces), and name the JDK's non-deterministic
 * entry points directly.
 */
class WorkflowDeterminismTest {
  private static final JavaClasses MODULE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.leaver.workflows");

  private static GivenClassesConjunction workflowCode() {
    ClassesThat<GivenClassesConjunction> that = noClasses().that();
    return that.resideOutsideOfPackage("dev.leaver.workflows.codec..");
  }

  @Test
  void workflowCodeTellsTimeOnlyThroughWorkflow() {
    workflowCode()
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethodWhere(target(name("now")).and(target(owner(resideInAPackage("java.time")))))
        .orShould()
        .callMethod(Thread.class, "sleep", long.class)
        .orShould()
        .callMethodWhere(
            target(owner(assignableTo(java.time.Clock.class)))
                .and(target(name("systemUTC").or(name("systemDefaultZone")))))
        .orShould()
        .callConstructor(java.util.Date.class)
        .orShould()
        .callMethodWhere(
            target(name("getInstance")).and(target(owner(assignableTo(java.util.Calendar.class)))))
        .because(
            "the workflow's clock is Workflow.currentTimeMillis() and its sleeps Workflow.sleep()")
        .check(MODULE);
  }

  @Test
  void workflowCodeDrawsRandomnessOnlyThroughWorkflow() {
    workflowCode()
        .should()
        .callMethod(UUID.class, "randomUUID")
        .orShould()
        .callMethod(Math.class, "random")
        .orShould()
        .callConstructorWhere(target(owner(assignableTo(Random.class))))
        .orShould()
        .callMethod(java.util.concurrent.ThreadLocalRandom.class, "current")
        .orShould()
        .callMethod(java.util.Collections.class, "shuffle", java.util.List.class)
        .because(
            "a replay must draw the same values: Workflow.randomUUID() and Workflow.newRandom()")
        .check(MODULE);
  }

  @Test
  void workflowCodeNeitherReachesOutNorStartsThreads() {
    workflowCode()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.nio.file..", "java.net..", "java.io..")
        .orShould()
        .callMethod(System.class, "getenv", String.class)
        .orShould()
        .callMethod(System.class, "getProperty", String.class)
        .orShould()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .dependOnClassesThat()
        .belongToAnyOf(Thread.class, java.util.concurrent.Executors.class)
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("java.util.concurrent..")
        .orShould()
        .callMethodWhere(target(name("parallelStream")))
        .because("I/O belongs in activities and concurrency in Workflow.newTimer/Async/Promise")
        .check(MODULE);
  }
}
