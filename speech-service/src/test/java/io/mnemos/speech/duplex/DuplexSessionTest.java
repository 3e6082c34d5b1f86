package io.mnemos.speech.duplex;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.speech.agent.AgentClient;
import io.mnemos.speech.agent.AgentRequest;
import io.mnemos.speech.asr.Transcriber;
import io.mnemos.speech.asr.Transcript;
import io.mnemos.speech.asr.TranscriptionStream;
import io.mnemos.speech.tts.Synthesizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The duplex state machine with scripted recognition, synthesis and agent, on a fake clock and synthetic audio. */
class DuplexSessionTest {

    /** Recognises whatever the test says is being said. */
    static final class ScriptedTranscriber implements Transcriber {
        volatile String text = "";
        int opened;

        @Override
        public TranscriptionStream open(Consumer<Transcript> partials) {
            opened++;
            return new TranscriptionStream() {
                String last = "";
                boolean done;

                @Override
                public void accept(short[] samples) {
                    if (!done && !text.equals(last)) {
                        last = text;
                        partials.accept(new Transcript(text, false, 0, 0));
                    }
                }

                @Override
                public CompletableFuture<Transcript> finish() {
                    done = true;
                    return CompletableFuture.completedFuture(new Transcript(text, true, 0, 0));
                }

                @Override
                public void cancel() {
                    done = true;
                }

                @Override
                public Transcript latest() {
                    return new Transcript(last, false, 0, 0);
                }
            };
        }
    }

    /** 200 ms of a loud tone per word. */
    static final class ToneSynthesizer implements Synthesizer {
        final List<String> spoken = new ArrayList<>();

        @Override
        public synchronized short[] synthesize(String text) {
            spoken.add(text);
            short[] pcm = new short[text.split("\\s+").length * 3200];
            for (int i = 0; i < pcm.length; i++) {
                pcm[i] = (short) (8000 * Math.sin(i * 0.1));
            }
            return pcm;
        }
    }

    /** Answers at once with a fixed text, word by word. */
    static final class ScriptedAgent implements AgentClient {
        String answer = "It is sunny in Paris today. Tomorrow it will rain a little. Take an umbrella with you.";
        final List<String> asked = new ArrayList<>();
        final AtomicInteger cancelled = new AtomicInteger();

        @Override
        public AgentResponse respond(AgentRequest request, AgentListener listener) {
            asked.add(request.text());
            String[] words = answer.split(" ");
            for (int i = 0; i < words.length; i++) {
                listener.onDelta((i == 0 ? "" : " ") + words[i]);
            }
            listener.onComplete();
            return cancelled::incrementAndGet;
        }
    }

    /** Records what the session reports. */
    static final class Recorder implements DuplexListener {
        final List<String> events = new ArrayList<>();
        final List<DuplexState> states = new ArrayList<>();
        final List<ResponseSummary> done = new ArrayList<>();
        final List<String> completed = new ArrayList<>();
        long audioSamples;
        long stoppedAtInputMs = -1;
        DuplexSession session;

        @Override
        public void stateChanged(DuplexState from, DuplexState to) {
            states.add(to);
        }

        @Override
        public void speechStarted(String itemId, long audioStartMs) {
            events.add("speech_started");
        }

        @Override
        public void speechStopped(String itemId, long audioEndMs) {
            events.add("speech_stopped");
            stoppedAtInputMs = session.inputMs();
        }

        @Override
        public void transcriptionDelta(String itemId, String delta, boolean replaced, String text) {}

        @Override
        public void transcriptionCompleted(String itemId, String transcript, long s, long e) {
            events.add("completed:" + transcript);
            completed.add(transcript);
        }

        @Override
        public void responseCreated(String responseId, long epoch, String userItemId) {
            events.add("response_created:" + epoch);
        }

        @Override
        public void responseTextDelta(String responseId, String delta) {}

        @Override
        public void responseAudio(String responseId, short[] pcm) {
            audioSamples += pcm.length;
        }

        @Override
        public void responseDone(ResponseSummary summary) {
            events.add("response_done:" + summary.status());
            done.add(summary);
        }

        @Override
        public void bargeInCandidate(String itemId, long audioStartMs) {
            events.add("candidate");
        }

        @Override
        public void bargeInRejected(String itemId, String transcript) {
            events.add("rejected:" + transcript);
        }

