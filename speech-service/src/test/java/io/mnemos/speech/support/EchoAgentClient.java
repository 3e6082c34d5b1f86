package io.mnemos.speech.support;

import io.mnemos.speech.agent.AgentClient;
import io.mnemos.speech.agent.AgentRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * TEST AND BENCHMARK ONLY — an in-process stand-in for the orchestrator: answers each transcript with a scripted text
 * (by default "You said: …" followed by a fixed second sentence), streamed word by word every {@code wordDelayMs}, so
 * latency and barge-in can be measured without an LLM. Records the requests and cancellations it sees.
 */
public final class EchoAgentClient implements AgentClient {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "echo-agent");
        t.setDaemon(true);
        return t;
    });

    private final Function<String, String> answer;
    private final long wordDelayMs;
    public final List<String> requests = new CopyOnWriteArrayList<>();
    public final List<String> cancelled = new CopyOnWriteArrayList<>();

    public EchoAgentClient(Function<String, String> answer, long wordDelayMs) {
        this.answer = answer;
        this.wordDelayMs = wordDelayMs;
    }

    /** "You said: X. That is all I have to say about it for now, thank you for listening." */
    public static EchoAgentClient echo() {
        return new EchoAgentClient(
                t -> "You said: " + t + ". That is all I have to say about it for now, thank you for listening.", 5);
    }

    @Override
    public AgentResponse respond(AgentRequest request, AgentListener listener) {
        requests.add(request.text());
        String[] words = answer.apply(request.text()).split(" ");
        AtomicBoolean stop = new AtomicBoolean();
        for (int i = 0; i < words.length; i++) {
            String w = (i == 0 ? "" : " ") + words[i];
            boolean last = i == words.length - 1;
            TIMER.schedule(
                    () -> {
                        if (stop.get()) {
                            return;
                        }
                        listener.onDelta(w);
                        if (last) {
                            listener.onComplete();
                        }
                    },
                    i * wordDelayMs,
                    TimeUnit.MILLISECONDS);
        }
        return () -> {
            if (stop.compareAndSet(false, true)) {
                cancelled.add(request.text());
            }
        };
    }
}
