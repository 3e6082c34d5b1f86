package io.mnemos.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @Test
    void generatesOnceWithOwnerOnlyPermissionsThenReuses(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("secrets/admin-key");
        Secrets.Secret first = Secrets.loadOrCreate(file, null);
        assertThat(first.generated()).isTrue();
        assertThat(first.value()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");

        Secrets.Secret second = Secrets.loadOrCreate(file, "");
        assertThat(second.generated()).isFalse();
        assertThat(second.value()).isEqualTo(first.value());
    }

    @Test
    void givenValueWinsAndIsNotWritten(@TempDir Path tmp) {
        Path file = tmp.resolve("secrets/admin-key");
        Secrets.Secret s = Secrets.loadOrCreate(file, " from-env ");
        assertThat(s.value()).isEqualTo("from-env");
        assertThat(s.generated()).isFalse();
        assertThat(file).doesNotExist();
        assertThat(s.toString()).doesNotContain("from-env");
    }
}
