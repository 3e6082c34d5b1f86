package io.mnemos.memory.experience;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.memory.profile.TestDatabase;
import io.mnemos.testsupport.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link ExperienceService} on the real PostgreSQL: incremental learning, the evaluation, tenant isolation. */
class ExperienceServiceIT {

    private static TestDatabase db;

    @BeforeAll
    static void database() {
        db = TestDatabase.create("experience_it");
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private ExperienceService service() {
        return new ExperienceService(
                new JdbcExperienceStore(db.dataSource()),
                TemplateInducer.defaults(),
                TemplateMatcher.defaults(),
                new MutableClock(Instant.parse("2026-02-02T00:00:00Z")));
    }

    @Test
    void incrementalLearningThroughPostgresMatchesTheInMemoryEvaluation() {
        ExperienceService service = service();
        String tenant = "t-" + UUID.randomUUID();
        List<Episode> train = ExperienceEvaluation.training(42, 4, 0.1);
        long t0 = System.nanoTime();
        train.forEach(e -> service.record(tenant, e));
        long recordMillis = (System.nanoTime() - t0) / 1_000_000;
        List<ExperienceTemplate> templates = service.templates(tenant);
        ExperienceEvaluation.Report r = ExperienceEvaluation.evaluate(
                train,
                templates,
                ExperienceEvaluation.heldOut(7, 5),
                (text, level) -> level == null ? service.match(tenant, text) : service.match(tenant, text, level));
        System.out.println("[experience-eval-jdbc] recorded " + train.size() + " episodes in " + recordMillis
                + " ms (incremental re-learning after each)\n" + r.summary());
        assertThat(r.taskHitRate()).isGreaterThanOrEqualTo(0.88);
        assertThat(r.unseenTaskLevel()).isZero();

        // A full re-learn from the stored episodes gives the same templates.
        int n = service.relearnAll(tenant);
        assertThat(n).isEqualTo(templates.size());
        assertThat(service.templates(tenant))
                .extracting(ExperienceTemplate::id)
                .containsExactlyInAnyOrderElementsOf(
                        templates.stream().map(ExperienceTemplate::id).toList());
    }

    @Test
    void tenantsCannotSeeOrDeleteEachOthersTemplates() {
        ExperienceService service = service();
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();
        TaskFamilies.Family call = TaskFamilies.all().stream()
                .filter(f -> f.name().equals("call"))
                .findFirst()
                .orElseThrow();
        for (int i = 0; i < 3; i++) {
            service.record(
                    a,
                    TaskFamilies.episode(
                            TaskFamilies.task(call, 0, false, new java.util.SplittableRandom(i), i), Instant.EPOCH));
        }
        ExperienceTemplate t = service.templates(a).getFirst();
        TemplateMatch m = service.match(a, "call Jamal").orElseThrow();
        assertThat(m.template().tenant()).isEqualTo(a);

        assertThat(service.templates(b)).isEmpty();
        assertThat(service.template(b, t.id())).isEmpty();
        assertThat(service.match(b, "call Jamal")).isEmpty();
        assertThat(service.deleteTemplate(b, t.id())).isFalse();
        assertThat(service.template(a, t.id())).isPresent();
        assertThat(service.deleteTemplate(a, t.id())).isTrue();
        assertThat(service.template(a, t.id())).isEmpty();
    }
}
