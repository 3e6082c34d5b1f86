package io.mnemos.web.testapp;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.stereotype.Service;
import org.springframework.validation.annotation.Validated;

/** A {@code @Validated} bean: its violations surface as {@code ConstraintViolationException}. */
@Service
@Validated
public class GreetingService {
    public String greet(@NotBlank @Size(max = 10) String name) {
        return "hello " + name;
    }
}
