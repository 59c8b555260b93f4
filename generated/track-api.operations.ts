// Generated from spec/track-api.yaml by scripts/generate.ts. Do not edit: run `npm run generate`.
/** Every operation of the spec, by `METHOD /path/template`: its operationId, and whether it takes credentials. */
export const trackApiOperations = {
  "GET /api/v1/accounts/region": {"operationId":"getRegion","authenticated":true},
  "PUT /api/v1/customers/{identifier}": {"operationId":"identifyPerson","authenticated":true},
  "DELETE /api/v1/customers/{identifier}": {"operationId":"deletePerson","authenticated":true},
  "PUT /api/v1/customers/{identifier}/devices": {"operationId":"addDevice","authenticated":true},
  "DELETE /api/v1/customers/{identifier}/devices/{device_id}": {"operationId":"deleteDevice","authenticated":true},
  "POST /api/v1/customers/{identifier}/suppress": {"operationId":"suppressPerson","authenticated":true},
  "POST /api/v1/customers/{identifier}/unsuppress": {"operationId":"unsuppressPerson","authenticated":true},
  "POST /api/v1/customers/{identifier}/events": {"operationId":"trackEvent","authenticated":true},
  "POST /api/v1/events": {"operationId":"trackAnonymousEvent","authenticated":true},
  "POST /api/v1/merge_customers": {"operationId":"mergePeople","authenticated":true},
  "POST /api/v1/metrics": {"operationId":"reportMetric","authenticated":false},
  "POST /unsubscribe/{delivery_id}": {"operationId":"unsubscribe","authenticated":false},
  "POST /api/v1/push/events": {"operationId":"reportPushMetric","authenticated":false},
  "POST /api/v1/forms/{form_id}/submit": {"operationId":"submitForm","authenticated":true},
  "POST /api/v1/segments/{segment_id}/add_customers": {"operationId":"addPeopleToSegment","authenticated":true},
  "POST /api/v1/segments/{segment_id}/remove_customers": {"operationId":"removePeopleFromSegment","authenticated":true},
  "POST /api/v2/entity": {"operationId":"sendEntity","authenticated":true},
  "POST /api/v2/batch": {"operationId":"sendBatch","authenticated":true},
} as const;
