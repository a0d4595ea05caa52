package io.swfd.store;

/** A tag on a domain (TagResource); value may be null. */
public record ResourceTag(String key, String value) {}
