import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from swf_helpers import SCHEDULE_ACTIVITY_TASK_DECISION, event_types, history, setup_workflow


@mock_aws
def test_poll_for_decision_task_when_one():
    client, run_id = setup_workflow()
    assert event_types(history(client, run_id)) == ["WorkflowExecutionStarted", "DecisionTaskScheduled"]
    resp = client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"}, identity="srv01")
    assert event_types(resp["events"]) == [
        "WorkflowExecutionStarted",
        "DecisionTaskScheduled",
        "DecisionTaskStarted",
    ]
    assert resp["events"][-1]["decisionTaskStartedEventAttributes"]["identity"] == "srv01"
    assert resp["workflowExecution"] == {"workflowId": "uid-abcd1234", "runId": run_id}
    assert resp["workflowType"] == {"name": "test-workflow", "version": "v1.0"}


@mock_aws
def test_poll_for_decision_task_when_none():
    client, _ = setup_workflow()
    client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"})
    resp = client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"})
    # what SWF answers once the poll's hold has passed with no task: no taskToken
    assert "taskToken" not in resp
    assert resp["startedEventId"] == 0
    assert resp["previousStartedEventId"] == 0


@mock_aws
def test_poll_for_decision_task_with_reverse_order():
    client, _ = setup_workflow()
    resp = client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"}, reverseOrder=True)
    assert event_types(resp["events"]) == [
        "DecisionTaskStarted",
        "DecisionTaskScheduled",
        "WorkflowExecutionStarted",
    ]


@mock_aws
def test_count_pending_decision_tasks():
    client, _ = setup_workflow()
    resp = client.count_pending_decision_tasks(domain="test-domain", taskList={"name": "queue"})
    assert resp["count"] == 1
    assert resp["truncated"] is False
    resp = client.count_pending_decision_tasks(domain="test-domain", taskList={"name": "non-existent"})
    assert resp["count"] == 0


@mock_aws
def test_count_pending_decision_tasks_after_decision_completes():
    client, _ = setup_workflow()
    token = client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"})["taskToken"]
    client.respond_decision_task_completed(taskToken=token)
    resp = client.count_pending_decision_tasks(domain="test-domain", taskList={"name": "queue"})
    assert resp["count"] == 0


@mock_aws
def test_respond_decision_task_completed_with_no_decision():
    client, run_id = setup_workflow()
    token = client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"})["taskToken"]
    client.respond_decision_task_completed(taskToken=token, executionContext="free-form context")
    events = history(client, run_id)
    assert event_types(events) == [
        "WorkflowExecutionStarted",
        "DecisionTaskScheduled",
        "DecisionTaskStarted",
        "DecisionTaskCompleted",
    ]
    assert events[-1]["decisionTaskCompletedEventAttributes"] == {
        "executionContext": "free-form context",
        "scheduledEventId": 2,
        "startedEventId": 3,
    }
    resp = client.describe_workflow_execution(
        domain="test-domain", execution={"runId": run_id, "workflowId": "uid-abcd1234"}
    )
    assert resp["latestExecutionContext"] == "free-form context"


@mock_aws
def test_respond_decision_task_completed_with_wrong_token():
    client, _ = setup_workflow()
    client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"})
    with pytest.raises(ClientError) as ex:
        client.respond_decision_task_completed(taskToken="not-a-correct-token")
    assert ex.value.response["Error"]["Code"] == "ValidationException"
    assert ex.value.response["Error"]["Message"] == "Invalid token"


@mock_aws
def test_respond_decision_task_completed_with_task_already_completed():
    client, _ = setup_workflow()
    token = client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"})["taskToken"]
    client.respond_decision_task_completed(taskToken=token)
    with pytest.raises(ClientError) as ex:
        client.respond_decision_task_completed(taskToken=token)
    assert ex.value.response["Error"]["Code"] == "UnknownResourceFault"


