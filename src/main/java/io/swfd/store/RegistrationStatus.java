package io.swfd.store;

public enum RegistrationStatus {
  REGISTERED,
  DEPRECATED
}
