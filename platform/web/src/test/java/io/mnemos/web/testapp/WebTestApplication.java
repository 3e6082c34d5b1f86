package io.mnemos.web.testapp;

import io.mnemos.web.problem.ConflictProblem;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/** A minimal service for the tests: {@link SampleController} plus a filter that fails on purpose. */
@SpringBootApplication
public class WebTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebTestApplication.class, args);
    }

    /** Fails outside Spring MVC, so the servlet container's error page ({@code /error}) has to answer. */
    @Bean
    FilterRegistrationBean<Filter> failingFilter() {
        Filter filter = (request, response, chain) -> {
            String path = ((HttpServletRequest) request).getRequestURI();
            if (path.equals("/test/filter-boom")) {
                throw new IllegalStateException("filter exploded; db password is hunter2");
            }
            if (path.equals("/test/filter-conflict")) {
                throw new ConflictProblem("filter-conflict", "Filter conflict", "A filter refused this request.");
            }
            chain.doFilter(request, response);
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/test/*");
        return registration;
    }
}
