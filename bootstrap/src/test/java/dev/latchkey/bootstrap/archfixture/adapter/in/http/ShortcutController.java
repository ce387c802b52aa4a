package dev.latchkey.bootstrap.archfixture.adapter.in.http;

import dev.latchkey.bootstrap.archfixture.adapter.out.persistence.SomeRepository;
import dev.latchkey.bootstrap.archfixture.application.service.FrameworkBoundService;

/** Breaks the adapter rules: it calls a service instead of a port, and another adapter directly. */
public class ShortcutController {

    public FrameworkBoundService service;
    public SomeRepository repository;
}
