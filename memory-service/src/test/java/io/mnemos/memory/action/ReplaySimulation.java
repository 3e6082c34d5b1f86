package io.mnemos.memory.action;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A simulated agent doing repeated phone tasks on simulated apps with UI drift, with action memory in the loop.
 *
 * <p>Each app flow is a chain of screens; a state fingerprint is {@code app:screen:vN} (structural: it does not
 * change with the task's values). Drift: (1) a transient popup before a random step (the right action is to dismiss
 * it); (2) permanent app updates that change one screen (new fingerprint, new element id); (3) transient "silent"
 * drift where an element moved but the screen fingerprint is unchanged, so a replayed tap lands on a wrong screen.
 * The model is an oracle that always knows the right next step and costs one call per step. Baseline: every step is a
 * model call.
 */
final class ReplaySimulation {

    record StepDef(String screen, String element, String action, Map<String, String> params) {}

    record Flow(String name, String task, String app, List<StepDef> steps) {}

    static final Map<String, List<String>> POOLS = Map.of(
            "contact", List.of("Anna", "Bob Stone", "Carlos", "Dana White", "Eve", "Farid", "Grace", "Hiro"),
            "text", List.of("running late", "on my way", "call me back", "happy birthday", "see you soon"),
            "time", List.of("7 am", "6:30 am", "8:15 am", "9 pm", "noon"),
            "place", List.of("the airport", "Union Square", "city hall", "the museum", "Ocean Beach"),
            "drink", List.of("latte", "mocha", "chai", "flat white", "cold brew"),
            "shop", List.of("Philz", "Ritual", "Verve", "Peets"),
            "amount", List.of("20", "50", "75", "120"),
            "city", List.of("Paris", "Tokyo", "Lima", "Oslo", "Seoul"),
            "song", List.of("Halo", "Clocks", "Jolene", "Africa"),
            "artist", List.of("Adele", "Coldplay", "Toto", "Madonna"));

    static List<Flow> flows() {
        return List.of(
                new Flow(
                        "message",
                        "send a message to {contact} saying {text}",
                        "Messages",
                        List.of(
                                st("home", "new_button", "tap"),
                                st("compose", "to_field", "type", "text", "{contact}"),
                                st("compose_to", "body_field", "type", "text", "{text}"),
                                st("ready", "send_button", "send"))),
                new Flow(
                        "call",
                        "call {contact}",
                        "Phone",
                        List.of(
                                st("home", "search_box", "tap"),
                                st("search", "search_field", "type", "text", "{contact}"),
                                st("results", "first_result", "tap"),
                                st("contact", "call_button", "tap"))),
                new Flow(
                        "alarm",
                        "set an alarm for {time}",
                        "Clock",
                        List.of(
                                st("home", "alarm_tab", "tap"),
                                st("alarms", "add_button", "tap"),
                                st("editor", "time_field", "type", "text", "{time}"),
                                st("editor_filled", "save_button", "tap"))),
                new Flow(
                        "navigate",
                        "navigate to {place}",
                        "Maps",
                        List.of(
                                st("home", "search_box", "tap"),
                                st("search", "search_field", "type", "text", "{place}"),
                                st("results", "first_result", "tap"),
                                st("place", "directions_button", "tap"))),
                new Flow(
                        "coffee",
                        "order a {drink} from {shop}",
                        "CoffeeApp",
                        List.of(
                                st("home", "shop_search", "type", "text", "{shop}"),
                                st("shop", "menu_list", "select", "item", "{drink}"),
                                st("item", "add_button", "tap"),
                                st("cart", "pay_button", "pay"))),
                new Flow(
                        "transfer",
                        "transfer {amount} dollars to {contact}",
                        "Bank",
                        List.of(
                                st("home", "transfer_tab", "tap"),
                                st("transfer", "payee_field", "type", "text", "{contact}"),
                                st("amount", "amount_field", "type", "text", "{amount}"),
                                st("confirm", "confirm_button", "transfer"))),
                new Flow(
                        "weather",
                        "check the weather in {city}",
                        "Weather",
                        List.of(
                                st("home", "city_search", "type", "text", "{city}"),
                                st("results", "first_result", "tap"))),
                new Flow(
                        "play",
                        "play {song} by {artist}",
                        "Spotify",
                        List.of(
                                st("home", "search_tab", "tap"),
                                st("search", "search_field", "type", "text", "{song} {artist}"),
                                st("results", "first_result", "tap"))));
    }

