package io.mnemos.web;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.web.limits.RequestSizeLimitFilter;
import io.mnemos.web.openapi.ProblemOpenApiCustomizer;
import io.mnemos.web.problem.DataAccessProblemHandler;
import io.mnemos.web.problem.MnemosProblemHandler;
import io.mnemos.web.problem.ProblemErrorController;
import io.mnemos.web.problem.ProblemErrorReportValve;
import io.mnemos.web.problem.ProblemResponses;
import io.mnemos.web.security.IdentityArgumentResolver;
import io.mnemos.web.security.IdentityFilter;
import io.mnemos.web.security.MnemosSecurityProperties;
import io.mnemos.web.security.RequiredScopeInterceptor;
import io.mnemos.web.tracing.RequestIdFilter;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything a Spring MVC service gets by depending on {@code mnemos-web}: request ids, size limits, verified caller
 * identity and scope checks, problem+json for every error (including {@code /error}), strict JSON request bodies and
 * OpenAPI defaults. Runs before Boot's MVC and error auto-configurations so that Boot's {@code BasicErrorController}
 * and {@code ProblemDetailsExceptionHandler} step aside. Also active in {@code @WebMvcTest} slices.
 */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
            "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@EnableConfigurationProperties({MnemosWebProperties.class, MnemosSecurityProperties.class})
public final class MnemosWebAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(MnemosWebAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    ProblemResponses mnemosProblemResponses(ObjectProvider<JsonMapper> jsonMapper) {
        return new ProblemResponses(jsonMapper.getIfAvailable(MnemosWebAutoConfiguration::fallbackMapper));
    }

    @Bean
    MnemosProblemHandler mnemosProblemHandler(MnemosWebProperties web) {
        return new MnemosProblemHandler(web.maxRequestSize());
    }

    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    ProblemErrorController mnemosErrorController(
            ObjectProvider<ErrorAttributes> errorAttributes, MnemosWebProperties web) {
        return new ProblemErrorController(errorAttributes, web.maxRequestSize());
    }

    @Bean
    FilterRegistrationBean<RequestIdFilter> mnemosRequestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(RequestIdFilter.ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> mnemosRequestSizeLimitFilter(
            MnemosWebProperties web, ProblemResponses problems) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeLimitFilter(web.maxRequestSize(), problems));
        registration.setOrder(RequestSizeLimitFilter.ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    @Bean
    FilterRegistrationBean<IdentityFilter> mnemosIdentityFilter(
            MnemosSecurityProperties security, ProblemResponses problems, ObjectProvider<Clock> clock) {
        if (!security.enabled()) {
            Identity dev = security.devIdentity().toIdentity();
            log.warn(
                    "\n*** SECURITY DISABLED (mnemos.security.enabled=false): requests are NOT authenticated; every"
                            + " request runs as tenant '{}', principal '{}', scopes {}. Use this for local"
                            + " experiments only, never where anyone else can reach this service. ***",
                    dev.tenant(),
                    dev.principal(),
                    dev.scopes());
        }
        FilterRegistrationBean<IdentityFilter> registration = new FilterRegistrationBean<>(
                new IdentityFilter(security, problems, clock.getIfUnique(Clock::systemUTC)));
        registration.setOrder(IdentityFilter.ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }

    @Bean
    RequiredScopeInterceptor mnemosRequiredScopeInterceptor() {
        return new RequiredScopeInterceptor();
    }

    @Bean
    IdentityArgumentResolver mnemosIdentityArgumentResolver() {
        return new IdentityArgumentResolver();
    }

    @Bean
    WebMvcConfigurer mnemosWebMvcConfigurer(RequiredScopeInterceptor scopes, IdentityArgumentResolver identities) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(scopes);
            }

            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(identities);
            }
        };
    }

    @Bean
    StrictJsonRequestBodies mnemosStrictJsonRequestBodies(
            ObjectProvider<JsonMapper> jsonMapper, MnemosWebProperties web) {
        return new StrictJsonRequestBodies(
                jsonMapper.getIfAvailable(MnemosWebAutoConfiguration::fallbackMapper), web.rejectUnknownFields());
    }

    private static JsonMapper fallbackMapper() {
        return JsonMapper.builder()
                .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
                .build();
    }

    /** problem+json for the errors Tomcat answers itself (e.g. paths with an encoded '/'). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.apache.catalina.valves.ErrorReportValve",
                "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory"
            })
    static class TomcatErrorReportConfiguration {
        @Bean
        ProblemErrorReportValve.Installer mnemosProblemErrorReportValve(ProblemResponses problems) {
            return new ProblemErrorReportValve.Installer(problems);
        }
    }

    /** 409 for lost optimistic-locking races, when the service has spring-tx. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.dao.OptimisticLockingFailureException")
    static class DataAccessProblemConfiguration {
        @Bean
        DataAccessProblemHandler mnemosDataAccessProblemHandler() {
            return new DataAccessProblemHandler();
        }
    }

    /** springdoc defaults: title from {@code spring.application.name}, documented errors and security scheme. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {"org.springdoc.core.customizers.GlobalOpenApiCustomizer", "io.swagger.v3.oas.models.OpenAPI"})
    static class OpenApiConfiguration {
        OpenApiConfiguration() {
            // An Identity controller parameter is resolved from the verified token, not from the request; the error
            // path is not an API operation.
            SpringDocUtils.getConfig()
                    .addRequestWrapperToIgnore(Identity.class)
                    .addHiddenRestControllers(ProblemErrorController.class);
        }

        @Bean
        @ConditionalOnMissingBean(OpenAPI.class)
        OpenAPI mnemosOpenApi(Environment environment) {
            String name = environment.getProperty("spring.application.name", "Mnemos service");
            return new OpenAPI()
                    .info(new Info()
                            .title(name)
                            .version(environment.getProperty("spring.application.version", "unversioned"))
                            .description("Part of Mnemos, the self-hosted memory platform for AI agents. Reached"
                                    + " through the gateway, which authenticates clients; every error is"
                                    + " application/problem+json (RFC 9457)."));
        }

        @Bean
        ProblemOpenApiCustomizer mnemosProblemOpenApiCustomizer() {
            return new ProblemOpenApiCustomizer();
        }
    }
}
