package io.swfd.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A domain registered when the server starts, if it is not there yet ({@code --domain
 * NAME[:RETENTION_DAYS]}, or {@code domains:} in the config file), with the workflow and activity
 * types to register in it.
 *
 * @param region the region of the domain (each region has its own domains)
 * @param name the domain's name
 * @param retentionDays {@code workflowExecutionRetentionPeriodInDays}: "0" to "90" or "NONE"
 * @param description optional description
 * @param workflowTypes RegisterWorkflowType requests without their {@code domain} member
 * @param activityTypes RegisterActivityType requests without their {@code domain} member
 */
public record DomainSeed(
    String region,
    String name,
    String retentionDays,
    String description,
    List<ObjectNode> workflowTypes,
    List<ObjectNode> activityTypes) {
  public static final String DEFAULT_REGION = "us-east-1";
  public static final String DEFAULT_RETENTION_DAYS = "1";

  public DomainSeed {
    if (region == null) region = DEFAULT_REGION;
    if (retentionDays == null) retentionDays = DEFAULT_RETENTION_DAYS;
    workflowTypes = List.copyOf(workflowTypes == null ? List.of() : workflowTypes);
    activityTypes = List.copyOf(activityTypes == null ? List.of() : activityTypes);
  }

  public static DomainSeed of(String name, String retentionDays) {
    return new DomainSeed(null, name, retentionDays, null, List.of(), List.of());
  }
}
