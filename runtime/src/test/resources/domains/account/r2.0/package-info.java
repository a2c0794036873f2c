/**
 * Release 2.0: owner renamed holder (two columns of the account table in the window), note split off into
 * account_note (a second table). The version column stays on account, the table that keeps the key.
 */
@Release(value = "2.0", baseline = "1.0")
package dev.crossfade.account;

import dev.crossfade.Release;
