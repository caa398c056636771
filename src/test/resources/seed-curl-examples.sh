# The HTTP curl examples of the seed MIG User Guide (seeds/001, USER-GUIDE.md), copied verbatim.
# SeedCurlExamplesIT runs each block with the real curl through `bash -c`, replacing only
# http://localhost:8080 with the test gateway's base URL. Do not edit a block: fix the gateway instead.
# A block starts at a line "#@example <name>: <guide section>" and runs to the next such line.
# Not here yet: 7.5 PUBLISH + SUBSCRIBE (SSE), 11 Pro and Cloud.

#@example hello: USER-GUIDE 7.1 HELLO
curl -sS -X POST http://localhost:8080/mig/v0.1/hello \
  -H 'Content-Type: application/json' \
  -H 'X-Tenant-ID: acme' \
  -d '{
    "header": {"tenant_id": "acme"},
    "supported_versions": ["0.1"],
    "requested_bindings": ["http"]
  }'

#@example discover: USER-GUIDE 7.2 DISCOVER
curl -sS -X POST http://localhost:8080/mig/v0.1/discover \
  -H 'Content-Type: application/json' \
  -H 'X-Tenant-ID: acme' \
  -d '{"header": {"tenant_id": "acme"}}'

#@example invoke: USER-GUIDE 7.3 INVOKE
curl -sS -X POST http://localhost:8080/mig/v0.1/invoke/observatory.models.infer \
  -H 'Content-Type: application/json' \
  -H 'X-Tenant-ID: acme' \
  -d '{
    "header": {
      "tenant_id": "acme",
      "idempotency_key": "idem-1",
      "deadline_ms": 30000
    },
    "payload": {"input": "hello"}
  }'

#@example cancel: USER-GUIDE 7.4 CANCEL
curl -sS -X POST http://localhost:8080/mig/v0.1/cancel/msg-123 \
  -H 'Content-Type: application/json' \
  -H 'X-Tenant-ID: acme' \
  -d '{
    "header": {"tenant_id": "acme"},
    "target_message_id": "msg-123",
    "reason": "operator cancel"
  }'

#@example connections: USER-GUIDE 9 Connection Viewer
curl -sS 'http://localhost:8080/admin/v0.1/connections?tenant_id=acme&protocol=http'

#@example add-capability: USER-GUIDE 10.1 Add a capability
curl -sS -X POST http://localhost:8080/admin/v0.1/capabilities \
  -H 'Content-Type: application/json' \
  -d '{
    "descriptor": {
      "id": "acme.tools.summarize",
      "version": "1.0.0",
      "modes": ["unary"],
      "input_schema_uri": "schema://acme/summarize/input/v1",
      "output_schema_uri": "schema://acme/summarize/output/v1",
      "auth_scopes": ["capability:summarize"],
      "event_topics": ["acme.summarize.completed"]
    }
  }'

#@example add-schema: USER-GUIDE 10.2 Add a schema
curl -sS -X POST http://localhost:8080/admin/v0.1/schemas \
  -H 'Content-Type: application/json' \
  -d '{
    "uri": "schema://acme/summarize/input/v1",
    "schema": {
      "type": "object",
      "properties": {"text": {"type": "string"}},
      "required": ["text"]
    }
  }'

#@example list-capabilities: USER-GUIDE 10.3 List capabilities
curl -sS http://localhost:8080/admin/v0.1/capabilities

#@example conformance: USER-GUIDE 6.2 lists `GET /admin/v0.1/health/conformance` without a curl line; this is it in the guide's style
curl -sS http://localhost:8080/admin/v0.1/health/conformance