@mock_aws
def test_respond_decision_task_completed_with_complete_workflow_execution():
    client, run_id = setup_workflow()
    token = client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"})["taskToken"]
    client.respond_decision_task_completed(
        taskToken=token,
        decisions=[
            {
                "decisionType": "CompleteWorkflowExecution",
                "completeWorkflowExecutionDecisionAttributes": {"result": "foo bar"},
            }
        ],
    )
    events = history(client, run_id)
    assert event_types(events) == [
        "WorkflowExecutionStarted",
        "DecisionTaskScheduled",
        "DecisionTaskStarted",
        "DecisionTaskCompleted",
        "WorkflowExecutionCompleted",
    ]
    assert events[-1]["workflowExecutionCompletedEventAttributes"]["result"] == "foo bar"


@mock_aws
def test_respond_decision_task_completed_with_fail_workflow_execution():
    client, run_id = setup_workflow()
    token = client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"})["taskToken"]
    client.respond_decision_task_completed(
        taskToken=token,
        decisions=[
            {
                "decisionType": "FailWorkflowExecution",
                "failWorkflowExecutionDecisionAttributes": {"reason": "my rules", "details": "foo"},
            }
        ],
    )
    events = history(client, run_id)
    assert event_types(events)[-1] == "WorkflowExecutionFailed"
    attrs = events[-1]["workflowExecutionFailedEventAttributes"]
    assert attrs["reason"] == "my rules"
    assert attrs["details"] == "foo"


@mock_aws
def test_respond_decision_task_completed_with_invalid_decision_type():
    client, _ = setup_workflow()
    token = client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"})["taskToken"]
    with pytest.raises(ClientError) as ex:
        client.respond_decision_task_completed(
            taskToken=token,
            decisions=[{"decisionType": "BadDecisionType"}, {"decisionType": "CompleteWorkflowExecution"}],
        )
    assert ex.value.response["Error"]["Code"] == "ValidationException"
    assert "Value 'BadDecisionType' at 'decisions.1.member.decisionType'" in ex.value.response["Error"]["Message"]


@mock_aws
def test_respond_decision_task_completed_with_missing_attributes():
    client, _ = setup_workflow()
    token = client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"})["taskToken"]
    with pytest.raises(ClientError) as ex:
        client.respond_decision_task_completed(taskToken=token, decisions=[{"decisionType": "StartTimer"}])
    assert ex.value.response["Error"]["Code"] == "ValidationException"
    # moto names the first required member (...startTimerDecisionAttributes.timerId), swfd the attributes
    assert "Value null at 'decisions.1.member.startTimerDecisionAttributes" in ex.value.response["Error"]["Message"]
    assert "failed to satisfy constraint: Member must not be null" in ex.value.response["Error"]["Message"]


@mock_aws
def test_respond_decision_task_completed_with_schedule_activity_task():
    client, run_id = setup_workflow()
    token = client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"})["taskToken"]
    client.respond_decision_task_completed(taskToken=token, decisions=[SCHEDULE_ACTIVITY_TASK_DECISION])
    events = history(client, run_id)
    assert event_types(events)[-1] == "ActivityTaskScheduled"
    attrs = events[-1]["activityTaskScheduledEventAttributes"]
    assert attrs["decisionTaskCompletedEventId"] == 4
    assert attrs["activityId"] == "my-activity-001"
    assert attrs["activityType"] == {"name": "test-activity", "version": "v1.1"}
    assert attrs["taskList"] == {"name": "activity-task-list"}
    assert attrs["heartbeatTimeout"] == "300"
    resp = client.describe_workflow_execution(
        domain="test-domain", execution={"runId": run_id, "workflowId": "uid-abcd1234"}
    )
    assert resp["openCounts"]["openActivityTasks"] == 1
    assert "latestActivityTaskTimestamp" in resp


@mock_aws
def test_record_marker_and_timers():
    client, run_id = setup_workflow()
    token = client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"})["taskToken"]
    client.respond_decision_task_completed(
        taskToken=token,
        decisions=[
            {"decisionType": "RecordMarker", "recordMarkerDecisionAttributes": {"markerName": "m", "details": "d"}},
            {"decisionType": "StartTimer", "startTimerDecisionAttributes": {"timerId": "t", "startToFireTimeout": "3600"}},
            {"decisionType": "CancelTimer", "cancelTimerDecisionAttributes": {"timerId": "t"}},
        ],
    )
    # moto spells the last one "TimerCancelled"; SWF's event type is TimerCanceled
    assert event_types(history(client, run_id))[-3:] == ["MarkerRecorded", "TimerStarted", "TimerCanceled"]
