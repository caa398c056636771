# The Pro and Cloud curl examples of the seed MIG User Guide (seeds/001, USER-GUIDE.md §11), copied verbatim.
# SeedProCloudCurlExamplesIT runs each block with the real curl through `bash -c`, replacing only
# http://localhost:8080 with the test gateway's base URL and the guide's placeholders <org-id> / <tenant-id> with the
# ids the earlier examples answered. Do not edit a block: fix the gateway instead.
# A block starts at a line "#@example <name>: <guide section>" and runs to the next such line.

#@example policies-validate: USER-GUIDE 11 Pro examples
curl -sS -X POST http://localhost:8080/pro/v0.1/policies/validate \
  -H 'Content-Type: application/json' \
  -d '{"tenant_id":"acme","capability":"observatory.models.infer","action":"invoke"}'

#@example quotas: USER-GUIDE 11 Pro examples
curl -sS -X POST http://localhost:8080/pro/v0.1/quotas \
  -H 'Content-Type: application/json' \
  -d '{"tenant_id":"acme","max_invocations":100}'

#@example audit-export: USER-GUIDE 11 Pro examples
curl -sS 'http://localhost:8080/pro/v0.1/audit/export?tenant_id=acme'

#@example orgs: USER-GUIDE 11 Cloud examples
curl -sS -X POST http://localhost:8080/cloud/v0.1/orgs \
  -H 'Content-Type: application/json' \
  -d '{"name":"Acme"}'

#@example tenants: USER-GUIDE 11 Cloud examples
curl -sS -X POST http://localhost:8080/cloud/v0.1/tenants \
  -H 'Content-Type: application/json' \
  -d '{"org_id":"<org-id>","name":"Acme Prod"}'

#@example gateways: USER-GUIDE 11 Cloud examples
curl -sS -X POST http://localhost:8080/cloud/v0.1/gateways \
  -H 'Content-Type: application/json' \
  -d '{"tenant_id":"<tenant-id>","region":"us-east-1","binding":"http"}'

#@example usage: USER-GUIDE 11 Cloud examples
curl -sS http://localhost:8080/cloud/v0.1/usage
