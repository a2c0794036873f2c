/**
 * Runtime internals shared by its packages: not API, may change in any release. Applications must not import
 * it.
 */
package dev.crossfade.runtime.internal;
