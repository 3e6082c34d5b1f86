package io.mnemos.gateway.console;

import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code /console} and {@code /console/} open the console's page (static resources do not resolve directories). */
@Configuration
class ConsoleRoutes {

    @Bean
    RouterFunction<ServerResponse> consoleIndex() {
        return RouterFunctions.route(
                RequestPredicates.GET("/console").or(RequestPredicates.GET("/console/")),
                request -> ServerResponse.temporaryRedirect(URI.create("/console/index.html"))
                        .build());
    }
}
