/** 1:N extraction, release 1.0: a customer row holds two phone columns and one e-mail column. */
@Release("1.0")
package dev.crossfade.crm;

import dev.crossfade.Release;
