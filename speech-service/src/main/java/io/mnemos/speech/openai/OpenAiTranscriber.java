package io.mnemos.speech.openai;

import io.mnemos.speech.asr.Transcriber;
import io.mnemos.speech.asr.Transcript;
import io.mnemos.speech.asr.TranscriptionStream;
import io.mnemos.speech.audio.Pcm;
import io.mnemos.speech.audio.Wav;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recognition by an OpenAI-compatible server ({@code POST /v1/audio/transcriptions}, multipart: {@code file} = WAV,
 * {@code model}, {@code response_format=json}; answer {@code {"text": "…"}}) — e.g. a local whisper server. It is a
 * batch API: the utterance's audio is buffered and sent when it ends, so there are no partial hypotheses (barge-in then
 * relies on speech duration alone).
 */
public final class OpenAiTranscriber implements Transcriber {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int MAX_UTTERANCE_SAMPLES = Pcm.SAMPLE_RATE * 120;

    private final OpenAiHttp.Endpoint endpoint;
    private final String language;
    private final HttpClient http = OpenAiHttp.client();

    /** @param language ISO-639-1 hint sent as {@code language}, or null */
    public OpenAiTranscriber(OpenAiHttp.Endpoint endpoint, String language) {
        this.endpoint = endpoint;
        this.language = language;
    }

    @Override
    public boolean supportsPartials() {
        return false;
    }

    @Override
    public TranscriptionStream open(Consumer<Transcript> partials) {
        return new TranscriptionStream() {
            private short[] buf = new short[Pcm.SAMPLE_RATE * 4];
            private int n;
            private CompletableFuture<Transcript> result;

            @Override
            public synchronized void accept(short[] samples) {
                if (result != null) {
                    return;
                }
                int room = MAX_UTTERANCE_SAMPLES - n;
                int take = Math.min(room, samples.length);
                if (n + take > buf.length) {
                    buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + take));
                }
                System.arraycopy(samples, 0, buf, n, take);
                n += take;
            }

            @Override
            public synchronized CompletableFuture<Transcript> finish() {
                if (result == null) {
                    short[] audio = java.util.Arrays.copyOf(buf, n);
                    result = n == 0 ? CompletableFuture.completedFuture(Transcript.empty(0)) : send(audio);
                }
                return result;
            }

            @Override
            public synchronized void cancel() {
                if (result == null) {
                    result = CompletableFuture.completedFuture(Transcript.empty(Pcm.millis(n)));
                } else {
                    result.cancel(true);
                }
            }

            @Override
            public Transcript latest() {
                return new Transcript("", false, 0, 0);
            }
        };
    }

    private CompletableFuture<Transcript> send(short[] audio) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("model", endpoint.model());
        fields.put("response_format", "json");
        if (language != null && !language.isBlank()) {
            fields.put("language", language);
        }
        OpenAiHttp.Multipart body = OpenAiHttp.multipart(fields, "file", "audio.wav", "audio/wav", Wav.encode(audio));
        HttpRequest req = endpoint.request("/v1/audio/transcriptions")
                .header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.body()))
                .build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(resp -> {
            if (resp.statusCode() / 100 != 2) {
                throw OpenAiHttp.failure("transcription", resp.statusCode(), resp.body());
            }
            JsonNode node = JSON.readTree(resp.body());
            return new Transcript(node.path("text").asString(""), true, Pcm.millis(audio.length), 0);
        });
    }
}
