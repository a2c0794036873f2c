/**
 * Release 4.0: the fields 2.0 deprecated are deleted from the code. 2.0 is contracted on every shard this code
 * can meet (it serves shards at 3.0 and 4.0), so its history is squashed: the baseline moves to 2.0, whose
 * schema a new shard gets whole.
 */
@Release(value = "4.0", baseline = "2.0")
package dev.crossfade.device;

import dev.crossfade.Release;
