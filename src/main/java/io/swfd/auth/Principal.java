package io.swfd.auth;

import io.swfd.api.Caller;
import java.util.Map;

/** A caller whose SigV4 signature was verified: its key, account and policy. */
public record Principal(Credential credential, String account) implements Caller {
  @Override
  public String accessKeyId() {
    return credential.accessKeyId();
  }

  @Override
  public String arn() {
    return "arn:aws:iam::" + account + ":user/" + credential.accessKeyId();
  }

  @Override
  public boolean allows(String action, String resource, Map<String, String> conditions) {
    Policy p = credential.policy();
    return p == null || p.allows(action, resource, conditions);
  }

  @Override
  public String toString() {
    return arn();
  }
}
