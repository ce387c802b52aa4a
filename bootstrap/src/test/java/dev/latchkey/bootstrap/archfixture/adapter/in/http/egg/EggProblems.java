package dev.latchkey.bootstrap.archfixture.adapter.in.http.egg;

import dev.latchkey.bootstrap.archfixture.adapter.in.http.chicken.ChickenController;

/** The other half of the cycle: a shared package that knows one of the packages it serves. */
public class EggProblems {

    public ChickenController controller;
}
