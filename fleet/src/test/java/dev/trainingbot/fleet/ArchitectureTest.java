package dev.trainingbot.fleet;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of STYLE.md, checked on the production classes of every module: {@code common} depends on no other
 * module, the three services never on each other nor on the testkit, and inside the worker the pipeline's machinery
 * (consume, pipeline, guard, fsm, user, route, telegram, i18n, audit) knows nothing of the features built on it
 * (course, admin, broadcast, reminder), which know only what they need of each other and share their Telegram UI pieces (HTML,
 * screens, the presenter) through {@code ui}, which knows no feature; the Telegram gateway is a leaf; and the
 * worker's packages form no cycle but the one the design has: the pipeline's context carries the conversation the
 * FSM stage loaded.
 */
@AnalyzeClasses(packages = "dev.trainingbot", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String COMMON = "dev.trainingbot.common..";
    private static final String INGRESS = "dev.trainingbot.ingress..";
    private static final String WORKER = "dev.trainingbot.worker..";
    private static final String AUDIT = "dev.trainingbot.audit..";
    private static final String TESTKIT = "dev.trainingbot.testkit..";
    private static final String FLEET = "dev.trainingbot.fleet..";

    @ArchTest
    static final ArchRule commonDependsOnNoOtherModule = noClasses()
            .that()
            .resideInAPackage(COMMON)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(INGRESS, WORKER, AUDIT, TESTKIT, FLEET);

    @ArchTest
    static final ArchRule theIngressKnowsNoOtherService = noClasses()
            .that()
            .resideInAPackage(INGRESS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(WORKER, AUDIT, TESTKIT, FLEET);

    @ArchTest
    static final ArchRule theWorkerKnowsNoOtherService = noClasses()
            .that()
            .resideInAPackage(WORKER)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(INGRESS, AUDIT, TESTKIT, FLEET);

    @ArchTest
    static final ArchRule theAuditConsumerKnowsNoOtherService = noClasses()
            .that()
            .resideInAPackage(AUDIT)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(INGRESS, WORKER, TESTKIT, FLEET);

    @ArchTest
    static final ArchRule theTestkitStandsOnCommonAlone = noClasses()
            .that()
            .resideInAPackage(TESTKIT)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(INGRESS, WORKER, AUDIT, FLEET);

    @ArchTest
    static final ArchRule thePipelinesMachineryKnowsNoFeature = noClasses()
            .that()
            .resideInAnyPackage(
                    "dev.trainingbot.worker.consume..",
                    "dev.trainingbot.worker.pipeline..",
                    "dev.trainingbot.worker.guard..",
                    "dev.trainingbot.worker.fsm..",
                    "dev.trainingbot.worker.user..",
                    "dev.trainingbot.worker.route..",
                    "dev.trainingbot.worker.telegram..",
                    "dev.trainingbot.worker.i18n..",
                    "dev.trainingbot.worker.audit..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.trainingbot.worker.course..",
                    "dev.trainingbot.worker.admin..",
                    "dev.trainingbot.worker.broadcast..",
                    "dev.trainingbot.worker.reminder..",
                    "dev.trainingbot.worker.cohort..");

    @ArchTest
    static final ArchRule theSharedTelegramUiKnowsNoFeature = noClasses()
            .that()
            .resideInAPackage("dev.trainingbot.worker.ui..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.trainingbot.worker.course..",
                    "dev.trainingbot.worker.admin..",
                    "dev.trainingbot.worker.broadcast..",
                    "dev.trainingbot.worker.reminder..",
                    "dev.trainingbot.worker.cohort..");

    @ArchTest
    static final ArchRule theCourseKnowsNothingOfAdminsOrBroadcasts = noClasses()
            .that()
            .resideInAPackage("dev.trainingbot.worker.course..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.trainingbot.worker.admin..",
                    "dev.trainingbot.worker.broadcast..",
                    "dev.trainingbot.worker.reminder..",
                    "dev.trainingbot.worker.cohort..");

    @ArchTest
    static final ArchRule cohortsKnowNothingOfTheAdminPanelOrBroadcasts = noClasses()
            .that()
            .resideInAPackage("dev.trainingbot.worker.cohort..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.trainingbot.worker.admin..",
                    "dev.trainingbot.worker.broadcast..",
                    "dev.trainingbot.worker.reminder..");

    @ArchTest
    static final ArchRule broadcastsKnowNothingOfTheAdminPanelOrTheCourse = noClasses()
            .that()
            .resideInAPackage("dev.trainingbot.worker.broadcast..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.trainingbot.worker.admin..", "dev.trainingbot.worker.course..");

    @ArchTest
    static final ArchRule theTelegramGatewayIsALeaf = noClasses()
            .that()
            .resideInAPackage("dev.trainingbot.worker.telegram..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.trainingbot.worker.admin..",
                    "dev.trainingbot.worker.audit..",
                    "dev.trainingbot.worker.broadcast..",
                    "dev.trainingbot.worker.consume..",
                    "dev.trainingbot.worker.course..",
                    "dev.trainingbot.worker.fsm..",
                    "dev.trainingbot.worker.guard..",
                    "dev.trainingbot.worker.i18n..",
                    "dev.trainingbot.worker.pipeline..",
                    "dev.trainingbot.worker.route..",
                    "dev.trainingbot.worker.user..");

    @ArchTest
    static final ArchRule theWorkersPackagesFormNoCycle = slices().matching("dev.trainingbot.worker.(*)..")
            .should()
            .beFreeOfCycles()
            .ignoreDependency(
                    describe("the pipeline", c -> c.getPackageName().startsWith("dev.trainingbot.worker.pipeline")),
                    describe("the conversation", c -> c.getName().equals("dev.trainingbot.worker.fsm.Conversation")));
}
