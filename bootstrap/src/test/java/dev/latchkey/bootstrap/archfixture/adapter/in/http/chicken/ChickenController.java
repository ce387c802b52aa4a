package dev.latchkey.bootstrap.archfixture.adapter.in.http.chicken;

import dev.latchkey.bootstrap.archfixture.adapter.in.http.egg.EggProblems;

/** Breaks the no-cycles rule of the HTTP adapter's packages: it uses egg, which uses chicken back. */
public class ChickenController {

    public EggProblems problems;
}
