/**
 * Implementation of Crossfade, not API: the schema model, placement and SQL that the processor and the runtime
 * share (docs/architecture.md, "Public API" and "Which package owns which rule"). Its public types are public so
 * that those two modules can use them; applications must not import them, and they may change in any release.
 */
package dev.crossfade.schema;
