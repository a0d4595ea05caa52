import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from swf_helpers import SCHEDULE_ACTIVITY_TASK_DECISION, event_types, history, setup_workflow


def _schedule_activity(client):
    token = client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"})["taskToken"]
    client.respond_decision_task_completed(taskToken=token, decisions=[SCHEDULE_ACTIVITY_TASK_DECISION])


@mock_aws
def test_poll_for_activity_task_when_one():
    client, run_id = setup_workflow()
    _schedule_activity(client)
    resp = client.poll_for_activity_task(
        domain="test-domain", taskList={"name": "activity-task-list"}, identity="surprise"
    )
    assert resp["activityId"] == "my-activity-001"
    assert resp["taskToken"]
    assert resp["workflowExecution"] == {"workflowId": "uid-abcd1234", "runId": run_id}
    events = history(client, run_id)
    assert events[-1]["eventType"] == "ActivityTaskStarted"
    assert events[-1]["activityTaskStartedEventAttributes"] == {"identity": "surprise", "scheduledEventId": 5}


@mock_aws
def test_poll_for_activity_task_when_none():
    client, _ = setup_workflow()
    resp = client.poll_for_activity_task(domain="test-domain", taskList={"name": "activity-task-list"})
    assert "taskToken" not in resp
    assert resp["startedEventId"] == 0


@mock_aws
def test_count_pending_activity_tasks():
    client, _ = setup_workflow()
    _schedule_activity(client)
    resp = client.count_pending_activity_tasks(domain="test-domain", taskList={"name": "activity-task-list"})
    assert resp == {"count": 1, "truncated": False, "ResponseMetadata": resp["ResponseMetadata"]}
    resp = client.count_pending_activity_tasks(domain="test-domain", taskList={"name": "non-existent"})
    assert resp["count"] == 0


@mock_aws
def test_respond_activity_task_completed():
    client, run_id = setup_workflow()
    _schedule_activity(client)
    token = client.poll_for_activity_task(domain="test-domain", taskList={"name": "activity-task-list"})["taskToken"]
    client.respond_activity_task_completed(taskToken=token, result="result of the task")
    events = history(client, run_id)
    assert events[-2]["eventType"] == "ActivityTaskCompleted"
    assert events[-2]["activityTaskCompletedEventAttributes"] == {
        "result": "result of the task",
        "scheduledEventId": 5,
        "startedEventId": 6,
    }
    assert events[-1]["eventType"] == "DecisionTaskScheduled"


@mock_aws
def test_respond_activity_task_completed_with_task_already_completed():
    client, _ = setup_workflow()
    _schedule_activity(client)
    token = client.poll_for_activity_task(domain="test-domain", taskList={"name": "activity-task-list"})["taskToken"]
    client.respond_activity_task_completed(taskToken=token)
    with pytest.raises(ClientError) as ex:
        client.respond_activity_task_completed(taskToken=token)
    assert ex.value.response["Error"]["Code"] == "UnknownResourceFault"


@mock_aws
def test_respond_activity_task_failed():
    client, run_id = setup_workflow()
    _schedule_activity(client)
    token = client.poll_for_activity_task(domain="test-domain", taskList={"name": "activity-task-list"})["taskToken"]
    client.respond_activity_task_failed(taskToken=token, reason="short reason", details="long details")
    events = history(client, run_id)
    assert events[-2]["eventType"] == "ActivityTaskFailed"
    assert events[-2]["activityTaskFailedEventAttributes"] == {
        "reason": "short reason",
        "details": "long details",
        "scheduledEventId": 5,
        "startedEventId": 6,
    }


@mock_aws
def test_respond_activity_task_failed_with_wrong_token():
    client, _ = setup_workflow()
    _schedule_activity(client)
    client.poll_for_activity_task(domain="test-domain", taskList={"name": "activity-task-list"})
    with pytest.raises(ClientError) as ex:
        client.respond_activity_task_failed(taskToken="not-a-correct-token")
    assert ex.value.response["Error"]["Code"] == "ValidationException"
    assert ex.value.response["Error"]["Message"] == "Invalid token"


@mock_aws
def test_record_activity_task_heartbeat():
    client, run_id = setup_workflow()
    _schedule_activity(client)
    token = client.poll_for_activity_task(domain="test-domain", taskList={"name": "activity-task-list"})["taskToken"]
    resp = client.record_activity_task_heartbeat(taskToken=token, details="some progress details")
    assert resp["cancelRequested"] is False


@mock_aws
def test_record_activity_task_heartbeat_with_wrong_token():
    client, _ = setup_workflow()
    _schedule_activity(client)
    client.poll_for_activity_task(domain="test-domain", taskList={"name": "activity-task-list"})
    with pytest.raises(ClientError) as ex:
        client.record_activity_task_heartbeat(taskToken="bad-token")
    assert ex.value.response["Error"]["Code"] == "ValidationException"
    assert ex.value.response["Error"]["Message"] == "Invalid token"
