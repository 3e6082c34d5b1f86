package io.mnemos.speech.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.mnemos.speech.asr.Transcript;
import io.mnemos.speech.asr.TranscriptionStream;
import io.mnemos.speech.audio.Pcm;
import io.mnemos.speech.audio.Wav;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL TEST — the OpenAI-compatible engines against a local HTTP endpoint this test runs (no real model): checks
 * the requests they send ({@code /v1/audio/transcriptions} multipart with a WAV file, {@code /v1/audio/speech} JSON)
 * and how they read the answers and errors. It says nothing about recognition or voice quality.
 */
class OpenAiProtocolTest {
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile byte[] wavAnswer;
    private volatile byte[] lastBody;
    private volatile String lastAuth;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/audio/transcriptions", ex -> {
            lastBody = ex.getRequestBody().readAllBytes();
            lastAuth = ex.getRequestHeaders().getFirst("Authorization");
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " "
                    + ex.getRequestHeaders().getFirst("Content-Type"));
            byte[] body = status == 200
                    ? "{\"text\":\"Hello there, general Kenobi.\"}".getBytes(StandardCharsets.UTF_8)
                    : "{\"error\":{\"message\":\"model overloaded\"}}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/v1/audio/speech", ex -> {
            lastBody = ex.getRequestBody().readAllBytes();
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " "
                    + ex.getRequestHeaders().getFirst("Content-Type"));
            byte[] body = status == 200 ? wavAnswer : "bad voice".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OpenAiHttp.Endpoint endpoint(String model) {
        return new OpenAiHttp.Endpoint(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                "sk-test",
                model,
                Duration.ofSeconds(10));
    }

    @Test
    void transcriberSendsTheUtteranceAsAWavFileWhenItEnds() throws Exception {
        OpenAiTranscriber t = new OpenAiTranscriber(endpoint("whisper-1"), "en");
        assertThat(t.supportsPartials()).isFalse();
        List<Transcript> partials = new CopyOnWriteArrayList<>();
        TranscriptionStream s = t.open(partials::add);
        short[] audio = new short[16000];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (short) (1000 * Math.sin(i * 0.05));
        }
        s.accept(audio);
        s.accept(audio);
        assertThat(requests).as("nothing is sent before the utterance ends").isEmpty();
        Transcript result = s.finish().get(10, TimeUnit.SECONDS);
        assertThat(result.text()).isEqualTo("Hello there, general Kenobi.");
        assertThat(result.isFinal()).isTrue();
        assertThat(result.audioMs()).isEqualTo(2000);
        assertThat(partials).isEmpty();
        assertThat(requests).singleElement().asString().startsWith("POST /v1/audio/transcriptions multipart/form-data");
        assertThat(lastAuth).isEqualTo("Bearer sk-test");
        String body = new String(lastBody, StandardCharsets.ISO_8859_1);
        assertThat(body)
                .contains(
                        "name=\"model\"\r\n\r\nwhisper-1",
                        "name=\"language\"\r\n\r\nen",
                        "name=\"response_format\"\r\n\r\njson",
                        "filename=\"audio.wav\"",
                        "Content-Type: audio/wav",
                        "RIFF");
        int riff = body.indexOf("RIFF");
        short[] sent = Wav.decode(java.util.Arrays.copyOfRange(lastBody, riff, riff + 44 + 64000));
        assertThat(sent).hasSize(32000);
        assertThat(sent[100]).isEqualTo(audio[100]);
    }

    @Test
    void emptyUtteranceIsNotSentAndServerErrorsSurface() throws Exception {
        OpenAiTranscriber t = new OpenAiTranscriber(endpoint("whisper-1"), null);
        assertThat(t.open(x -> {}).finish().get().text()).isEmpty();
        assertThat(requests).isEmpty();
        status = 503;
        TranscriptionStream s = t.open(x -> {});
        s.accept(new short[1600]);
        assertThatThrownBy(() -> s.finish().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(OpenAiHttp.RemoteAudioException.class)
                .hasMessageContaining("503")
                .hasMessageContaining("model overloaded");
    }

    @Test
    void synthesizerPostsJsonAndDecodesAWavAnswerTo16kHz() {
        short[] at24k = new short[24000];
        for (int i = 0; i < at24k.length; i++) {
            at24k[i] = (short) (3000 * Math.sin(i * 0.02));
        }
        wavAnswer = wav24k(at24k);
        OpenAiSynthesizer s = new OpenAiSynthesizer(endpoint("tts-1"), "alloy");
        short[] pcm = s.synthesize("Hello, world.");
        assertThat(pcm.length).isEqualTo(Pcm.SAMPLE_RATE); // 1 s, resampled from 24 kHz
        assertThat(requests).singleElement().asString().isEqualTo("POST /v1/audio/speech application/json");
        assertThat(new String(lastBody, StandardCharsets.UTF_8))
                .isEqualTo("{\"model\":\"tts-1\",\"input\":\"Hello, world.\",\"voice\":\"alloy\","
                        + "\"response_format\":\"wav\"}");
        assertThat(s.synthesize(" ")).isEmpty();
        status = 400;
        assertThatThrownBy(() -> s.synthesize("x"))
                .isInstanceOf(OpenAiHttp.RemoteAudioException.class)
                .satisfies(e -> assertThat(((OpenAiHttp.RemoteAudioException) e).retriable())
                        .isFalse());
    }

    private static byte[] wav24k(short[] samples) {
        byte[] w = Wav.encode(samples);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(w).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(24, 24000).putInt(28, 48000);
        return w;
    }
}
