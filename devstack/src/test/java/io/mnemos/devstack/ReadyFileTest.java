package io.mnemos.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadyFileTest {

    private final ReadyFile ready = new ReadyFile(
            "127.0.0.1:39092",
            new JdbcSettings("jdbc:postgresql://127.0.0.1:5432/mnemos_test", "postgres", ""),
            "LOCAL",
            4242);

    @Test
    void rendersOneKeyValueLinePerSetting() {
        assertThat(ready.render())
                .isEqualTo(
                        """
                        KAFKA_BOOTSTRAP=127.0.0.1:39092
                        DB_URL=jdbc:postgresql://127.0.0.1:5432/mnemos_test
                        DB_USER=postgres
                        DB_PASSWORD=
                        DB_MODE=LOCAL
                        PID=4242
                        """);
    }

    @Test
    void parsesWhatItRenders() {
        assertThat(ReadyFile.parse(ready.render())).isEqualTo(ready);
    }

    @Test
    void passwordMayContainEqualsSigns() {
        ReadyFile r = new ReadyFile("k:1", new JdbcSettings("jdbc:postgresql://h:1/d", "u", "a=b=c"), "CONFIGURED", 1);
        assertThat(ReadyFile.parse(r.render()).jdbc().password()).isEqualTo("a=b=c");
    }

    @Test
    void rejectsIncompleteFile() {
        assertThatThrownBy(() -> ReadyFile.parse("KAFKA_BOOTSTRAP=x\n")).hasMessageContaining("DB_URL");
    }

    @Test
    void writesFileAndDirectory(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("sub/infra.ready");
        ready.write(file);
        assertThat(Files.readString(file)).isEqualTo(ready.render());
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }
}
