/**
 * Implementation of Crossfade, not API: the annotation processor, which javac finds through
 * {@code META-INF/services/javax.annotation.processing.Processor}. Its options ({@code -Acrossfade.*}) and its
 * messages are its interface (README); its classes may change in any release.
 */
package dev.crossfade.processor.generate;
