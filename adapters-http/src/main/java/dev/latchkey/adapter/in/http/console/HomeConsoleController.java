package dev.latchkey.adapter.in.http.console;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.stream.Collectors;

/** The console's home: the first section the signed-in key may see ({@link ConsoleSection#home}). */
@Hidden
@Controller(ConsolePaths.ROOT)
final class HomeConsoleController {

    @Get
    @Secured(SecurityRule.IS_AUTHENTICATED)
    HttpResponse<?> home(Authentication authentication) {
        return ConsolePages.seeOther(ConsoleSection.home(authentication).orElseThrow(() -> new ConsoleRefusal(
                HttpStatus.FORBIDDEN, "The key you signed in with no longer grants any of " + ConsoleSection.privileges()
                .stream().map(Object::toString).collect(Collectors.joining(", ")) + ", one of which the console needs."))
                .path);
    }
}
