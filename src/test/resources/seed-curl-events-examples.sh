# The seed USER-GUIDE §7.5 PUBLISH + SUBSCRIBE (SSE) examples, copied exactly as written; run by EventsIT.
#@example subscriber:
curl -N http://localhost:8080/mig/v0.1/subscribe/observatory.inference.completed \
  -H 'X-Tenant-ID: acme'
#@example publisher:
curl -sS -X POST http://localhost:8080/mig/v0.1/publish/observatory.inference.completed \
  -H 'Content-Type: application/json' \
  -H 'X-Tenant-ID: acme' \
  -d '{
    "header": {"tenant_id": "acme"},
    "payload": {"status": "ok"}
  }'