        @Override
        public void bargeInConfirmed(
                String itemId, String transcript, String responseId, long epoch, String heard, long playedMs) {
            events.add("confirmed");
        }

        @Override
        public void error(String code, String message) {
            events.add("error:" + code);
        }
    }

    private final ScriptedTranscriber asr = new ScriptedTranscriber();
    private final ToneSynthesizer tts = new ToneSynthesizer();
    private final ScriptedAgent agent = new ScriptedAgent();
    private final Recorder rec = new Recorder();
    private final long[] nanos = {0};
    private final ArrayDeque<Runnable> synthesisQueue = new ArrayDeque<>();
    private boolean manualSynthesis;
    private DuplexSession session;

    @BeforeEach
    void setUp() {
        Identity id = Identity.of("acme", "u1", "memory:write");
        UUID sid = UUID.randomUUID();
        session = new DuplexSession(
                "t",
                DuplexSession.Settings.defaults(),
                asr,
                tts,
                agent,
                text -> new AgentRequest(sid, text, id, () -> "token"),
                rec,
                new DuplexSession.Environment(
                        Runnable::run,
                        null,
                        r -> {
                            if (manualSynthesis) {
                                synthesisQueue.add(r);
                            } else {
                                r.run();
                            }
                        },
                        () -> nanos[0]));
        rec.session = session;
    }

    private static short[] frame(double amplitude) {
        short[] f = new short[512];
        java.util.Random r = new java.util.Random(f.length + (long) amplitude);
        for (int i = 0; i < f.length; i++) {
            f[i] = (short) (amplitude * Math.sin(2 * Math.PI * 150 * i / 16000.0) + 20 * r.nextGaussian());
        }
        return f;
    }

    /** Feeds {@code ms} of audio, advancing the clock in real time and ticking playback. */
    private void feed(long ms, double amplitude) {
        for (long t = 0; t < ms; t += 32) {
            session.audio(frame(amplitude));
            nanos[0] += 32_000_000L;
            session.tick();
        }
    }

    private void speak(long ms) {
        feed(ms, 4000);
    }

    private void silence(long ms) {
        feed(ms, 0);
    }

