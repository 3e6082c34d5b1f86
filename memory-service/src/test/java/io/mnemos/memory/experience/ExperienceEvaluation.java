package io.mnemos.memory.experience;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Trains experience memory on synthetic episodes of {@link TaskFamilies} and measures, on held-out tasks with unseen
 * slot values: task-level hits (a task template matched and its instantiation equals the gold steps exactly),
 * slot-binding accuracy, sub-task hits (each gold sub-goal matched to a sub-task template that instantiates to the gold
 * step), action hits (action template with the gold action name; "full" also with the gold parameters), and false
 * task-level matches on 3 families never trained on.
 */
final class ExperienceEvaluation {

    /** Matching as seen by the evaluation: all levels (level = null) or one. */
    interface Matching {
        Optional<TemplateMatch> match(String text, TemplateLevel level);
    }

    record Report(
            int trainEpisodes,
            int trainFailures,
            Map<TemplateLevel, Integer> templates,
            int heldOutTasks,
            int taskHits,
            int slotsCorrect,
            int slotsTotal,
            Map<TemplateLevel, Integer> topLevel,
            int subQueries,
            int subHits,
            int actionQueries,
            int actionHits,
            int actionFullHits,
            int unseenTasks,
            int unseenTaskLevel,
            Map<TemplateLevel, Integer> unseenTopLevel,
            long matchP50Micros,
            long matchP99Micros) {

        double taskHitRate() {
            return taskHits / (double) heldOutTasks;
        }

        double slotAccuracy() {
            return slotsCorrect / (double) slotsTotal;
        }

        double subHitRate() {
            return subHits / (double) subQueries;
        }

        double actionHitRate() {
            return actionHits / (double) actionQueries;
        }

        double actionFullHitRate() {
            return actionFullHits / (double) actionQueries;
        }

        String summary() {
            return String.format(
                    "train episodes %d (%d failures) -> templates %s%n"
                            + "held-out tasks %d: task-level hit %.3f, slot-binding accuracy %.3f (%d/%d), top level %s%n"
                            + "sub-task hit %.3f (%d/%d); action hit %.3f, with params %.3f (%d steps)%n"
                            + "unseen families: %d tasks, false task-level matches %d, top level %s%n"
                            + "match latency p50 %d us, p99 %d us",
                    trainEpisodes,
                    trainFailures,
                    templates,
                    heldOutTasks,
                    taskHitRate(),
                    slotAccuracy(),
                    slotsCorrect,
                    slotsTotal,
                    topLevel,
                    subHitRate(),
                    subHits,
                    subQueries,
                    actionHitRate(),
                    actionFullHitRate(),
                    actionQueries,
                    unseenTasks,
                    unseenTaskLevel,
                    unseenTopLevel,
                    matchP50Micros,
                    matchP99Micros);
        }
    }

    static List<Episode> training(long seed, int perPhrasing, double failureRate) {
        SplittableRandom r = new SplittableRandom(seed);
        Instant t = Instant.parse("2026-02-01T00:00:00Z");
        List<Episode> out = new ArrayList<>();
        for (TaskFamilies.Family f : TaskFamilies.all()) {
            if (!f.trained()) {
                continue;
            }
            for (int p = 0; p < f.phrasings().size(); p++) {
                for (int i = 0; i < perPhrasing; i++) {
                    TaskFamilies.Task task = TaskFamilies.task(f, p, false, r, i);
                    t = t.plus(Duration.ofMinutes(1));
                    out.add(
                            r.nextDouble() < failureRate
                                    ? TaskFamilies.failure(task, t)
                                    : TaskFamilies.episode(task, t));
                }
            }
        }
        // Interleave families as a real agent would see them.
        java.util.Collections.shuffle(out, new java.util.Random(seed));
        return out;
    }

    static List<TaskFamilies.Task> heldOut(long seed, int perPhrasing) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<TaskFamilies.Task> out = new ArrayList<>();
        for (TaskFamilies.Family f : TaskFamilies.all()) {
            for (int p = 0; p < f.phrasings().size(); p++) {
                for (int i = 0; i < perPhrasing; i++) {
                    out.add(TaskFamilies.task(f, p, true, r));
                }
            }
        }
        return out;
    }

    static Report evaluate(
            List<Episode> train, List<ExperienceTemplate> templates, List<TaskFamilies.Task> tasks, Matching m) {
        Map<TemplateLevel, Integer> counts = new EnumMap<>(TemplateLevel.class);
        templates.forEach(t -> counts.merge(t.level(), 1, Integer::sum));
        int known = 0;
        int taskHits = 0;
        int slotsCorrect = 0;
        int slotsTotal = 0;
        Map<TemplateLevel, Integer> top = new EnumMap<>(TemplateLevel.class);
        int subQ = 0;
        int subHits = 0;
        int actHits = 0;
        int actFull = 0;
        int unseen = 0;
        int unseenTask = 0;
        Map<TemplateLevel, Integer> unseenTop = new EnumMap<>(TemplateLevel.class);
        List<Long> latencies = new ArrayList<>();
        for (TaskFamilies.Task task : tasks) {
            m.match(task.goal(), null); // warm-up, so latencies are not JIT compilation
        }
        for (TaskFamilies.Task task : tasks) {
            long t0 = System.nanoTime();
            Optional<TemplateMatch> best = m.match(task.goal(), null);
            latencies.add((System.nanoTime() - t0) / 1_000);
            if (!task.family().trained()) {
                unseen++;
                best.ifPresent(b -> unseenTop.merge(b.level(), 1, Integer::sum));
                if (best.isPresent() && best.get().level() == TemplateLevel.TASK) {
                    unseenTask++;
                }
                continue;
            }
            known++;
            best.ifPresent(b -> top.merge(b.level(), 1, Integer::sum));
            slotsTotal += task.values().size();
            if (best.isPresent() && best.get().level() == TemplateLevel.TASK) {
                if (best.get().steps().equals(task.gold())) {
                    taskHits++;
                }
                List<String> bound = new ArrayList<>(best.get().bindings().values());
                for (String v : task.values().values()) {
                    if (bound.remove(v)) {
                        slotsCorrect++;
                    }
                }
            }
            for (EpisodeStep gold : task.gold()) {
                subQ++;
                Optional<TemplateMatch> sub = m.match(gold.subGoal(), TemplateLevel.SUB_TASK);
                if (sub.isPresent()
                        && sub.get().steps().size() == 1
                        && sub.get().steps().getFirst().equals(gold)) {
                    subHits++;
                }
                Optional<TemplateMatch> act = m.match(gold.subGoal(), TemplateLevel.ACTION);
                if (act.isPresent() && act.get().steps().getFirst().action().equals(gold.action())) {
                    actHits++;
                    if (act.get().steps().getFirst().params().equals(gold.params())) {
                        actFull++;
                    }
                }
            }
        }
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Report(
                (int) train.stream().filter(Episode::succeeded).count(),
                (int) train.stream().filter(e -> !e.succeeded()).count(),
                counts,
                known,
                taskHits,
                slotsCorrect,
                slotsTotal,
                top,
                subQ,
                subHits,
                subQ,
                actHits,
                actFull,
                unseen,
                unseenTask,
                unseenTop,
                l.length == 0 ? 0 : l[l.length / 2],
                l.length == 0 ? 0 : l[Math.min(l.length - 1, (int) Math.ceil(l.length * 0.99) - 1)]);
    }

    static long[] sorted(List<Long> xs) {
        long[] a = xs.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
