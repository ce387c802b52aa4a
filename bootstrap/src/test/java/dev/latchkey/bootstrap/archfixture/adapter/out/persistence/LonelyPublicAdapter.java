package dev.latchkey.bootstrap.archfixture.adapter.out.persistence;

/** Breaks the visibility rule: public, yet nothing outside its package uses it. */
public class LonelyPublicAdapter {
}
