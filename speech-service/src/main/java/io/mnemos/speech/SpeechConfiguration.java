package io.mnemos.speech;

import io.mnemos.speech.agent.AgentClient;
import io.mnemos.speech.agent.HttpAgentClient;
import io.mnemos.speech.asr.PocketSphinxTranscriber;
import io.mnemos.speech.asr.Transcriber;
import io.mnemos.speech.asr.TranscriptionStream;
import io.mnemos.speech.openai.OpenAiHttp;
import io.mnemos.speech.openai.OpenAiSynthesizer;
import io.mnemos.speech.openai.OpenAiTranscriber;
import io.mnemos.speech.tts.FreeTtsSynthesizer;
import io.mnemos.speech.tts.Synthesizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engines (recognition, synthesis, agent) and the shared worker pools of the voice sessions. */
@Configuration(proxyBeanMethods = false)
class SpeechConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SpeechConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Transcriber transcriber(SpeechProperties props) {
        SpeechProperties.Asr asr = props.asr();
        if ("openai".equalsIgnoreCase(asr.engine())) {
            return new OpenAiTranscriber(endpoint(asr.openai()), asr.openai().language());
        }
        if (!"pocketsphinx".equalsIgnoreCase(asr.engine())) {
            throw new IllegalArgumentException(
                    "mnemos.speech.asr.engine must be pocketsphinx or openai, not " + asr.engine());
        }
        if (!PocketSphinxTranscriber.isInstalled()) {
            String hint = "pocketsphinx is not installed (apt-get install pocketsphinx pocketsphinx-en-us);"
                    + " voice sessions will report errors until it is";
            log.error(hint);
            return new Unavailable(hint);
        }
        List<String> args = new ArrayList<>(PocketSphinxTranscriber.defaultArgs(asr.modelDir(), asr.live()));
        args.addAll(asr.extraArgs());
        PocketSphinxTranscriber t = new PocketSphinxTranscriber(new PocketSphinxTranscriber.Settings(
                args, asr.maxDecoders(), asr.threads(), (int) asr.partialEvery().toMillis()));
        Thread.ofVirtual().name("asr-warmup").start(() -> {
            try {
                t.warmUp();
            } catch (RuntimeException e) {
                log.error("pocketsphinx warm-up failed: {}", e.getMessage());
            }
        });
        return t;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Synthesizer synthesizer(SpeechProperties props) {
        SpeechProperties.Tts tts = props.tts();
        if ("openai".equalsIgnoreCase(tts.engine())) {
            return new OpenAiSynthesizer(endpoint(tts.openai()), tts.openai().voice());
        }
        if (!"freetts".equalsIgnoreCase(tts.engine())) {
            throw new IllegalArgumentException(
                    "mnemos.speech.tts.engine must be freetts or openai, not " + tts.engine());
        }
        FreeTtsSynthesizer s = new FreeTtsSynthesizer(tts.workers());
        Thread.ofVirtual().name("tts-warmup").start(() -> {
            try {
                s.warmUp();
            } catch (RuntimeException e) {
                log.error("FreeTTS warm-up failed: {}", e.getMessage());
            }
        });
        return s;
    }

    @Bean
    @ConditionalOnMissingBean
    AgentClient agentClient(SpeechProperties props) {
        return new HttpAgentClient(props.orchestratorUrl(), props.agentTimeout());
    }

    /** Synthesis workers shared by all sessions: P = {@code mnemos.speech.tts.workers}. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService speechSynthesisPool(SpeechProperties props) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(props.tts().workers(), r -> {
            Thread t = new Thread(r, "tts-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Playback pacing and session timers. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService speechTimer() {
        return Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "speech-timer");
            t.setDaemon(true);
            return t;
        });
    }

    private static OpenAiHttp.Endpoint endpoint(SpeechProperties.OpenAi o) {
        return new OpenAiHttp.Endpoint(o.baseUrl(), o.apiKey(), o.model(), o.timeout());
    }

    /** Stands in when pocketsphinx is missing: every stream fails with the install hint. */
    private record Unavailable(String reason) implements Transcriber {
        @Override
        public TranscriptionStream open(Consumer<io.mnemos.speech.asr.Transcript> partials) {
            throw new IllegalStateException(reason);
        }
    }
}
