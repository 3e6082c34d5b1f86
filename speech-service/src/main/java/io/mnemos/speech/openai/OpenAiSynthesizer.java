package io.mnemos.speech.openai;

import io.mnemos.speech.audio.Wav;
import io.mnemos.speech.tts.Synthesizer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Synthesis by an OpenAI-compatible server: {@code POST /v1/audio/speech} with JSON {@code {"model", "input",
 * "voice", "response_format": "wav"}}; the WAV answer is decoded and resampled to 16 kHz mono PCM16.
 */
public final class OpenAiSynthesizer implements Synthesizer {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final OpenAiHttp.Endpoint endpoint;
    private final String voice;
    private final HttpClient http = OpenAiHttp.client();

    public OpenAiSynthesizer(OpenAiHttp.Endpoint endpoint, String voice) {
        this.endpoint = endpoint;
        this.voice = voice;
    }

    @Override
    public short[] synthesize(String text) {
        if (text == null || text.isBlank()) {
            return new short[0];
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", endpoint.model());
        body.put("input", text);
        body.put("voice", voice);
        body.put("response_format", "wav");
        HttpRequest req = endpoint.request("/v1/audio/speech")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        try {
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() / 100 != 2) {
                throw OpenAiHttp.failure("speech synthesis", resp.statusCode(), new String(resp.body()));
            }
            return Wav.decode(resp.body());
        } catch (IOException e) {
            throw new OpenAiHttp.RemoteAudioException("speech synthesis failed: " + e, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenAiHttp.RemoteAudioException("speech synthesis interrupted", 0);
        }
    }
}
