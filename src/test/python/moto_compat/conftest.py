"""Runs these tests the way moto's own SWF tests run in server mode.

Set TEST_SERVER_MODE=true and TEST_SERVER_MODE_ENDPOINT=http://127.0.0.1:PORT (a server started
with `swfd serve --moto-compat`): moto's @mock_aws then points every boto3 client at that endpoint
and calls POST /moto-api/reset before each test, exactly as it does against moto's own server.
"""
import os

os.environ.setdefault("AWS_ACCESS_KEY_ID", "FOOBARKEY")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "FOOBARSECRET")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("TEST_SERVER_MODE", "true")
