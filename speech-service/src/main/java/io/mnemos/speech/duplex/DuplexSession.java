package io.mnemos.speech.duplex;

import io.mnemos.speech.agent.AgentClient;
import io.mnemos.speech.agent.AgentRequest;
import io.mnemos.speech.asr.Transcriber;
import io.mnemos.speech.asr.Transcript;
import io.mnemos.speech.asr.TranscriptionStream;
import io.mnemos.speech.asr.internal.SerialExecutor;
import io.mnemos.speech.audio.Pcm;
import io.mnemos.speech.tts.Segmenter;
import io.mnemos.speech.tts.Synthesizer;
import io.mnemos.speech.vad.FrameSplitter;
import io.mnemos.speech.vad.PreRollBuffer;
import io.mnemos.speech.vad.VoiceActivityDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One full-duplex voice conversation (SPEC §9.4): an actor that owns the session state and processes, one at a time,
 * incoming audio frames, recognition results, agent text, synthesised audio and playback ticks.
 *
 * <p>Flow: a VAD on 32 ms frames opens a recognition stream at speech onset and replays the pre-roll into it. The
 * user's turn ends after {@code endOfTurnSilence} of silence, or after the shorter {@code semanticSilence} when the
 * transcript already reads like a finished sentence ({@link TurnCompletion}). The final transcript goes to the agent;
 * its streamed text is cut by the {@link Segmenter}, synthesised ahead on a small worker pool, and played strictly in
 * order, paced to real time with a small lead (so "played" is known to within the lead). User speech while the agent
 * thinks or speaks is a barge-in <em>candidate</em>; only the {@link BargeInPolicy} turns it into an interruption: then
 * playback stops at once, queued and in-flight synthesis is dropped (the response epoch changes), the generation is
 * cancelled and only the text actually played is reported as heard. Backchannels and noise leave the agent talking.
 *
 * <p>Turn timing runs on the input audio clock (frames received), so it is deterministic and independent of load; a
 * client that stops sending audio must {@link #commit()} its turn. Playback pacing runs on the wall clock.
 * All public methods are thread-safe and return at once.
 */
public final class DuplexSession implements AutoCloseable {

    /**
     * Session tuning.
     *
     * @param vad              voice activity detector settings
     * @param preRoll          audio replayed into recognition at speech onset
     * @param endOfTurnSilence silence that ends a user turn
     * @param semanticSilence  shorter silence that ends a turn whose transcript looks complete
     * @param semanticMinWords words a transcript needs to count as complete without punctuation
     * @param bargeIn          barge-in policy
     * @param playbackLead     how far audio is sent ahead of the (modelled) client playhead
     * @param playbackChunk    largest audio chunk sent at once
     * @param tick             playback pacing interval
     */
    public record Settings(
            VoiceActivityDetector.Settings vad,
            Duration preRoll,
            Duration endOfTurnSilence,
            Duration semanticSilence,
            int semanticMinWords,
            BargeInPolicy.Settings bargeIn,
            Duration playbackLead,
            Duration playbackChunk,
            Duration tick) {

        /** The defaults: 960 ms pre-roll, 800 ms / 400 ms end of turn, 200 ms lead, 100 ms chunks, 20 ms ticks. */
        public static Settings defaults() {
            return new Settings(
                    VoiceActivityDetector.Settings.defaults(),
                    Duration.ofMillis(960),
                    Duration.ofMillis(800),
                    Duration.ofMillis(400),
                    3,
                    BargeInPolicy.Settings.defaults(),
                    Duration.ofMillis(200),
                    Duration.ofMillis(100),
                    Duration.ofMillis(20));
        }

        public Settings withEndOfTurnSilence(Duration d) {
            return new Settings(
                    vad, preRoll, d, semanticSilence, semanticMinWords, bargeIn, playbackLead, playbackChunk, tick);
        }

        public Settings withSemanticSilence(Duration d) {
            return new Settings(
                    vad, preRoll, endOfTurnSilence, d, semanticMinWords, bargeIn, playbackLead, playbackChunk, tick);
        }

        public Settings withPlaybackLead(Duration d) {
            return new Settings(
                    vad, preRoll, endOfTurnSilence, semanticSilence, semanticMinWords, bargeIn, d, playbackChunk, tick);
        }
    }

    /**
     * Where the session runs.
     *
     * @param executor          runs the actor (any executor; the session serialises its own work)
     * @param timer             schedules playback ticks; null = the caller calls {@link #tick()} (tests)
     * @param synthesisExecutor the synthesis worker pool, shared by sessions
     * @param nanoClock         monotonic clock (System::nanoTime outside tests)
     */
    public record Environment(
            Executor executor, ScheduledExecutorService timer, Executor synthesisExecutor, LongSupplier nanoClock) {}

    private static final int FIRST_AUDIBLE = (int) (0.03 * 32767);

    private final String sessionTag;
    private final Settings settings;
    private final Transcriber transcriber;
    private final Synthesizer synthesizer;
    private final AgentClient agent;
    private final Function<String, AgentRequest> requests;
    private final DuplexListener out;
    private final Environment env;
    private final SerialExecutor actor;
    private final VoiceActivityDetector vad;
    private final BargeInPolicy policy;
    private final TurnCompletion completion;
    private final FrameSplitter splitter = new FrameSplitter(VoiceActivityDetector.FRAME_SAMPLES);
    private final PreRollBuffer preRoll;
    private final int leadSamples;
    private final int chunkSamples;

    // Actor state: only touched on the actor.
    private volatile DuplexState state = DuplexState.LISTENING;
    private long inputSamples;
    private long outputSamples;
    private Utterance cur;
    private Response resp;
    private long epochs;
    private long items;
    private ScheduledFuture<?> ticking;
    /** The epoch synthesis workers may still work for; anything else is dropped. */
    private volatile long liveEpoch = -1;

    public DuplexSession(
            String sessionTag,
            Settings settings,
            Transcriber transcriber,
            Synthesizer synthesizer,
            AgentClient agent,
            Function<String, AgentRequest> requests,
            DuplexListener out,
            Environment env) {
        this.sessionTag = sessionTag;
        this.settings = settings;
        this.transcriber = transcriber;
        this.synthesizer = synthesizer;
        this.agent = agent;
        this.requests = requests;
        this.out = out;
        this.env = env;
        this.actor = new SerialExecutor(env.executor());
        this.vad = new VoiceActivityDetector(settings.vad());
        this.policy = new BargeInPolicy(settings.bargeIn());
        this.completion = new TurnCompletion(settings.semanticMinWords());
        this.preRoll = new PreRollBuffer((int) (settings.preRoll().toMillis() / VoiceActivityDetector.FRAME_MS));
        this.leadSamples = Pcm.samples(settings.playbackLead().toMillis());
        this.chunkSamples = Math.max(160, Pcm.samples(settings.playbackChunk().toMillis()));
    }

    // ---- public, thread-safe API -------------------------------------------------------------------------------

    /** Feeds microphone audio (16 kHz mono PCM16, any length). */
    public void audio(short[] pcm) {
        actor.execute(() -> onAudio(pcm));
    }

    /** Ends the user's turn now (client-side end of turn, e.g. push-to-talk). */
    public void commit() {
        actor.execute(() -> {
            if (cur != null && !cur.candidate) {
                endTurn(cur);
            } else {
                out.error("input_audio_buffer_commit_empty", "Nothing to commit: the user is not speaking.");
            }
        });
    }

    /** Cancels the agent's response (as a barge-in would, reason {@code client_cancelled}). */
    public void cancelResponse() {
        actor.execute(() -> {
            if (resp == null) {
                out.error("response_cancel_not_active", "There is no response in progress to cancel.");
                return;
            }
            interrupt("client_cancelled");
            afterResponse();
        });
    }

    /** Advances playback (the timer calls this every {@code tick}; tests call it directly). */
    public void tick() {
        actor.execute(this::pump);
    }

    /** Runs {@code task} on the session's actor, after everything queued before it. */
    public void run(Runnable task) {
        actor.execute(task);
    }

    /** The current state (a snapshot). */
    public DuplexState state() {
        return state;
    }

    /** Milliseconds of input audio received. */
    public long inputMs() {
        return Pcm.millis(inputSamples);
    }

    @Override
    public void close() {
        actor.execute(() -> {
            if (state == DuplexState.CLOSED) {
                return;
            }
            if (cur != null) {
                cur.stream.cancel();
                cur = null;
            }
            if (resp != null) {
                resp.cancelGeneration();
                resp = null;
            }
            liveEpoch = -1;
            stopTicking();
            setState(DuplexState.CLOSED);
        });
    }

    // ---- input --------------------------------------------------------------------------------------------------

    private void onAudio(short[] pcm) {
        if (state == DuplexState.CLOSED) {
            return;
        }
        splitter.accept(pcm, this::onFrame);
    }

    private void onFrame(short[] frame) {
        inputSamples += frame.length;
        long nowMs = Pcm.millis(inputSamples);
        VoiceActivityDetector.Frame f = vad.process(frame);
        if (cur == null) {
            preRoll.add(frame);
            if (f.transition() == VoiceActivityDetector.Transition.SPEECH_START) {
                startUtterance(f.eventFrame() * VoiceActivityDetector.FRAME_MS, nowMs);
            }
            return;
        }
        Utterance u = cur;
        u.stream.accept(frame);
        if (f.voiced()) {
            u.voicedMs += VoiceActivityDetector.FRAME_MS;
            u.lastVoicedEndMs = nowMs;
        }
        if (u.candidate) {
            evaluateCandidate(u);
            if (cur != u) {
                return;
            }
        }
        if (vad.inSpeech()) {
            return;
        }
        long silence = nowMs - u.lastVoicedEndMs;
        if (silence >= settings.endOfTurnSilence().toMillis()) {
            endTurn(u);
        } else if (silence >= settings.semanticSilence().toMillis()
                && !u.candidate
                && completion.looksComplete(u.stream.latest().text())) {
            endTurn(u);
        }
    }

    private void startUtterance(long startMs, long nowMs) {
        Utterance u = new Utterance("item_" + sessionTag + "_" + (++items), startMs, resp != null);
        u.voicedMs = (long) settings.vad().startFrames() * VoiceActivityDetector.FRAME_MS;
        u.lastVoicedEndMs = nowMs;
        try {
            u.stream = transcriber.open(t -> actor.execute(() -> onPartial(u, t)));
        } catch (RuntimeException e) {
            preRoll.drain();
            out.error("transcription_unavailable", "Speech recognition is unavailable: " + e.getMessage());
            return;
        }
        u.stream.accept(preRoll.drain());
        cur = u;
        if (u.candidate) {
            setState(DuplexState.CANDIDATE_BARGE_IN);
            out.bargeInCandidate(u.itemId, startMs);
        } else {
            setState(DuplexState.USER_SPEAKING);
            out.speechStarted(u.itemId, startMs);
        }
    }

    private void onPartial(Utterance u, Transcript t) {
        if (u != cur || state == DuplexState.CLOSED) {
            return;
        }
        String previous = u.partial;
        u.partial = t.text();
        if (u.candidate) {
            evaluateCandidate(u);
            return;
        }
        emitDelta(u, previous);
    }

    private void emitDelta(Utterance u, String previous) {
        if (u.partial.equals(previous) || u.partial.isEmpty()) {
            return;
        }
        if (!previous.isEmpty() && u.partial.startsWith(previous)) {
            out.transcriptionDelta(u.itemId, u.partial.substring(previous.length()), false, u.partial);
        } else {
            out.transcriptionDelta(u.itemId, u.partial, !previous.isEmpty(), u.partial);
        }
    }

    private void evaluateCandidate(Utterance u) {
        BargeInPolicy.Decision d = policy.evaluate(u.voicedMs, u.partial, transcriber.supportsPartials());
        if (d == BargeInPolicy.Decision.INTERRUPT) {
            interrupt("turn_detected");
            promoteToUserTurn(u);
        }
    }

    /** A confirmed candidate (or one left alone when the agent finished) becomes the user's turn. */
    private void promoteToUserTurn(Utterance u) {
        u.candidate = false;
        setState(DuplexState.USER_SPEAKING);
        out.speechStarted(u.itemId, u.startMs);
        emitDelta(u, "");
    }

    private void endTurn(Utterance u) {
        cur = null;
        u.turnEndNanos = env.nanoClock().getAsLong();
        if (u.candidate) {
            u.stream.finish().whenComplete((t, e) -> actor.execute(() -> onCandidateFinal(u, t, e)));
            return;
        }
        setState(DuplexState.THINKING);
        out.speechStopped(u.itemId, u.lastVoicedEndMs);
        u.stream.finish().whenComplete((t, e) -> actor.execute(() -> onFinal(u, t, e)));
    }

    private void onFinal(Utterance u, Transcript t, Throwable e) {
        if (state == DuplexState.CLOSED) {
            return;
        }
        String text = "";
        if (e != null) {
            out.error("transcription_failed", "Recognition failed: " + e.getMessage());
        } else {
            text = t.text();
        }
        out.transcriptionCompleted(u.itemId, text, u.startMs, u.lastVoicedEndMs);
        if (text.isBlank()) {
            if (resp == null && cur == null) {
                setState(DuplexState.LISTENING);
            }
            return;
        }
        startResponse(u, text);
    }

    private void onCandidateFinal(Utterance u, Transcript t, Throwable e) {
        if (state == DuplexState.CLOSED) {
            return;
        }
        String text = e == null ? t.text() : "";
        boolean agentBusy = resp != null;
        boolean interrupt = agentBusy && policy.onEnded(u.voicedMs, text) == BargeInPolicy.Decision.INTERRUPT;
        if (interrupt) {
            interrupt("turn_detected");
        }
        if (interrupt || (!agentBusy && !text.isBlank())) {
            // A real user turn: announce it as one, then answer it.
            out.speechStarted(u.itemId, u.startMs);
            out.speechStopped(u.itemId, u.lastVoicedEndMs);
            out.transcriptionCompleted(u.itemId, text, u.startMs, u.lastVoicedEndMs);
            startResponse(u, text);
            return;
        }
        out.bargeInRejected(u.itemId, text);
        if (cur == null) {
            setState(
                    resp == null
                            ? DuplexState.LISTENING
                            : resp.audioStarted ? DuplexState.SPEAKING : DuplexState.THINKING);
        }
    }

    // ---- response -----------------------------------------------------------------------------------------------

    private void startResponse(Utterance u, String text) {
        Response r = new Response(++epochs, u.turnEndNanos);
        r.createdNanos = env.nanoClock().getAsLong();
        r.responseId = "resp_" + sessionTag + "_" + r.epoch;
        resp = r;
        liveEpoch = r.epoch;
        setState(cur != null && !cur.candidate ? DuplexState.USER_SPEAKING : DuplexState.THINKING);
        out.responseCreated(r.responseId, r.epoch, u.itemId);
        startTicking();
        r.handle = agent.respond(requests.apply(text), new AgentClient.AgentListener() {
            @Override
            public void onDelta(String delta) {
                actor.execute(() -> onAgentDelta(r, delta));
            }

            @Override
            public void onComplete() {
                actor.execute(() -> onAgentComplete(r));
            }

            @Override
            public void onError(Throwable error) {
                actor.execute(() -> onAgentError(r, error));
            }
        });
    }

    private void onAgentDelta(Response r, String delta) {
        if (r != resp || r.agentDone) {
            return;
        }
        if (r.firstTextNanos == 0) {
            r.firstTextNanos = env.nanoClock().getAsLong();
        }
        r.fullText.append(delta);
        for (String piece : r.segmenter.add(delta)) {
            submit(r, piece);
        }
    }

    private void onAgentComplete(Response r) {
        if (r != resp || r.agentDone) {
            return;
        }
        for (String piece : r.segmenter.flush()) {
            submit(r, piece);
        }
        r.agentDone = true;
        pump();
    }

    private void onAgentError(Response r, Throwable error) {
        if (r != resp || r.agentDone) {
            return;
        }
        out.error("agent_failed", "The agent could not answer: " + error.getMessage());
        r.agentDone = true;
        r.failure = String.valueOf(error.getMessage());
        pump();
    }

    private void submit(Response r, String text) {
        int seq = r.submitted++;
        long epoch = r.epoch;
        env.synthesisExecutor().execute(() -> {
            if (liveEpoch != epoch) {
                return; // interrupted before its turn: dropped
            }
            short[] pcm;
            try {
                pcm = synthesizer.synthesize(text);
            } catch (RuntimeException e) {
                actor.execute(() -> {
                    if (r == resp) {
                        out.error("synthesis_failed", "Speech synthesis failed: " + e.getMessage());
                        r.ready.put(seq, new Segment(text, new short[0]));
                        pump();
                    }
                });
                return;
            }
            actor.execute(() -> {
                if (r == resp) {
                    if (seq == 0) {
                        r.firstSegmentNanos = env.nanoClock().getAsLong();
                    }
                    r.ready.put(seq, new Segment(text, seq == 0 ? trimLeadingSilence(pcm) : pcm));
                    pump();
                }
            });
        });
    }

    /** Sends what the lead allows, advances the modelled playhead, and finishes a response played to its end. */
    private void pump() {
        Response r = resp;
        if (r == null || state == DuplexState.CLOSED) {
            return;
        }
        long now = env.nanoClock().getAsLong();
        advancePlayhead(r, now);
        while (r.sentSamples < r.playhead + leadSamples) {
            if (r.current == null) {
                Segment next = r.ready.remove(r.nextToPlay);
                if (next == null) {
                    break;
                }
                r.nextToPlay++;
                r.current = next;
                next.startSample = r.sentSamples;
                r.played.add(next);
                out.responseTextDelta(r.responseId, (r.nextToPlay > 1 ? " " : "") + next.text);
                if (next.pcm.length == 0) {
                    next.endSample = r.sentSamples;
                    r.current = null;
                    continue;
                }
            }
            Segment s = r.current;
            int n = (int) Math.min(
                    Math.min(chunkSamples, s.pcm.length - r.position), r.playhead + leadSamples - r.sentSamples);
            n = Math.max(n, 1);
            short[] chunk = Arrays.copyOfRange(s.pcm, r.position, r.position + n);
            if (!r.audioStarted) {
                r.audioStarted = true;
                r.firstAudioNanos = now;
                r.lastAdvanceNanos = now;
                r.outputStartSamples = outputSamples;
                if (state == DuplexState.THINKING) {
                    setState(DuplexState.SPEAKING);
                }
            }
            out.responseAudio(r.responseId, chunk);
            r.sentSamples += n;
            outputSamples += n;
            r.position += n;
            if (r.position == s.pcm.length) {
                s.endSample = r.sentSamples;
                r.current = null;
                r.position = 0;
            }
        }
        boolean allPlayed = r.agentDone && r.current == null && r.nextToPlay == r.submitted;
        if (allPlayed && r.playhead >= r.sentSamples) {
            finish(r, r.failure == null ? "completed" : "failed", r.failure);
            afterResponse();
        }
    }

    private void advancePlayhead(Response r, long now) {
        if (r.audioStarted) {
            long elapsed = (now - r.lastAdvanceNanos) * Pcm.SAMPLE_RATE / 1_000_000_000L;
            if (elapsed > 0) {
                r.playhead = Math.min(r.sentSamples, r.playhead + elapsed);
                r.lastAdvanceNanos += elapsed * 1_000_000_000L / Pcm.SAMPLE_RATE;
            }
        }
    }

    /** Stops the current response now: nothing more is sent, synthesis is dropped, the generation is cancelled. */
    private void interrupt(String reason) {
        Response r = resp;
        if (r == null) {
            return;
        }
        advancePlayhead(r, env.nanoClock().getAsLong());
        liveEpoch = -1;
        r.cancelGeneration();
        String heard = heardText(r);
        if ("turn_detected".equals(reason)) {
            out.bargeInConfirmed(
                    cur == null ? null : cur.itemId,
                    cur == null ? "" : cur.partial,
                    r.responseId,
                    r.epoch,
                    heard,
                    Pcm.millis(r.playhead));
        }
        finish(r, "cancelled", reason);
    }

    private void finish(Response r, String status, String reason) {
        resp = null;
        liveEpoch = -1;
        stopTicking();
        String heard = "completed".equals(status) ? r.playedText() : heardText(r);
        out.responseDone(new DuplexListener.ResponseSummary(
                r.responseId,
                r.epoch,
                status,
                reason,
                r.fullText.toString(),
                heard,
                Pcm.millis(r.playhead),
                Pcm.millis(r.outputStartSamples),
                r.audioStarted ? (r.firstAudioNanos - r.turnEndNanos) / 1_000_000 : -1,
                new DuplexListener.Timings(
                        since(r, r.createdNanos), since(r, r.firstTextNanos), since(r, r.firstSegmentNanos))));
    }

    private static long since(Response r, long nanos) {
        return nanos == 0 ? -1 : (nanos - r.turnEndNanos) / 1_000_000;
    }

    /** After a response ended: the user's candidate speech (if any) becomes their turn, else listen. */
    private void afterResponse() {
        if (state == DuplexState.CLOSED) {
            return;
        }
        if (cur != null) {
            if (cur.candidate) {
                promoteToUserTurn(cur);
            } else {
                setState(DuplexState.USER_SPEAKING);
            }
        } else {
            setState(DuplexState.LISTENING);
        }
    }

    /** The words of the played segments, the last one cut in proportion to how much of its audio was played. */
    static String heardText(Response r) {
        StringBuilder sb = new StringBuilder();
        for (Segment s : r.played) {
            if (s.startSample >= r.playhead && s.pcm.length > 0) {
                break;
            }
            long end = s.endSample >= 0 ? s.endSample : s.startSample + s.pcm.length;
            if (end <= r.playhead) {
                append(sb, s.text);
            } else {
                String[] words = s.text.split("\\s+");
                double fraction = (double) (r.playhead - s.startSample) / Math.max(1, s.pcm.length);
                int n = (int) Math.floor(words.length * fraction);
                append(sb, String.join(" ", Arrays.asList(words).subList(0, n)));
                break;
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String text) {
        if (text.isBlank()) {
            return;
        }
        if (!sb.isEmpty()) {
            sb.append(' ');
        }
        sb.append(text.strip());
    }

    private static short[] trimLeadingSilence(short[] pcm) {
        int i = 0;
        while (i < pcm.length && Math.abs(pcm[i]) <= FIRST_AUDIBLE) {
            i++;
        }
        int keep = Math.max(0, i - Pcm.samples(10));
        return keep == 0 ? pcm : Arrays.copyOfRange(pcm, keep, pcm.length);
    }

    private void startTicking() {
        if (env.timer() != null && ticking == null) {
            long ms = settings.tick().toMillis();
            ticking = env.timer().scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void stopTicking() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    private void setState(DuplexState to) {
        DuplexState from = state;
        if (from == to || from == DuplexState.CLOSED) {
            return;
        }
        state = to;
        out.stateChanged(from, to);
    }

    // ---- state holders ------------------------------------------------------------------------------------------

    private static final class Utterance {
        final String itemId;
        final long startMs;
        boolean candidate;
        TranscriptionStream stream;
        long voicedMs;
        long lastVoicedEndMs;
        long turnEndNanos;
        String partial = "";

        Utterance(String itemId, long startMs, boolean candidate) {
            this.itemId = itemId;
            this.startMs = startMs;
            this.candidate = candidate;
        }
    }

    static final class Segment {
        final String text;
        final short[] pcm;
        long startSample = -1;
        long endSample = -1;

        Segment(String text, short[] pcm) {
            this.text = text;
            this.pcm = pcm;
        }
    }

    static final class Response {
        final long epoch;
        final long turnEndNanos;
        final Segmenter segmenter = new Segmenter();
        final StringBuilder fullText = new StringBuilder();
        final Map<Integer, Segment> ready = new HashMap<>();
        final List<Segment> played = new ArrayList<>();
        String responseId;
        AgentClient.AgentResponse handle;
        boolean agentDone;
        String failure;
        int submitted;
        int nextToPlay;
        Segment current;
        int position;
        boolean audioStarted;
        long firstAudioNanos;
        long lastAdvanceNanos;
        long sentSamples;
        long playhead;
        long outputStartSamples;
        long createdNanos;
        long firstTextNanos;
        long firstSegmentNanos;

        Response(long epoch, long turnEndNanos) {
            this.epoch = epoch;
            this.turnEndNanos = turnEndNanos;
        }

        void cancelGeneration() {
            if (handle != null) {
                handle.cancel();
            }
        }

        String playedText() {
            StringBuilder sb = new StringBuilder();
            for (Segment s : played) {
                append(sb, s.text);
            }
            return sb.toString();
        }
    }
}
