package io.mnemos.speech;

import io.mnemos.speech.duplex.BargeInPolicy;
import io.mnemos.speech.duplex.DuplexSession;
import io.mnemos.speech.vad.VoiceActivityDetector;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of speech-service ({@code mnemos.speech.*}).
 *
 * @param orchestratorUrl base URL of the orchestrator, which answers the user's turns
 * @param agentTimeout    longest wait for the orchestrator's answer to one turn
 * @param asr             speech recognition
 * @param tts             speech synthesis
 * @param turn            voice activity detection and end of turn
 * @param bargeIn         when user speech interrupts the agent
 * @param session         WebSocket session limits and pacing
 */
@Validated
@ConfigurationProperties("mnemos.speech")
public record SpeechProperties(
        @DefaultValue("http://127.0.0.1:8081") @NotNull URI orchestratorUrl,
        @DefaultValue("60s") @NotNull Duration agentTimeout,
        @DefaultValue @Valid Asr asr,
        @DefaultValue @Valid Tts tts,
        @DefaultValue @Valid Turn turn,
        @DefaultValue @Valid BargeIn bargeIn,
        @DefaultValue @Valid Session session) {

    /**
     * Recognition.
     *
     * @param engine       {@code pocketsphinx} (in-process, FFM) or {@code openai} (an OpenAI-compatible server)
     * @param modelDir     directory of the pocketsphinx en-US model ({@code pocketsphinx-en-us})
     * @param live         first search pass only ({@code -fwdflat no -bestpath no}): ~20× faster end of utterance,
     *                     somewhat higher WER
     * @param extraArgs    further pocketsphinx arguments, e.g. {@code [-maxhmmpf, 3000]}
     * @param maxDecoders  native decoders kept (each holds the models, tens of MB); bounds concurrent utterances
     * @param threads      recognition worker threads (platform threads)
     * @param partialEvery how often (in audio) a partial hypothesis is read
     * @param openai       the server for engine {@code openai}
     */
    public record Asr(
            @DefaultValue("pocketsphinx") @NotNull String engine,
            @DefaultValue("/usr/share/pocketsphinx/model/en-us") @NotNull Path modelDir,
            @DefaultValue("true") boolean live,
            @DefaultValue List<String> extraArgs,
            @DefaultValue("4") @Min(1) int maxDecoders,
            @DefaultValue("2") @Min(1) int threads,
            @DefaultValue("160ms") @NotNull Duration partialEvery,
            @DefaultValue @Valid OpenAi openai) {}

    /**
     * Synthesis.
     *
     * @param engine  {@code freetts} (in-process, kevin16) or {@code openai}
     * @param workers parallel synthesis workers shared by all sessions (synthesise ahead; playback stays in order)
     * @param openai  the server for engine {@code openai}
     */
    public record Tts(
            @DefaultValue("freetts") @NotNull String engine,
            @DefaultValue("2") @Min(1) int workers,
            @DefaultValue @Valid OpenAi openai) {}

    /**
     * An OpenAI-compatible audio server.
     *
     * @param baseUrl  server root (the {@code /v1/audio/...} path is appended)
     * @param apiKey   bearer token; blank for none
     * @param model    model name
     * @param voice    voice for synthesis
     * @param language language hint for recognition
     * @param timeout  per-request timeout
     */
    public record OpenAi(
            @DefaultValue("http://127.0.0.1:8000") @NotNull URI baseUrl,
            @DefaultValue("") String apiKey,
            @DefaultValue("whisper-1") String model,
            @DefaultValue("alloy") String voice,
            @DefaultValue("en") String language,
            @DefaultValue("30s") Duration timeout) {}

    /**
     * Voice activity and end of turn.
     *
     * @param endOfTurnSilence silence that ends the user's turn
     * @param semanticSilence  shorter silence that ends a turn whose transcript already reads as complete
     * @param semanticMinWords words an unpunctuated transcript needs to count as complete
     * @param preRoll          audio before the detected onset replayed into recognition
     * @param vadOnsetDb       dB above the noise floor to start speech
     * @param vadOffsetDb      dB above the noise floor to stay in speech
     * @param vadMinEnergyDb   absolute minimum frame energy for speech (dBFS)
     * @param vadHangover      silence before the VAD leaves speech
     */
    public record Turn(
            @DefaultValue("800ms") @NotNull Duration endOfTurnSilence,
            @DefaultValue("400ms") @NotNull Duration semanticSilence,
            @DefaultValue("3") @Min(1) int semanticMinWords,
            @DefaultValue("960ms") @NotNull Duration preRoll,
            @DefaultValue("14.0") double vadOnsetDb,
            @DefaultValue("3.0") double vadOffsetDb,
            @DefaultValue("-58.0") double vadMinEnergyDb,
            @DefaultValue("352ms") @NotNull Duration vadHangover) {}

    /**
     * Barge-in.
     *
     * @param minSpeech            voiced speech needed before an interruption
     * @param minWords             non-backchannel words needed
     * @param minSpeechWithoutText speech that suffices alone when the recogniser gives no partials
     * @param backchannels         words that never interrupt; empty = the built-in list
     * @param stopWords            words that interrupt on their own
     */
    public record BargeIn(
            @DefaultValue("600ms") @NotNull Duration minSpeech,
            @DefaultValue("2") @Min(1) int minWords,
            @DefaultValue("1200ms") @NotNull Duration minSpeechWithoutText,
            @DefaultValue Set<String> backchannels,
            @DefaultValue({"stop", "wait", "pause"}) Set<String> stopWords) {}

    /**
     * WebSocket sessions.
     *
     * @param maxSessions        concurrent sessions; more are refused (close 1013)
     * @param maxDuration        session length limit (close 1000 with a reason)
     * @param idleTimeout        close after this long without input
     * @param maxFrame           largest binary audio frame / decoded append (PCM16 bytes)
     * @param maxTextMessage     largest JSON message
     * @param maxInputAhead      how far audio may run ahead of real time (bursts); beyond it the client is closed
     * @param outboundBuffer     output queued for a slow client before it is closed
     * @param sendTimeout        a blocked send longer than this closes the client
     * @param playbackLead       audio sent ahead of the client's playhead
     * @param maxProtocolErrors  protocol errors tolerated before closing (1008)
     * @param resumeGrace        how long a session whose socket dropped waits for the client to reconnect and resume
     * @param resumeBuffer       JSON events kept (until acknowledged) for a resume; when more are unacknowledged, the
     *                           oldest are dropped and resuming from before them is refused
     */
    public record Session(
            @DefaultValue("8") @Min(1) int maxSessions,
            @DefaultValue("30m") @NotNull Duration maxDuration,
            @DefaultValue("2m") @NotNull Duration idleTimeout,
            @DefaultValue("64KB") @NotNull DataSize maxFrame,
            @DefaultValue("256KB") @NotNull DataSize maxTextMessage,
            @DefaultValue("5s") @NotNull Duration maxInputAhead,
            @DefaultValue("1MB") @NotNull DataSize outboundBuffer,
            @DefaultValue("5s") @NotNull Duration sendTimeout,
            @DefaultValue("200ms") @NotNull Duration playbackLead,
            @DefaultValue("10") @Min(1) int maxProtocolErrors,
            @DefaultValue("30s") @NotNull Duration resumeGrace,
            @DefaultValue("4MB") @NotNull DataSize resumeBuffer) {}

    /** The duplex session settings these properties describe. */
    public DuplexSession.Settings duplexSettings() {
        VoiceActivityDetector.Settings d = VoiceActivityDetector.Settings.defaults();
        VoiceActivityDetector.Settings vad = new VoiceActivityDetector.Settings(
                turn.vadOnsetDb(),
                turn.vadOffsetDb(),
                turn.vadMinEnergyDb(),
                d.zcrMax(),
                d.startFrames(),
                (int) turn.vadHangover().toMillis(),
                d.floorRiseRate(),
                d.floorFallRate());
        BargeInPolicy.Settings b = BargeInPolicy.Settings.defaults();
        BargeInPolicy.Settings bargeInSettings = new BargeInPolicy.Settings(
                bargeIn.minSpeech(),
                bargeIn.minWords(),
                bargeIn.minSpeechWithoutText(),
                bargeIn.backchannels() == null || bargeIn.backchannels().isEmpty()
                        ? b.backchannels()
                        : bargeIn.backchannels(),
                bargeIn.stopWords() == null ? Set.of() : bargeIn.stopWords());
        DuplexSession.Settings def = DuplexSession.Settings.defaults();
        return new DuplexSession.Settings(
                vad,
                turn.preRoll(),
                turn.endOfTurnSilence(),
                turn.semanticSilence(),
                turn.semanticMinWords(),
                bargeInSettings,
                session.playbackLead(),
                def.playbackChunk(),
                def.tick());
    }
}
