import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from swf_helpers import swf_client


@mock_aws
def test_register_domain():
    client = swf_client()
    client.register_domain(
        name="test-domain", workflowExecutionRetentionPeriodInDays="60", description="A test domain"
    )
    domains = client.list_domains(registrationStatus="REGISTERED")["domainInfos"]
    assert len(domains) == 1
    domain = domains[0]
    assert domain["name"] == "test-domain"
    assert domain["status"] == "REGISTERED"
    assert domain["description"] == "A test domain"
    assert domain["arn"] == "arn:aws:swf:us-east-1:123456789012:/domain/test-domain"


@mock_aws
def test_register_already_existing_domain():
    client = swf_client()
    client.register_domain(name="test-domain", workflowExecutionRetentionPeriodInDays="60")
    with pytest.raises(ClientError) as ex:
        client.register_domain(name="test-domain", workflowExecutionRetentionPeriodInDays="60")
    assert ex.value.response["Error"]["Code"] == "DomainAlreadyExistsFault"
    assert ex.value.response["Error"]["Message"] == "test-domain"


@mock_aws
def test_list_domains_order_and_reverse():
    client = swf_client()
    for name in ["b-test-domain", "a-test-domain", "c-test-domain"]:
        client.register_domain(name=name, workflowExecutionRetentionPeriodInDays="60")
    names = [d["name"] for d in client.list_domains(registrationStatus="REGISTERED")["domainInfos"]]
    assert names == ["a-test-domain", "b-test-domain", "c-test-domain"]
    names = [
        d["name"]
        for d in client.list_domains(registrationStatus="REGISTERED", reverseOrder=True)["domainInfos"]
    ]
    assert names == ["c-test-domain", "b-test-domain", "a-test-domain"]


@mock_aws
def test_deprecate_and_undeprecate_domain():
    client = swf_client()
    client.register_domain(name="test-domain", workflowExecutionRetentionPeriodInDays="60")
    client.deprecate_domain(name="test-domain")
    assert client.list_domains(registrationStatus="REGISTERED")["domainInfos"] == []
    deprecated = client.list_domains(registrationStatus="DEPRECATED")["domainInfos"]
    assert [d["name"] for d in deprecated] == ["test-domain"]
    with pytest.raises(ClientError) as ex:
        client.deprecate_domain(name="test-domain")
    assert ex.value.response["Error"]["Code"] == "DomainDeprecatedFault"
    client.undeprecate_domain(name="test-domain")
    assert client.describe_domain(name="test-domain")["domainInfo"]["status"] == "REGISTERED"


@mock_aws
def test_describe_domain():
    client = swf_client()
    client.register_domain(
        name="test-domain", workflowExecutionRetentionPeriodInDays="60", description="A test domain"
    )
    domain = client.describe_domain(name="test-domain")
    assert domain["configuration"]["workflowExecutionRetentionPeriodInDays"] == "60"
    assert domain["domainInfo"]["description"] == "A test domain"
    assert domain["domainInfo"]["name"] == "test-domain"
    assert domain["domainInfo"]["status"] == "REGISTERED"


@mock_aws
def test_describe_non_existent_domain():
    client = swf_client()
    with pytest.raises(ClientError) as ex:
        client.describe_domain(name="non-existent")
    assert ex.value.response["Error"]["Code"] == "UnknownResourceFault"


@mock_aws
def test_domains_are_kept_per_region():
    # as on AWS, each region has its own domains (moto's server mode shares them between regions)
    swf_client("us-east-1").register_domain(name="test-domain", workflowExecutionRetentionPeriodInDays="60")
    assert swf_client("us-west-2").list_domains(registrationStatus="REGISTERED")["domainInfos"] == []


@mock_aws
def test_tag_and_untag_domain():
    client = swf_client()
    client.register_domain(
        name="test-domain",
        workflowExecutionRetentionPeriodInDays="60",
        tags=[{"key": "team", "value": "payments"}],
    )
    arn = client.describe_domain(name="test-domain")["domainInfo"]["arn"]
    client.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "test"}])
    tags = client.list_tags_for_resource(resourceArn=arn)["tags"]
    assert sorted(tags, key=lambda t: t["key"]) == [
        {"key": "env", "value": "test"},
        {"key": "team", "value": "payments"},
    ]
    client.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "env", "value": "test"}]


@mock_aws
def test_every_test_starts_on_fresh_state():
    # @mock_aws called POST /moto-api/reset before this test: the domains above are gone
    assert swf_client().list_domains(registrationStatus="REGISTERED")["domainInfos"] == []
