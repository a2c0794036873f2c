@Release(value = "2.0", baseline = "1.0")
package refactoring;

import dev.crossfade.Release;
