/**
 * Deliberately broken classes, one per architecture rule, that {@code ArchitectureTest} shows each rule rejects.
 * Never used by anything else.
 */
package dev.latchkey.bootstrap.archfixture;
