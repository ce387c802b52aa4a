package dev.latchkey.bootstrap.archfixture.application.port.in;

import dev.latchkey.bootstrap.archfixture.application.service.CachingService;

/** Breaks the port rule: a port that names the service behind it. */
public interface ServiceAwareUseCase {

    CachingService implementation();
}
