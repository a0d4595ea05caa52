"""Shared set-up, in the style of moto's tests/test_swf/utils.py."""
import boto3
from botocore.config import Config

# a long poll is held by the server: keep the read timeout above its hold
CONFIG = Config(read_timeout=70, retries={"max_attempts": 1})

SCHEDULE_ACTIVITY_TASK_DECISION = {
    "decisionType": "ScheduleActivityTask",
    "scheduleActivityTaskDecisionAttributes": {
        "activityId": "my-activity-001",
        "activityType": {"name": "test-activity", "version": "v1.1"},
        "taskList": {"name": "activity-task-list"},
        "heartbeatTimeout": "300",
        "scheduleToStartTimeout": "1800",
        "startToCloseTimeout": "1800",
        "scheduleToCloseTimeout": "2700",
    },
}


def swf_client(region="us-east-1"):
    return boto3.client("swf", region_name=region, config=CONFIG)


def setup_workflow():
    client = swf_client()
    client.register_domain(
        name="test-domain",
        workflowExecutionRetentionPeriodInDays="60",
        description="A test domain",
    )
    client.register_workflow_type(
        domain="test-domain",
        name="test-workflow",
        version="v1.0",
        defaultTaskList={"name": "queue"},
        defaultChildPolicy="TERMINATE",
        defaultTaskStartToCloseTimeout="300",
        defaultExecutionStartToCloseTimeout="7200",
    )
    client.register_activity_type(
        domain="test-domain",
        name="test-activity",
        version="v1.1",
        defaultTaskHeartbeatTimeout="600",
        defaultTaskScheduleToCloseTimeout="600",
        defaultTaskScheduleToStartTimeout="600",
        defaultTaskStartToCloseTimeout="600",
    )
    run_id = client.start_workflow_execution(
        domain="test-domain",
        workflowId="uid-abcd1234",
        workflowType={"name": "test-workflow", "version": "v1.0"},
    )["runId"]
    return client, run_id


def event_types(events):
    return [e["eventType"] for e in events]


def history(client, run_id, workflow_id="uid-abcd1234"):
    return client.get_workflow_execution_history(
        domain="test-domain", execution={"runId": run_id, "workflowId": workflow_id}
    )["events"]
