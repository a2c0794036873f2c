/** Release 2.0: site and rack split into device_location, label renamed display_name, kilograms become grams. */
@Release(value = "2.0", baseline = "1.0")
package dev.crossfade.device;

import dev.crossfade.Release;
