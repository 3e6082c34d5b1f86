package io.mnemos.memory;

import io.mnemos.model.MiniLmEmbedder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MemoryApplication {
    public static void main(String[] args) {
        SpringApplication.run(MemoryApplication.class, args);
    }

    /**
     * The one embedding model of the process (int8 all-MiniLM-L6-v2, 384-d), shared by profile, action and conversation
     * memory. Constructing it loads nothing: the model loads on the first embedding, so start-up stays fast.
     */
    @Bean(destroyMethod = "close")
    MiniLmEmbedder embedder() {
        return new MiniLmEmbedder();
    }
}
