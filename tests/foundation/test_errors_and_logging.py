import json
import logging

from django.test import Client

from config.logging import ContextFilter


def test_unknown_api_route_answers_the_error_shape(company_client):
    # when
    response = company_client.get("/api/v1/no-such-thing")
    # then
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}


def test_wrong_method_answers_the_error_shape(company_client):
    # when
    response = company_client.delete("/api/v1/company")
    # then
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response["Allow"] == "GET"


def test_unknown_host_api_answers_the_error_shape(db):
    # when
    response = Client(HTTP_HOST="nobody.localhost").get("/api/v1/company")
    # then
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_every_response_carries_a_request_id(company_client):
    # when
    minted = company_client.get("/health")
    echoed = company_client.get("/health", HTTP_X_REQUEST_ID="abc-12345-trace")
    hostile = company_client.get("/health", HTTP_X_REQUEST_ID="<script>")
    # then
    assert len(minted["X-Request-ID"]) == 32
    assert echoed["X-Request-ID"] == "abc-12345-trace"
    assert hostile["X-Request-ID"] != "<script>"


def test_request_log_line_has_request_id_schema_and_no_secrets(company_client, caplog):
    # given
    caplog.set_level(logging.INFO, logger="servai.request")
    # when
    company_client.get("/api/v1/company?token=s3cret", HTTP_X_REQUEST_ID="trace-0000001")
    # then
    record = next(r for r in caplog.records if r.name == "servai.request")
    assert record.request_id == "trace-0000001"
    assert record.schema == "company"
    assert record.path == "/api/v1/company"
    assert "s3cret" not in json.dumps({k: str(v) for k, v in vars(record).items()})


def test_context_filter_masks_secret_looking_extras():
    # given
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "login", None, None)
    record.password = "hunter2"
    record.refresh_token = "abc"
    record.user_email = "a@b.c"
    # when
    ContextFilter().filter(record)
    # then
    assert (record.password, record.refresh_token, record.user_email) == ("***", "***", "***")
