package io.swfd.store;

import java.time.Instant;

/** A durable deadline of a run; the key says what it is for (see engine.TimerKeys). */
public record TimerRow(long runPk, String key, Instant dueAt) {}