    @Test
    void userTurnThenAgentAnswerPlayedToTheEnd() {
        silence(500);
        asr.text = "what is the weather in paris";
        speak(1200);
        assertThat(session.state()).isEqualTo(DuplexState.USER_SPEAKING);
        silence(500); // the transcript looks complete: the semantic silence (400 ms) ends the turn
        assertThat(rec.events)
                .containsSubsequence(
                        "speech_started",
                        "speech_stopped",
                        "completed:what is the weather in paris",
                        "response_created:1");
        assertThat(agent.asked).containsExactly("what is the weather in paris");
        assertThat(session.state()).isEqualTo(DuplexState.SPEAKING);
        silence(6000); // let it play
        assertThat(rec.done).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("completed");
            assertThat(d.heardText()).isEqualTo(agent.answer);
            assertThat(d.turnEndToFirstAudioMs()).isZero(); // synchronous fakes: no processing delay
        });
        assertThat(rec.audioSamples).isEqualTo(agent.answer.split(" ").length * 3200L);
        assertThat(session.state()).isEqualTo(DuplexState.LISTENING);
        assertThat(rec.states)
                .containsSubsequence(
                        DuplexState.USER_SPEAKING, DuplexState.THINKING, DuplexState.SPEAKING, DuplexState.LISTENING);
    }

    @Test
    void anUnfinishedSentenceWaitsForTheFullEndOfTurnSilence() {
        silence(300);
        asr.text = "i would like to";
        speak(1000);
        long speechEnd = session.inputMs();
        silence(600);
        assertThat(rec.events).doesNotContain("speech_stopped");
        silence(400);
        assertThat(rec.events).contains("speech_stopped");
        // 800 ms after the last voiced frame, give or take a frame
        assertThat(rec.stoppedAtInputMs - speechEnd).isBetween(800L, 840L);
    }

    @Test
    void aBackchannelDoesNotStopTheAgent() {
        silence(300);
        asr.text = "what is the weather in paris";
        speak(1000);
        silence(500);
        assertThat(session.state()).isEqualTo(DuplexState.SPEAKING);
        asr.text = "uh-huh yeah";
        speak(700);
        assertThat(session.state()).isEqualTo(DuplexState.CANDIDATE_BARGE_IN);
        silence(1000);
        assertThat(rec.events).contains("candidate", "rejected:uh-huh yeah").doesNotContain("confirmed");
        assertThat(agent.cancelled).hasValue(0);
        silence(6000);
        assertThat(rec.done).singleElement().satisfies(d -> assertThat(d.status())
                .isEqualTo("completed"));
        assertThat(rec.states)
                .containsSubsequence(
                        DuplexState.SPEAKING,
                        DuplexState.CANDIDATE_BARGE_IN,
                        DuplexState.SPEAKING,
                        DuplexState.LISTENING);
    }

    @Test
    void shortNoiseMakesNoCandidateAndSpeechWithoutWordsIsRejected() {
        silence(300);
        asr.text = "what is the weather in paris";
        speak(1000);
        silence(500);
        feed(64, 6000); // two loud frames: a click
        silence(300);
        assertThat(rec.events).doesNotContain("candidate");
        asr.text = ""; // a long noise the recogniser finds no words in
        speak(800);
        silence(1000);
        assertThat(rec.events).contains("candidate", "rejected:");
        assertThat(agent.cancelled).hasValue(0);
    }

    @Test
    void aRealInterruptionStopsPlaybackDropsSynthesisAndCancelsTheAgent() {
        manualSynthesis = true;
        silence(300);
        asr.text = "what is the weather in paris";
        speak(1000);
        silence(500);
        // three segments are queued for synthesis; synthesise only the first two
        assertThat(synthesisQueue).hasSize(3);
        synthesisQueue.poll().run();
        synthesisQueue.poll().run();
        silence(600); // the agent speaks for a while
        long audioBefore = rec.audioSamples;
        asr.text = "no tell me about tomorrow instead";
        speak(300);
        assertThat(session.state()).isEqualTo(DuplexState.CANDIDATE_BARGE_IN);
        speak(400); // now ≥ 600 ms of speech with enough words
        assertThat(rec.events).contains("confirmed");
        assertThat(agent.cancelled).hasValue(1);
        assertThat(session.state()).isEqualTo(DuplexState.USER_SPEAKING);
        DuplexListener.ResponseSummary d = rec.done.getFirst();
        assertThat(d.status()).isEqualTo("cancelled");
        assertThat(d.reason()).isEqualTo("turn_detected");
        assertThat(agent.answer).startsWith(d.heardText());
        assertThat(d.heardText()).isNotEmpty().isNotEqualTo(agent.answer);
        // nothing more is sent, and the queued third segment is never synthesised
        long audioAtStop = rec.audioSamples;
        speak(300);
        assertThat(rec.audioSamples).isEqualTo(audioAtStop).isGreaterThan(audioBefore);
        synthesisQueue.poll().run();
        assertThat(tts.spoken).hasSize(2);
        // the interruption is the user's next turn
        silence(900);
        assertThat(rec.completed).contains("no tell me about tomorrow instead");
        assertThat(rec.events).contains("response_created:2");
    }

    @Test
    void heardTextIsCutWhereThePlayheadIs() {
        silence(300);
        asr.text = "what is the weather in paris";
        speak(1000);
        silence(400);
        silence(1100); // ~1.1 s of the first segment (6 words × 200 ms = 1.2 s) has played
        session.cancelResponse();
        DuplexListener.ResponseSummary d = rec.done.getFirst();
        assertThat(d.reason()).isEqualTo("client_cancelled");
        assertThat(d.heardText()).isIn("It is sunny in Paris", "It is sunny in Paris today.");
    }

    @Test
    void outOfOrderCommandsAreErrors() {
        session.commit();
        session.cancelResponse();
        assertThat(rec.events)
                .containsExactly("error:input_audio_buffer_commit_empty", "error:response_cancel_not_active");
    }

    @Test
    void noiseWithoutWordsEndsTheTurnWithoutAResponse() {
        silence(300);
        asr.text = "";
        speak(600);
        silence(1000);
        assertThat(rec.events).contains("completed:").doesNotContain("response_created:1");
        assertThat(session.state()).isEqualTo(DuplexState.LISTENING);
    }

    @Test
    void closingStopsEverything() {
        silence(300);
        asr.text = "what is the weather in paris";
        speak(1000);
        silence(500);
        session.close();
        assertThat(session.state()).isEqualTo(DuplexState.CLOSED);
        assertThat(agent.cancelled).hasValue(1);
        long audio = rec.audioSamples;
        silence(1000);
        assertThat(rec.audioSamples).isEqualTo(audio);
    }
}