    private static StepDef st(String screen, String element, String action, String... kv) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return new StepDef(screen, element, action, p);
    }

    /** Results of one simulation. */
    static final class Stats {
        int tasks;
        int baselineCalls;
        int modelCalls;
        int replayedSteps;
        int replayAttempts;
        int replayCompleted;
        int divergences;
        int caughtPopup;
        int caughtUpdate;
        int caughtSilent;
        int undetected;
        int wrongParams;
        int wrongTargets;
        int branches;
        int popups;
        int updates;
        int silentDrifts;
        long replayMicros;

        String summary(int scripts, int retired) {
            return String.format(
                    "tasks %d: model calls %d vs %d without memory -> %d avoided (%.1f%%); steps replayed %d%n"
                            + "replays started %d, completed %d, diverged %d (caught: popup %d, app update %d, silent"
                            + " drift or wrong step %d), undetected wrong replays %d, branch switches %d%n"
                            + "wrong steps executed besides silent drift: wrong parameters %d, wrong target %d%n"
                            + "drift injected: popups %d, app updates %d, silent drifts %d; scripts %d (retired %d);"
                            + " memory overhead per task %.1f ms",
                    tasks,
                    modelCalls,
                    baselineCalls,
                    baselineCalls - modelCalls,
                    100.0 * (baselineCalls - modelCalls) / baselineCalls,
                    replayedSteps,
                    replayAttempts,
                    replayCompleted,
                    divergences,
                    caughtPopup,
                    caughtUpdate,
                    caughtSilent,
                    undetected,
                    branches,
                    wrongParams,
                    wrongTargets,
                    popups,
                    updates,
                    silentDrifts,
                    scripts,
                    retired,
                    replayMicros / 1000.0 / tasks);
        }
    }

    private final Map<String, Integer> versions = new HashMap<>();
    private final SplittableRandom random;
    private final double popupRate;
    private final double silentRate;
    private final int updateEvery;

    ReplaySimulation(long seed, double popupRate, double silentRate, int updateEvery) {
        this.random = new SplittableRandom(seed);
        this.popupRate = popupRate;
        this.silentRate = silentRate;
        this.updateEvery = updateEvery;
    }

    private String fp(String app, String screen) {
        return app + ":" + screen + ":v" + versions.getOrDefault(app + ":" + screen, 1);
    }

    private String element(String app, StepDef s) {
        int v = versions.getOrDefault(app + ":" + s.screen(), 1);
        return v == 1 ? s.element() : s.element() + "_v" + v;
    }

    Stats run(ActionMemoryService memory, String tenant, int tasks) {
        Stats st = new Stats();
        List<Flow> flows = flows();
        for (int t = 0; t < tasks; t++) {
            if (updateEvery > 0 && t > 0 && t % updateEvery == 0) {
                Flow f = flows.get(random.nextInt(flows.size()));
                StepDef s = f.steps().get(random.nextInt(f.steps().size()));
                versions.merge(f.app() + ":" + s.screen(), 1, Integer::sum);
                st.updates++;
            }
            Flow flow = flows.get(random.nextInt(flows.size()));
            Map<String, String> values = new LinkedHashMap<>();
            for (String slot : io.mnemos.memory.experience.TextPattern.placeholders(flow.task())) {
                List<String> pool = POOLS.get(slot);
                values.put(slot, pool.get(random.nextInt(pool.size())));
            }
            String task = io.mnemos.memory.experience.TextPattern.fill(flow.task(), values);
            int n = flow.steps().size();
            int popupAt = random.nextDouble() < popupRate ? random.nextInt(n) : -1;
            int silentAt = random.nextDouble() < silentRate ? random.nextInt(n) : -1;
            st.popups += popupAt >= 0 ? 1 : 0;
            st.silentDrifts += silentAt >= 0 ? 1 : 0;
            st.tasks++;
            st.baselineCalls += n + (popupAt >= 0 ? 1 : 0);
            runTask(memory, tenant, flow, task, values, popupAt, silentAt, st);
        }
        return st;
    }

    private void runTask(
            ActionMemoryService memory,
            String tenant,
            Flow flow,
            String task,
            Map<String, String> values,
            int popupAt,
            int silentAt,
            Stats st) {
        String app = flow.app();
        int n = flow.steps().size();
        int progress = 0; // index of the next flow step to do
        boolean popupShown = false;
        String state = fp(app, flow.steps().getFirst().screen());
        if (popupAt == 0) {
            state = app + ":popup:v1";
            popupShown = true;
        }
        List<TraceStep> trace = new ArrayList<>();
        boolean done = false;
        boolean wrongExecuted = false;
        long t0 = System.nanoTime();
        Optional<ReplayPlan> plan = memory.replay(tenant, task, state);
        st.replayMicros += (System.nanoTime() - t0) / 1_000;
        if (plan.isPresent()) {
            st.replayAttempts++;
            while (true) {
                long t1 = System.nanoTime();
                StepVerdict v = memory.next(tenant, plan.get().runId(), state);
                st.replayMicros += (System.nanoTime() - t1) / 1_000;
                if (v.kind() == StepVerdict.Kind.COMPLETE) {
                    boolean ok = progress == n && !wrongExecuted;
                    memory.finish(tenant, plan.get().runId(), ok);
                    st.replayCompleted++;
                    if (!ok) {
                        st.undetected++;
                    }
                    done = true;
                    break;
                }
                if (v.kind() == StepVerdict.Kind.DIVERGED) {
                    st.divergences++;
                    if (state.contains(":popup:")) {
                        st.caughtPopup++;
                    } else if (state.contains(":wrong:")) {
                        st.caughtSilent++;
                    } else {
                        st.caughtUpdate++;
                    }
                    break;
                }
                if (v.message().startsWith("branched")) {
                    st.branches++;
                }
                PlannedStep p = v.step();
                st.replayedSteps++;
                StepDef gold = flow.steps().get(progress);
                boolean right = p.action().equals(gold.action())
                        && p.target().element().equals(element(app, gold))
                        && p.params().equals(fill(gold.params(), values))
                        && progress != silentAt;
                String pre = state;
                if (right) {
                    progress++;
                    state = progress == n
                            ? fp(app, "done")
                            : fp(app, flow.steps().get(progress).screen());
                    if (progress == popupAt && !popupShown) {
                        state = app + ":popup:v1";
                        popupShown = true;
                    }
                    trace.add(new TraceStep(p.target(), p.action(), p.params(), pre, state));
                } else {
                    wrongExecuted = true;
                    if (progress != silentAt) {
                        if (!p.params().equals(fill(gold.params(), values))) {
                            st.wrongParams++;
                        } else {
                            st.wrongTargets++;
                        }
                    }
                    state = app + ":wrong:v1";
                }
            }
        }
        if (!done) {
            // The model takes over from the current state.
            if (state.contains(":wrong:")) {
                st.modelCalls++; // one call to go back
                state = fp(app, flow.steps().get(progress).screen());
            }
            while (progress < n) {
                String pre = state;
                if (state.contains(":popup:")) {
                    st.modelCalls++;
                    state = fp(app, flow.steps().get(progress).screen());
                    trace.add(new TraceStep(Target.ui(app, "popup", "dismiss"), "tap", Map.of(), pre, state));
                    continue;
                }
                StepDef gold = flow.steps().get(progress);
                st.modelCalls++;
                progress++;
                state = progress == n
                        ? fp(app, "done")
                        : fp(app, flow.steps().get(progress).screen());
                if (progress == popupAt && !popupShown) {
                    state = app + ":popup:v1";
                    popupShown = true;
                }
                trace.add(new TraceStep(
                        Target.ui(app, gold.screen(), element(app, gold)),
                        gold.action(),
                        fill(gold.params(), values),
                        pre,
                        state));
            }
            memory.record(tenant, "sim-user", task, trace, true);
        }
    }

    private static Map<String, String> fill(Map<String, String> params, Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, io.mnemos.memory.experience.TextPattern.fill(v, values)));
        return out;
    }
}
