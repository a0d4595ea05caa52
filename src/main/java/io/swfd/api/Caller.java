package io.swfd.api;

import java.util.Map;

/**
 * Who signed a request, and what they may do. Without configured credentials every caller is {@link
 * #ANYONE}, who may do everything (swfd then only listens on loopback unless told otherwise). With
 * credentials, the SigV4 check at the HTTP edge names the caller; its policy lives in io.swfd.auth
 * and is asked through {@link #allows}.
 */
public interface Caller {
  /**
   * A call another node of the cluster forwarded over the internal channel: its signature and
   * access policy were checked at the node the client called, so it may do everything here.
   */
  Caller CLUSTER = new Unrestricted("cluster");

  /** The caller of a server without credentials: may do everything. */
  Caller ANYONE = new Unrestricted("anyone");

  /** A caller with no key, account or policy, who may do everything; {@code name} is for logs. */
  record Unrestricted(String name) implements Caller {
    @Override
    public String accessKeyId() {
      return null;
    }

    @Override
    public String account() {
      return null;
    }

    @Override
    public String arn() {
      return null;
    }

    @Override
    public boolean allows(String action, String resource, Map<String, String> conditions) {
      return true;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  String accessKeyId();

  /** The caller's account (null for {@link #ANYONE}: then the server's account applies). */
  String account();

  /** {@code arn:aws:iam::<account>:user/<accessKeyId>}, as IAM denial messages name it. */
  String arn();

  /**
   * @param action {@code swf:<Action>}, e.g. {@code swf:PollForActivityTask} or {@code
   *     swf:ScheduleActivityTask}
   * @param resource the domain's ARN ({@code arn:aws:swf:<region>:<account>:/domain/<name>})
   * @param conditions the request's condition keys ({@code swf:taskList.name} ...), absent keys
   *     omitted
   */
  boolean allows(String action, String resource, Map<String, String> conditions);
}
