// Generated from spec/track-api.yaml by scripts/generate.ts. Do not edit: run `npm run generate`.
export const trackApiDocument: Record<string, unknown> = {
  "openapi": "3.1.0",
  "info": {
    "title": "Customer.io Track API, as customerio-destination describes it",
    "version": "1.0.0",
    "summary": "Every operation of Customer.io's Track API, with what it accepts and the limits it enforces.",
    "description": "Written for customerio-destination. It describes every operation of Customer.io's Track API,\nwith what Customer.io accepts, and it is narrower than the service only where Customer.io states a\nlimit that JSON Schema can express (lengths, counts, enums): the schema states it, so a request\nthat validates here is one Customer.io can accept. Byte limits are stated in descriptions: JSON\nSchema measures strings in characters, so `maxLength` is a necessary bound, not a sufficient\none, and the library measures UTF-8 bytes itself. The library's own mapping sends a subset of\nit.\n\nTypes in `generated/track-api.ts` are produced from this file by `npm run generate`.\n"
  },
  "servers": [
    {
      "url": "https://track.customer.io",
      "description": "United States region."
    },
    {
      "url": "https://track-eu.customer.io",
      "description": "European Union region."
    }
  ],
  "security": [
    {
      "trackApiKey": []
    }
  ],
  "tags": [
    {
      "name": "v1",
      "description": "Single-purpose endpoints, addressed by a person identifier in the path."
    },
    {
      "name": "v2",
      "description": "Operation objects sent one at a time or in batches."
    },
    {
      "name": "account",
      "description": "Workspace information."
    }
  ],
  "paths": {
    "/api/v1/accounts/region": {
      "get": {
        "operationId": "getRegion",
        "tags": [
          "account"
        ],
        "summary": "Find which region the credentials belong to",
        "responses": {
          "200": {
            "description": "The credentials are valid; the body names the workspace's region.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RegionInfo"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/api/v1/customers/{identifier}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PersonIdentifier"
        }
      ],
      "put": {
        "operationId": "identifyPerson",
        "tags": [
          "v1"
        ],
        "summary": "Create or update a person",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/V1PersonAttributes"
              },
              "examples": {
                "traits": {
                  "value": {
                    "email": "ada@example.com",
                    "created_at": 1700000000,
                    "plan": "pro",
                    "seats": 3,
                    "unsubscribed": false
                  }
                },
                "updateOnly": {
                  "value": {
                    "_update": true,
                    "_timestamp": 1700000100,
                    "plan": "team"
                  }
                },
                "relationships": {
                  "value": {
                    "email": "ada@example.com",
                    "cio_relationships": {
                      "action": "add_relationships",
                      "relationships": [
                        {
                          "identifiers": {
                            "object_type_id": "1",
                            "object_id": "acme"
                          },
                          "relationship_attributes": {
                            "role": "admin"
                          }
                        }
                      ]
                    }
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "400": {
            "$ref": "#/components/responses/V1BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      },
      "delete": {
        "operationId": "deletePerson",
        "tags": [
          "v1"
        ],
        "summary": "Delete a person",
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/api/v1/customers/{identifier}/devices": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PersonIdentifier"
        }
      ],
      "put": {
        "operationId": "addDevice",
        "tags": [
          "v1"
        ],
        "summary": "Add or update a person's device",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "device"
                ],
                "additionalProperties": false,
                "properties": {
                  "device": {
                    "$ref": "#/components/schemas/V1Device"
                  }
                }
              },
              "examples": {
                "ios": {
                  "value": {
                    "device": {
                      "id": "3f2b1c9a",
                      "platform": "ios",
                      "last_used": 1700000000,
                      "attributes": {
                        "app_version": "2.4.1"
                      }
                    }
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "400": {
            "$ref": "#/components/responses/V1BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/api/v1/customers/{identifier}/devices/{device_id}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PersonIdentifier"
        },
        {
          "name": "device_id",
          "in": "path",
          "required": true,
          "description": "The device token, percent-encoded.",
          "schema": {
            "type": "string",
            "minLength": 1
          }
        }
      ],
      "delete": {
        "operationId": "deleteDevice",
        "tags": [
          "v1"
        ],
        "summary": "Remove a device from a person",
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "400": {
            "$ref": "#/components/responses/V1BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/api/v1/customers/{identifier}/suppress": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PersonIdentifier"
        }
      ],
      "post": {
        "operationId": "suppressPerson",
        "tags": [
          "v1"
        ],
        "summary": "Delete a person and refuse to re-create them",
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/api/v1/customers/{identifier}/unsuppress": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PersonIdentifier"
        }
      ],
      "post": {
        "operationId": "unsuppressPerson",
        "tags": [
          "v1"
        ],
        "summary": "Allow a suppressed person to be created again",
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/api/v1/customers/{identifier}/events": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PersonIdentifier"
        }
      ],
      "post": {
        "operationId": "trackEvent",
        "tags": [
          "v1"
        ],
        "summary": "Record an event, page view or screen view for a person",
        "description": "The route for an event whose data is larger than a v2 operation may be (32 KB) but within\nthe event data limit (100000 bytes).\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/V1PersonEvent"
              },
              "examples": {
                "event": {
                  "value": {
                    "name": "Order Completed",
                    "id": "01HGW2N7EHJ1K9ZT2Q3R4S5T6V",
                    "timestamp": 1700000000,
                    "data": {
                      "total": 42.5,
                      "currency": "EUR"
                    }
                  }
                },
                "page": {
                  "value": {
                    "name": "https://example.com/pricing",
                    "type": "page",
                    "timestamp": 1700000000,
                    "data": {
                      "title": "Pricing"
                    }
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "400": {
            "$ref": "#/components/responses/V1BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/api/v1/events": {
      "post": {
        "operationId": "trackAnonymousEvent",
        "tags": [
          "v1"
        ],
        "summary": "Record an event for a person not yet identified",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/V1AnonymousEvent"
              },
              "examples": {
                "event": {
                  "value": {
                    "anonymous_id": "0c5f6f8e-2d4b-4c1e-9d55-5a1b2c3d4e5f",
                    "name": "Video Played",
                    "id": "01HGW2N7EHJ1K9ZT2Q3R4S5T6W",
                    "timestamp": 1700000000,
                    "data": {
                      "video": "intro"
                    }
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "400": {
            "$ref": "#/components/responses/V1BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/api/v1/merge_customers": {
      "post": {
        "operationId": "mergePeople",
        "tags": [
          "v1"
        ],
        "summary": "Merge a secondary person into a primary person",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "primary",
                  "secondary"
                ],
                "additionalProperties": false,
                "properties": {
                  "primary": {
                    "$ref": "#/components/schemas/PersonIdentifiers"
                  },
                  "secondary": {
                    "$ref": "#/components/schemas/PersonIdentifiers"
                  }
                }
              },
              "examples": {
                "byIdAndEmail": {
                  "value": {
                    "primary": {
                      "id": "user-42"
                    },
                    "secondary": {
                      "email": "ada@example.com"
                    }
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "400": {
            "$ref": "#/components/responses/V1BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/api/v1/metrics": {
      "post": {
        "operationId": "reportMetric",
        "tags": [
          "v1"
        ],
        "summary": "Report what happened to an email delivery",
        "description": "Needs no credentials; the delivery id identifies the message.",
        "security": [],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/EmailMetric"
              },
              "examples": {
                "bounced": {
                  "value": {
                    "delivery_id": "RPILAgUBcRhIBqSfeiIwdIYJKxTY",
                    "metric": "bounced",
                    "timestamp": 1700000000,
                    "recipient": "ada@example.com",
                    "reason": "mailbox full"
                  }
                },
                "clicked": {
                  "value": {
                    "delivery_id": "RPILAgUBcRhIBqSfeiIwdIYJKxTY",
                    "metric": "clicked",
                    "timestamp": 1700000000,
                    "href": "https://example.com/offer"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "400": {
            "$ref": "#/components/responses/V1BadRequest"
          }
        }
      }
    },
    "/unsubscribe/{delivery_id}": {
      "parameters": [
        {
          "name": "delivery_id",
          "in": "path",
          "required": true,
          "description": "The delivery whose recipient unsubscribes, percent-encoded.",
          "schema": {
            "type": "string",
            "minLength": 1
          }
        }
      ],
      "post": {
        "operationId": "unsubscribe",
        "tags": [
          "v1"
        ],
        "summary": "Unsubscribe the recipient of a delivery",
        "description": "Needs no credentials. Served at the host root, not under `/api`.",
        "security": [],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "unsubscribe": {
                    "type": "boolean",
                    "description": "`false` leaves the recipient as they are. Absent, the request unsubscribes them: that\nis what the endpoint does.\n"
                  }
                }
              },
              "examples": {
                "unsubscribe": {
                  "value": {
                    "unsubscribe": true
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "400": {
            "$ref": "#/components/responses/V1BadRequest"
          }
        }
      }
    },
    "/api/v1/push/events": {
      "post": {
        "operationId": "reportPushMetric",
        "tags": [
          "v1"
        ],
        "summary": "Report what happened to a push notification on its device",
        "description": "Needs no credentials. Customer.io keeps this route for older SDKs and prefers\n`POST /api/v1/metrics`. A body without `delivery_id` and `event` is accepted and changes\nnothing.\n",
        "deprecated": true,
        "security": [],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PushMetric"
              },
              "examples": {
                "opened": {
                  "value": {
                    "delivery_id": "RPILAgUBcRhIBqSfeiIwdIYJKxTY",
                    "event": "opened",
                    "device_id": "3f2b1c9a",
                    "timestamp": 1700000000
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "400": {
            "$ref": "#/components/responses/V1BadRequest"
          }
        }
      }
    },
    "/api/v1/forms/{form_id}/submit": {
      "parameters": [
        {
          "name": "form_id",
          "in": "path",
          "required": true,
          "description": "Your name for the form, percent-encoded. Customer.io creates the form the first time it sees\nthe name; submissions with the same name are submissions of the same form.\n",
          "schema": {
            "type": "string",
            "minLength": 1
          }
        }
      ],
      "post": {
        "operationId": "submitForm",
        "tags": [
          "v1"
        ],
        "summary": "Record a form submission and identify the person who sent it",
        "description": "The person named by the form's `email` or `id` is created if needed and given the other\nfields as attributes, as an identify would.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/FormSubmission"
              },
              "examples": {
                "byEmail": {
                  "value": {
                    "data": {
                      "email": "ada@example.com",
                      "first_name": "Ada",
                      "plan": "pro"
                    }
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "400": {
            "$ref": "#/components/responses/V1BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/api/v1/segments/{segment_id}/add_customers": {
      "parameters": [
        {
          "$ref": "#/components/parameters/SegmentId"
        },
        {
          "$ref": "#/components/parameters/SegmentIdType"
        }
      ],
      "post": {
        "operationId": "addPeopleToSegment",
        "tags": [
          "v1"
        ],
        "summary": "Add people to a manual segment",
        "description": "Only manual segments take people this way, and the segment must exist (it is made in\nCustomer.io, or through its App API). A value of `ids` that names nobody is ignored.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SegmentMembers"
              },
              "examples": {
                "byId": {
                  "value": {
                    "ids": [
                      "user-42",
                      "user-43"
                    ]
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "400": {
            "$ref": "#/components/responses/V1BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/api/v1/segments/{segment_id}/remove_customers": {
      "parameters": [
        {
          "$ref": "#/components/parameters/SegmentId"
        },
        {
          "$ref": "#/components/parameters/SegmentIdType"
        }
      ],
      "post": {
        "operationId": "removePeopleFromSegment",
        "tags": [
          "v1"
        ],
        "summary": "Remove people from a manual segment",
        "description": "A value of `ids` that names nobody in the segment is ignored.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SegmentMembers"
              },
              "examples": {
                "byEmail": {
                  "value": {
                    "ids": [
                      "ada@example.com"
                    ]
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "400": {
            "$ref": "#/components/responses/V1BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/api/v2/entity": {
      "post": {
        "operationId": "sendEntity",
        "tags": [
          "v2"
        ],
        "summary": "Apply one operation to a person, an object or a delivery",
        "description": "The serialised body must be at most 32 KB.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/EntityOperation"
              },
              "examples": {
                "identify": {
                  "value": {
                    "type": "person",
                    "identifiers": {
                      "id": "user-42"
                    },
                    "action": "identify",
                    "attributes": {
                      "email": "ada@example.com",
                      "plan": "pro"
                    }
                  }
                },
                "event": {
                  "value": {
                    "type": "person",
                    "identifiers": {
                      "email": "ada@example.com"
                    },
                    "action": "event",
                    "name": "Order Completed",
                    "id": "01HGW2N7EHJ1K9ZT2Q3R4S5T6V",
                    "timestamp": 1700000000,
                    "attributes": {
                      "total": 42.5
                    }
                  }
                },
                "viewedContent": {
                  "value": {
                    "type": "person",
                    "identifiers": {
                      "anonymous_id": "0c5f6f8e-2d4b-4c1e-9d55-5a1b2c3d4e5f"
                    },
                    "action": "viewed_content",
                    "name": "viewed_content",
                    "timestamp": 1700000000,
                    "attributes": {
                      "contentId": 7,
                      "templateId": 12
                    }
                  }
                },
                "objectIdentify": {
                  "value": {
                    "type": "object",
                    "identifiers": {
                      "object_type_id": "1",
                      "object_id": "acme"
                    },
                    "action": "identify",
                    "attributes": {
                      "name": "Acme Inc."
                    },
                    "cio_relationships": [
                      {
                        "identifiers": {
                          "id": "user-42"
                        },
                        "relationship_attributes": {
                          "role": "admin"
                        }
                      }
                    ]
                  }
                },
                "merge": {
                  "value": {
                    "type": "person",
                    "action": "merge",
                    "primary": {
                      "id": "user-42"
                    },
                    "secondary": {
                      "email": "ada@example.com"
                    }
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "400": {
            "$ref": "#/components/responses/V2BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    },
    "/api/v2/batch": {
      "post": {
        "operationId": "sendBatch",
        "tags": [
          "v2"
        ],
        "summary": "Apply several operations in one request",
        "description": "The serialised body must be at most 500 KB and each item at most 32 KB. Items may mix\npeople, objects and deliveries. When some items are invalid, the others are applied and\nthe answer is 207, naming the failed items by index.\n",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Batch"
              },
              "examples": {
                "mixed": {
                  "value": {
                    "batch": [
                      {
                        "type": "person",
                        "identifiers": {
                          "id": "user-42"
                        },
                        "action": "identify",
                        "attributes": {
                          "plan": "pro"
                        }
                      },
                      {
                        "type": "person",
                        "identifiers": {
                          "id": "user-42"
                        },
                        "action": "page",
                        "name": "https://example.com/pricing",
                        "id": "01HGW2N7EHJ1K9ZT2Q3R4S5T6X",
                        "timestamp": 1700000000,
                        "attributes": {
                          "url": "https://example.com/pricing"
                        }
                      },
                      {
                        "type": "person",
                        "identifiers": {
                          "cio_id": "03000001"
                        },
                        "action": "add_device",
                        "device": {
                          "token": "3f2b1c9a",
                          "platform": "android",
                          "last_used": 1700000000
                        }
                      }
                    ]
                  }
                },
                "anonymousPage": {
                  "value": {
                    "batch": [
                      {
                        "type": "person",
                        "identifiers": {
                          "anonymous_id": "0c5f6f8e-2d4b-4c1e-9d55-5a1b2c3d4e5f"
                        },
                        "action": "page",
                        "name": "https://example.com/",
                        "id": "01HGW2N7EHJ1K9ZT2Q3R4S5T6Y"
                      }
                    ]
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "$ref": "#/components/responses/Success"
          },
          "207": {
            "description": "Some items were rejected; every other item was applied.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/BatchPartialFailure"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/V2BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "trackApiKey": {
        "type": "http",
        "scheme": "basic",
        "description": "User name is the Site ID, password is the Track API key."
      }
    },
    "parameters": {
      "SegmentId": {
        "name": "segment_id",
        "in": "path",
        "required": true,
        "description": "The manual segment's id, shown on its page in Customer.io.",
        "schema": {
          "type": "integer",
          "format": "int32",
          "minimum": 1
        }
      },
      "SegmentIdType": {
        "name": "id_type",
        "in": "query",
        "required": false,
        "description": "Which identifier every value of `ids` is.",
        "schema": {
          "type": "string",
          "enum": [
            "id",
            "email",
            "cio_id"
          ],
          "default": "id"
        }
      },
      "PersonIdentifier": {
        "name": "identifier",
        "in": "path",
        "required": true,
        "description": "A person's id, email address, or `cio_` followed by their cio_id; Customer.io tells them\napart by shape. Always percent-encoded as one path segment.\n",
        "schema": {
          "type": "string",
          "minLength": 1
        }
      }
    },
    "responses": {
      "Success": {
        "description": "Accepted. The body is an empty JSON object.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/EmptyObject"
            }
          }
        }
      },
      "V1BadRequest": {
        "description": "The request was rejected; nothing was applied.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/V1ErrorBody"
            }
          }
        }
      },
      "V2BadRequest": {
        "description": "The whole request was rejected; nothing was applied.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/V2ErrorBody"
            }
          }
        }
      },
      "Unauthorized": {
        "description": "The Site ID or API key is wrong, or belongs to another region. No body is promised."
      }
    },
    "schemas": {
      "EmptyObject": {
        "type": "object",
        "maxProperties": 0
      },
      "RegionInfo": {
        "type": "object",
        "required": [
          "url",
          "region"
        ],
        "properties": {
          "url": {
            "type": "string",
            "enum": [
              "https://track.customer.io",
              "https://track-eu.customer.io"
            ]
          },
          "region": {
            "$ref": "#/components/schemas/Region"
          },
          "environment_id": {
            "type": "integer",
            "description": "The workspace the credentials belong to."
          }
        }
      },
      "Region": {
        "type": "string",
        "enum": [
          "us",
          "eu"
        ]
      },
      "V1ErrorBody": {
        "type": "object",
        "properties": {
          "meta": {
            "type": "object",
            "properties": {
              "error": {
                "type": "string"
              },
              "errors": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "V2Error": {
        "type": "object",
        "properties": {
          "reason": {
            "type": "string"
          },
          "field": {
            "type": "string"
          },
          "message": {
            "type": "string"
          }
        }
      },
      "V2ErrorBody": {
        "type": "object",
        "properties": {
          "errors": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/V2Error"
            }
          }
        }
      },
      "BatchItemError": {
        "allOf": [
          {
            "$ref": "#/components/schemas/V2Error"
          },
          {
            "type": "object",
            "required": [
              "batch_index"
            ],
            "properties": {
              "batch_index": {
                "type": "integer",
                "minimum": 0,
                "description": "Position of the rejected item in the request's `batch` array."
              }
            }
          }
        ]
      },
      "BatchPartialFailure": {
        "type": "object",
        "required": [
          "errors"
        ],
        "properties": {
          "errors": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/BatchItemError"
            }
          }
        }
      },
      "PersonId": {
        "type": "string",
        "minLength": 1,
        "maxLength": 150,
        "description": "At most 150 bytes of UTF-8."
      },
      "Email": {
        "type": "string",
        "minLength": 1
      },
      "CioId": {
        "type": "string",
        "minLength": 1,
        "description": "The bare value, without the `cio_` prefix used in v1 paths."
      },
      "AnonymousId": {
        "type": "string",
        "minLength": 1
      },
      "PersonIdentifiers": {
        "description": "Exactly one identifier.",
        "oneOf": [
          {
            "type": "object",
            "required": [
              "id"
            ],
            "additionalProperties": false,
            "properties": {
              "id": {
                "$ref": "#/components/schemas/PersonId"
              },
              "email": false,
              "cio_id": false
            }
          },
          {
            "type": "object",
            "required": [
              "email"
            ],
            "additionalProperties": false,
            "properties": {
              "email": {
                "$ref": "#/components/schemas/Email"
              },
              "id": false,
              "cio_id": false
            }
          },
          {
            "type": "object",
            "required": [
              "cio_id"
            ],
            "additionalProperties": false,
            "properties": {
              "cio_id": {
                "$ref": "#/components/schemas/CioId"
              },
              "id": false,
              "email": false
            }
          }
        ]
      },
      "ActivityIdentifiers": {
        "description": "Who did something: exactly one person identifier, or an anonymous id for activity that\nCustomer.io later merges into the person who carries it as their `anonymous_id`.\n",
        "oneOf": [
          {
            "$ref": "#/components/schemas/PersonIdentifiers"
          },
          {
            "type": "object",
            "required": [
              "anonymous_id"
            ],
            "additionalProperties": false,
            "properties": {
              "anonymous_id": {
                "$ref": "#/components/schemas/AnonymousId"
              },
              "id": false,
              "email": false,
              "cio_id": false
            }
          }
        ]
      },
      "AnonymousIdentifiers": {
        "description": "A visitor who is not identified yet, named by their anonymous id alone.",
        "type": "object",
        "required": [
          "anonymous_id"
        ],
        "additionalProperties": false,
        "properties": {
          "anonymous_id": {
            "$ref": "#/components/schemas/AnonymousId"
          }
        }
      },
      "ObjectIdentifiers": {
        "oneOf": [
          {
            "type": "object",
            "required": [
              "object_type_id",
              "object_id"
            ],
            "additionalProperties": false,
            "properties": {
              "object_type_id": {
                "type": "string",
                "pattern": "^[1-9][0-9]*$",
                "description": "The object type, a positive integer written as a string."
              },
              "object_id": {
                "type": "string",
                "minLength": 1,
                "maxLength": 150,
                "description": "At most 150 bytes of UTF-8."
              },
              "cio_object_id": false
            }
          },
          {
            "type": "object",
            "required": [
              "cio_object_id"
            ],
            "additionalProperties": false,
            "properties": {
              "cio_object_id": {
                "type": "string",
                "minLength": 1
              },
              "object_type_id": false,
              "object_id": false
            }
          }
        ]
      },
      "UnixSeconds": {
        "type": "integer",
        "minimum": 0,
        "description": "Seconds since the Unix epoch."
      },
      "Ulid": {
        "type": "string",
        "pattern": "^[0-7][0-9A-HJKMNP-TV-Z]{25}$",
        "description": "An event's deduplication id: a ULID (48-bit millisecond time, then 80 bits), 26 characters\nof Crockford base32. A second event with the same id is ignored.\n"
      },
      "EventName": {
        "type": "string",
        "minLength": 1,
        "maxLength": 100,
        "description": "At most 100 bytes of UTF-8."
      },
      "PersonAttributes": {
        "type": "object",
        "description": "Attributes to set on a person. At most 300 per request; names at most 150 bytes; string\nvalues at most 1000 bytes (objects and arrays count as their JSON).\n",
        "maxProperties": 300,
        "propertyNames": {
          "minLength": 1,
          "maxLength": 150
        },
        "properties": {
          "email": {
            "type": "string"
          },
          "created_at": {
            "$ref": "#/components/schemas/UnixSeconds"
          },
          "unsubscribed": {
            "type": "boolean"
          },
          "anonymous_id": {
            "$ref": "#/components/schemas/AnonymousId"
          },
          "_update": {
            "type": "boolean",
            "description": "When true, update an existing person only; never create one."
          },
          "cio_subscription_preferences": {
            "$ref": "#/components/schemas/SubscriptionPreferences"
          }
        },
        "additionalProperties": {
          "maxLength": 1000
        }
      },
      "SubscriptionPreferences": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "topics": {
            "type": "object",
            "propertyNames": {
              "pattern": "^topic_[0-9]+$"
            },
            "additionalProperties": {
              "type": "boolean"
            }
          }
        }
      },
      "EventData": {
        "type": "object",
        "description": "The event's properties. At most 100000 bytes as JSON (32 KB within a v2 operation).",
        "additionalProperties": true,
        "propertyNames": {
          "minLength": 1
        },
        "properties": {
          "recipient": {
            "type": "string",
            "format": "email",
            "description": "Overrides the recipient of a message this event triggers."
          },
          "from_address": {
            "type": "string",
            "format": "email"
          },
          "reply_to": {
            "type": "string"
          }
        }
      },
      "PageData": {
        "type": "object",
        "description": "The page view's properties. The same size limits as `EventData`.",
        "additionalProperties": true,
        "propertyNames": {
          "minLength": 1
        },
        "properties": {
          "url": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "path": {
            "type": "string"
          },
          "referrer": {
            "type": "string"
          },
          "search": {
            "type": "string"
          },
          "keywords": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "ScreenData": {
        "type": "object",
        "description": "The screen view's properties. The same size limits as `EventData`.",
        "additionalProperties": true,
        "propertyNames": {
          "minLength": 1
        }
      },
      "ObjectAttributes": {
        "type": "object",
        "description": "Attributes of an object; at most 100 KB in all, names at most 150 bytes.",
        "propertyNames": {
          "minLength": 1,
          "maxLength": 150
        },
        "additionalProperties": {
          "maxLength": 1000
        }
      },
      "RelationshipAttributes": {
        "type": "object",
        "description": "Attributes of a relationship between a person and an object.",
        "additionalProperties": true,
        "propertyNames": {
          "minLength": 1,
          "maxLength": 150
        }
      },
      "PersonRelationship": {
        "type": "object",
        "description": "A relationship from a person's side, naming the object.",
        "required": [
          "identifiers"
        ],
        "additionalProperties": false,
        "properties": {
          "identifiers": {
            "$ref": "#/components/schemas/ObjectIdentifiers"
          },
          "relationship_attributes": {
            "$ref": "#/components/schemas/RelationshipAttributes"
          }
        }
      },
      "ObjectRelationship": {
        "type": "object",
        "description": "A relationship from an object's side, naming the person.",
        "required": [
          "identifiers"
        ],
        "additionalProperties": false,
        "properties": {
          "identifiers": {
            "$ref": "#/components/schemas/PersonIdentifiers"
          },
          "relationship_attributes": {
            "$ref": "#/components/schemas/RelationshipAttributes"
          }
        }
      },
      "AnonymousObjectRelationship": {
        "type": "object",
        "required": [
          "identifiers"
        ],
        "additionalProperties": false,
        "properties": {
          "identifiers": {
            "type": "object",
            "required": [
              "anonymous_id"
            ],
            "additionalProperties": false,
            "properties": {
              "anonymous_id": {
                "$ref": "#/components/schemas/AnonymousId"
              }
            }
          },
          "relationship_attributes": {
            "$ref": "#/components/schemas/RelationshipAttributes"
          }
        }
      },
      "DevicePlatform": {
        "type": "string",
        "enum": [
          "ios",
          "android"
        ]
      },
      "DeviceAttributes": {
        "type": "object",
        "description": "Device attributes; every value is a string.",
        "properties": {
          "device_os": {
            "type": "string"
          },
          "device_model": {
            "type": "string"
          },
          "app_version": {
            "type": "string"
          },
          "cio_sdk_version": {
            "type": "string"
          },
          "device_locale": {
            "type": "string"
          },
          "push_enabled": {
            "type": "string",
            "enum": [
              "true",
              "false"
            ]
          },
          "_last_status": false
        },
        "additionalProperties": {
          "type": "string"
        }
      },
      "PersonIdentify": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "person"
          },
          "identifiers": {
            "$ref": "#/components/schemas/PersonIdentifiers"
          },
          "action": {
            "const": "identify"
          },
          "timestamp": {
            "$ref": "#/components/schemas/UnixSeconds"
          },
          "attributes": {
            "$ref": "#/components/schemas/PersonAttributes"
          },
          "cio_relationships": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/PersonRelationship"
            }
          }
        }
      },
      "PersonDelete": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "person"
          },
          "identifiers": {
            "$ref": "#/components/schemas/PersonIdentifiers"
          },
          "action": {
            "const": "delete"
          }
        }
      },
      "PersonSuppress": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "person"
          },
          "identifiers": {
            "$ref": "#/components/schemas/PersonIdentifiers"
          },
          "action": {
            "const": "suppress"
          }
        }
      },
      "PersonUnsuppress": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "person"
          },
          "identifiers": {
            "$ref": "#/components/schemas/PersonIdentifiers"
          },
          "action": {
            "const": "unsuppress"
          }
        }
      },
      "PersonEvent": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action",
          "name"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "person"
          },
          "identifiers": {
            "$ref": "#/components/schemas/ActivityIdentifiers"
          },
          "action": {
            "const": "event"
          },
          "name": {
            "$ref": "#/components/schemas/EventName"
          },
          "id": {
            "$ref": "#/components/schemas/Ulid"
          },
          "timestamp": {
            "$ref": "#/components/schemas/UnixSeconds"
          },
          "attributes": {
            "$ref": "#/components/schemas/EventData"
          }
        }
      },
      "PersonPage": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action",
          "name"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "person"
          },
          "identifiers": {
            "$ref": "#/components/schemas/ActivityIdentifiers"
          },
          "action": {
            "const": "page"
          },
          "name": {
            "type": "string",
            "minLength": 1,
            "description": "The page's URL."
          },
          "id": {
            "$ref": "#/components/schemas/Ulid"
          },
          "timestamp": {
            "$ref": "#/components/schemas/UnixSeconds"
          },
          "attributes": {
            "$ref": "#/components/schemas/PageData"
          }
        }
      },
      "PersonScreen": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action",
          "name"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "person"
          },
          "identifiers": {
            "$ref": "#/components/schemas/ActivityIdentifiers"
          },
          "action": {
            "const": "screen"
          },
          "name": {
            "$ref": "#/components/schemas/EventName"
          },
          "id": {
            "$ref": "#/components/schemas/Ulid"
          },
          "timestamp": {
            "$ref": "#/components/schemas/UnixSeconds"
          },
          "attributes": {
            "$ref": "#/components/schemas/ScreenData"
          }
        }
      },
      "PersonAddRelationships": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action",
          "cio_relationships"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "person"
          },
          "identifiers": {
            "$ref": "#/components/schemas/PersonIdentifiers"
          },
          "action": {
            "const": "add_relationships"
          },
          "cio_relationships": {
            "type": "array",
            "minItems": 1,
            "items": {
              "$ref": "#/components/schemas/PersonRelationship"
            }
          }
        }
      },
      "PersonDeleteRelationships": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action",
          "cio_relationships"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "person"
          },
          "identifiers": {
            "$ref": "#/components/schemas/PersonIdentifiers"
          },
          "action": {
            "const": "delete_relationships"
          },
          "cio_relationships": {
            "type": "array",
            "minItems": 1,
            "items": {
              "$ref": "#/components/schemas/PersonRelationship"
            }
          }
        }
      },
      "PersonAddDevice": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action",
          "device"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "person"
          },
          "identifiers": {
            "$ref": "#/components/schemas/PersonIdentifiers"
          },
          "action": {
            "const": "add_device"
          },
          "device": {
            "type": "object",
            "required": [
              "token",
              "platform"
            ],
            "additionalProperties": false,
            "properties": {
              "token": {
                "type": "string",
                "minLength": 1
              },
              "platform": {
                "$ref": "#/components/schemas/DevicePlatform"
              },
              "last_used": {
                "$ref": "#/components/schemas/UnixSeconds"
              },
              "attributes": {
                "$ref": "#/components/schemas/DeviceAttributes"
              }
            }
          }
        }
      },
      "PersonDeleteDevice": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action",
          "device"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "person"
          },
          "identifiers": {
            "$ref": "#/components/schemas/PersonIdentifiers"
          },
          "action": {
            "const": "delete_device"
          },
          "device": {
            "type": "object",
            "required": [
              "token"
            ],
            "additionalProperties": false,
            "properties": {
              "token": {
                "type": "string",
                "minLength": 1
              }
            }
          }
        }
      },
      "PersonViewedContent": {
        "type": "object",
        "description": "A visitor saw a piece of content (an in-app message, a card...), reported under their\nanonymous id. Named after the activity Customer.io records (`viewed_content`); the operation\nis the one Segment's \"Report Content Event\" action sends, which Customer.io's document does\nnot describe (see spec/deviations.yaml).\n",
        "required": [
          "type",
          "identifiers",
          "action",
          "name"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "person"
          },
          "identifiers": {
            "$ref": "#/components/schemas/AnonymousIdentifiers"
          },
          "action": {
            "const": "viewed_content"
          },
          "name": {
            "const": "viewed_content"
          },
          "timestamp": {
            "$ref": "#/components/schemas/UnixSeconds"
          },
          "attributes": {
            "$ref": "#/components/schemas/EventData"
          }
        }
      },
      "PersonClickedContent": {
        "type": "object",
        "description": "A visitor clicked a piece of content; otherwise as `PersonViewedContent`.",
        "required": [
          "type",
          "identifiers",
          "action",
          "name"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "person"
          },
          "identifiers": {
            "$ref": "#/components/schemas/AnonymousIdentifiers"
          },
          "action": {
            "const": "clicked_content"
          },
          "name": {
            "const": "clicked_content"
          },
          "timestamp": {
            "$ref": "#/components/schemas/UnixSeconds"
          },
          "attributes": {
            "$ref": "#/components/schemas/EventData"
          }
        }
      },
      "PersonMerge": {
        "type": "object",
        "description": "Merges `secondary` into `primary`; it names both people and has no `identifiers`.",
        "required": [
          "type",
          "action",
          "primary",
          "secondary"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "person"
          },
          "action": {
            "const": "merge"
          },
          "primary": {
            "$ref": "#/components/schemas/PersonIdentifiers"
          },
          "secondary": {
            "$ref": "#/components/schemas/PersonIdentifiers"
          }
        }
      },
      "PersonOperation": {
        "oneOf": [
          {
            "$ref": "#/components/schemas/PersonIdentify"
          },
          {
            "$ref": "#/components/schemas/PersonDelete"
          },
          {
            "$ref": "#/components/schemas/PersonEvent"
          },
          {
            "$ref": "#/components/schemas/PersonScreen"
          },
          {
            "$ref": "#/components/schemas/PersonPage"
          },
          {
            "$ref": "#/components/schemas/PersonAddRelationships"
          },
          {
            "$ref": "#/components/schemas/PersonDeleteRelationships"
          },
          {
            "$ref": "#/components/schemas/PersonAddDevice"
          },
          {
            "$ref": "#/components/schemas/PersonDeleteDevice"
          },
          {
            "$ref": "#/components/schemas/PersonMerge"
          },
          {
            "$ref": "#/components/schemas/PersonSuppress"
          },
          {
            "$ref": "#/components/schemas/PersonUnsuppress"
          },
          {
            "$ref": "#/components/schemas/PersonViewedContent"
          },
          {
            "$ref": "#/components/schemas/PersonClickedContent"
          }
        ],
        "discriminator": {
          "propertyName": "action",
          "mapping": {
            "identify": "#/components/schemas/PersonIdentify",
            "delete": "#/components/schemas/PersonDelete",
            "event": "#/components/schemas/PersonEvent",
            "screen": "#/components/schemas/PersonScreen",
            "page": "#/components/schemas/PersonPage",
            "add_relationships": "#/components/schemas/PersonAddRelationships",
            "delete_relationships": "#/components/schemas/PersonDeleteRelationships",
            "add_device": "#/components/schemas/PersonAddDevice",
            "delete_device": "#/components/schemas/PersonDeleteDevice",
            "merge": "#/components/schemas/PersonMerge",
            "suppress": "#/components/schemas/PersonSuppress",
            "unsuppress": "#/components/schemas/PersonUnsuppress",
            "viewed_content": "#/components/schemas/PersonViewedContent",
            "clicked_content": "#/components/schemas/PersonClickedContent"
          }
        }
      },
      "ObjectIdentify": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "object"
          },
          "identifiers": {
            "$ref": "#/components/schemas/ObjectIdentifiers"
          },
          "action": {
            "const": "identify"
          },
          "attributes": {
            "$ref": "#/components/schemas/ObjectAttributes"
          },
          "cio_relationships": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ObjectRelationship"
            }
          }
        }
      },
      "ObjectIdentifyAnonymous": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "object"
          },
          "identifiers": {
            "$ref": "#/components/schemas/ObjectIdentifiers"
          },
          "action": {
            "const": "identify_anonymous"
          },
          "anonymous_id": {
            "$ref": "#/components/schemas/AnonymousId",
            "description": "A visitor to relate to the object, as a relationship naming them would."
          },
          "attributes": {
            "$ref": "#/components/schemas/ObjectAttributes"
          },
          "cio_relationships": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AnonymousObjectRelationship"
            }
          }
        }
      },
      "ObjectDelete": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "object"
          },
          "identifiers": {
            "$ref": "#/components/schemas/ObjectIdentifiers"
          },
          "action": {
            "const": "delete"
          }
        }
      },
      "ObjectAddRelationships": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action",
          "cio_relationships"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "object"
          },
          "identifiers": {
            "$ref": "#/components/schemas/ObjectIdentifiers"
          },
          "action": {
            "const": "add_relationships"
          },
          "cio_relationships": {
            "type": "array",
            "minItems": 1,
            "items": {
              "$ref": "#/components/schemas/ObjectRelationship"
            }
          }
        }
      },
      "ObjectDeleteRelationships": {
        "type": "object",
        "required": [
          "type",
          "identifiers",
          "action",
          "cio_relationships"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "object"
          },
          "identifiers": {
            "$ref": "#/components/schemas/ObjectIdentifiers"
          },
          "action": {
            "const": "delete_relationships"
          },
          "attributes": {
            "description": "Only the anonymous id of the person whose relationship is deleted, as Segment's \"Delete\nRelationship\" action sends it.\n",
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "anonymous_id": {
                "$ref": "#/components/schemas/AnonymousId"
              }
            }
          },
          "cio_relationships": {
            "type": "array",
            "minItems": 1,
            "items": {
              "$ref": "#/components/schemas/ObjectRelationship"
            }
          }
        }
      },
      "ObjectOperation": {
        "oneOf": [
          {
            "$ref": "#/components/schemas/ObjectIdentify"
          },
          {
            "$ref": "#/components/schemas/ObjectIdentifyAnonymous"
          },
          {
            "$ref": "#/components/schemas/ObjectDelete"
          },
          {
            "$ref": "#/components/schemas/ObjectAddRelationships"
          },
          {
            "$ref": "#/components/schemas/ObjectDeleteRelationships"
          }
        ],
        "discriminator": {
          "propertyName": "action",
          "mapping": {
            "identify": "#/components/schemas/ObjectIdentify",
            "identify_anonymous": "#/components/schemas/ObjectIdentifyAnonymous",
            "delete": "#/components/schemas/ObjectDelete",
            "add_relationships": "#/components/schemas/ObjectAddRelationships",
            "delete_relationships": "#/components/schemas/ObjectDeleteRelationships"
          }
        }
      },
      "DeliveryEvent": {
        "type": "object",
        "description": "A push or in-app delivery metric. Email metrics go to `POST /api/v1/metrics`.",
        "required": [
          "type",
          "identifiers",
          "action",
          "name",
          "attributes"
        ],
        "additionalProperties": false,
        "properties": {
          "type": {
            "const": "delivery"
          },
          "identifiers": {
            "type": "object",
            "required": [
              "id"
            ],
            "additionalProperties": false,
            "properties": {
              "id": {
                "type": "string",
                "minLength": 1,
                "description": "The delivery id."
              }
            }
          },
          "action": {
            "const": "event"
          },
          "name": {
            "type": "string",
            "enum": [
              "opened",
              "converted",
              "delivered"
            ]
          },
          "timestamp": {
            "$ref": "#/components/schemas/UnixSeconds"
          },
          "attributes": {
            "type": "object",
            "required": [
              "device_token"
            ],
            "additionalProperties": true,
            "properties": {
              "device_token": {
                "type": "string",
                "minLength": 1
              }
            }
          }
        }
      },
      "EntityOperation": {
        "description": "One v2 operation, told apart by `type` and then by `action`.",
        "oneOf": [
          {
            "$ref": "#/components/schemas/PersonOperation"
          },
          {
            "$ref": "#/components/schemas/ObjectOperation"
          },
          {
            "$ref": "#/components/schemas/DeliveryEvent"
          }
        ]
      },
      "Batch": {
        "type": "object",
        "required": [
          "batch"
        ],
        "additionalProperties": false,
        "properties": {
          "batch": {
            "type": "array",
            "minItems": 1,
            "items": {
              "$ref": "#/components/schemas/EntityOperation"
            }
          }
        }
      },
      "V1AttributeValue": {
        "type": [
          "string",
          "integer",
          "boolean"
        ],
        "maxLength": 1000,
        "description": "A flat attribute value; strings at most 1000 bytes."
      },
      "V1PersonAttributes": {
        "type": "object",
        "description": "Flat attributes for a person: at most 300, names at most 150 bytes. Nested values are sent\nthrough v2 instead; `cio_relationships` relates the person to objects or unrelates them.\n",
        "maxProperties": 300,
        "propertyNames": {
          "minLength": 1,
          "maxLength": 150
        },
        "properties": {
          "id": {
            "$ref": "#/components/schemas/PersonId"
          },
          "email": {
            "type": "string"
          },
          "anonymous_id": {
            "$ref": "#/components/schemas/AnonymousId"
          },
          "created_at": {
            "$ref": "#/components/schemas/UnixSeconds"
          },
          "_timestamp": {
            "$ref": "#/components/schemas/UnixSeconds"
          },
          "_update": {
            "type": "boolean"
          },
          "unsubscribed": {
            "type": "boolean"
          },
          "cio_subscription_preferences": {
            "$ref": "#/components/schemas/SubscriptionPreferences"
          },
          "cio_relationships": {
            "$ref": "#/components/schemas/V1Relationships"
          }
        },
        "additionalProperties": {
          "$ref": "#/components/schemas/V1AttributeValue"
        }
      },
      "V1Relationships": {
        "type": "object",
        "description": "Relationships of the person to add or to delete, each naming an object.",
        "required": [
          "action",
          "relationships"
        ],
        "additionalProperties": false,
        "properties": {
          "action": {
            "type": "string",
            "enum": [
              "add_relationships",
              "delete_relationships"
            ]
          },
          "relationships": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/PersonRelationship"
            }
          }
        }
      },
      "V1Device": {
        "type": "object",
        "required": [
          "id",
          "platform"
        ],
        "additionalProperties": false,
        "properties": {
          "id": {
            "type": "string",
            "minLength": 1,
            "description": "The device token."
          },
          "platform": {
            "$ref": "#/components/schemas/DevicePlatform"
          },
          "last_used": {
            "$ref": "#/components/schemas/UnixSeconds"
          },
          "attributes": {
            "$ref": "#/components/schemas/DeviceAttributes"
          }
        }
      },
      "V1PersonEvent": {
        "description": "An event (no `type`, or `event`), a page view (`page`, named by its URL) or a screen view\n(`screen`), which may also carry the person's `anonymous_id`.\n",
        "oneOf": [
          {
            "type": "object",
            "required": [
              "name"
            ],
            "additionalProperties": false,
            "properties": {
              "name": {
                "$ref": "#/components/schemas/EventName"
              },
              "type": {
                "const": "event"
              },
              "id": {
                "$ref": "#/components/schemas/Ulid"
              },
              "timestamp": {
                "$ref": "#/components/schemas/UnixSeconds"
              },
              "data": {
                "$ref": "#/components/schemas/EventData"
              }
            }
          },
          {
            "type": "object",
            "required": [
              "name",
              "type"
            ],
            "additionalProperties": false,
            "properties": {
              "name": {
                "type": "string",
                "minLength": 1
              },
              "type": {
                "const": "page"
              },
              "id": {
                "$ref": "#/components/schemas/Ulid"
              },
              "timestamp": {
                "$ref": "#/components/schemas/UnixSeconds"
              },
              "data": {
                "$ref": "#/components/schemas/PageData"
              }
            }
          },
          {
            "type": "object",
            "required": [
              "name",
              "type"
            ],
            "additionalProperties": false,
            "properties": {
              "name": {
                "$ref": "#/components/schemas/EventName"
              },
              "type": {
                "const": "screen"
              },
              "anonymous_id": {
                "$ref": "#/components/schemas/AnonymousId"
              },
              "id": {
                "$ref": "#/components/schemas/Ulid"
              },
              "timestamp": {
                "$ref": "#/components/schemas/UnixSeconds"
              },
              "data": {
                "$ref": "#/components/schemas/ScreenData"
              }
            }
          }
        ]
      },
      "V1AnonymousEvent": {
        "type": "object",
        "required": [
          "anonymous_id",
          "name"
        ],
        "additionalProperties": false,
        "properties": {
          "anonymous_id": {
            "$ref": "#/components/schemas/AnonymousId"
          },
          "name": {
            "$ref": "#/components/schemas/EventName"
          },
          "type": {
            "type": "string",
            "enum": [
              "event",
              "page",
              "screen"
            ]
          },
          "id": {
            "$ref": "#/components/schemas/Ulid"
          },
          "timestamp": {
            "$ref": "#/components/schemas/UnixSeconds"
          },
          "data": {
            "type": "object",
            "description": "The same size limits as `EventData`.",
            "additionalProperties": true,
            "propertyNames": {
              "minLength": 1
            },
            "properties": {
              "from_address": {
                "type": "string",
                "format": "email"
              },
              "reply_to": {
                "type": "string"
              }
            }
          }
        }
      },
      "EmailMetric": {
        "type": "object",
        "required": [
          "delivery_id",
          "metric"
        ],
        "additionalProperties": false,
        "properties": {
          "delivery_id": {
            "type": "string",
            "minLength": 1
          },
          "metric": {
            "type": "string",
            "enum": [
              "bounced",
              "clicked",
              "converted",
              "deferred",
              "delivered",
              "dropped",
              "opened",
              "spammed"
            ]
          },
          "timestamp": {
            "$ref": "#/components/schemas/UnixSeconds"
          },
          "recipient": {
            "type": "string"
          },
          "reason": {
            "type": "string",
            "description": "Why a delivery failed, for `bounced`, `dropped` and `deferred`."
          },
          "href": {
            "type": "string",
            "description": "The link followed, for `clicked`."
          }
        }
      },
      "PushMetric": {
        "type": "object",
        "description": "What happened to a push notification on the device it was delivered to.",
        "additionalProperties": false,
        "properties": {
          "delivery_id": {
            "type": "string",
            "minLength": 1,
            "description": "The notification's `CIO-Delivery-ID`."
          },
          "event": {
            "type": "string",
            "enum": [
              "opened",
              "converted",
              "delivered"
            ]
          },
          "device_id": {
            "type": "string",
            "minLength": 1,
            "description": "The notification's `CIO-Delivery-Token`, the device's token."
          },
          "timestamp": {
            "$ref": "#/components/schemas/UnixSeconds"
          }
        }
      },
      "FormSubmission": {
        "type": "object",
        "required": [
          "data"
        ],
        "additionalProperties": false,
        "properties": {
          "data": {
            "$ref": "#/components/schemas/FormFields"
          }
        }
      },
      "FormFields": {
        "description": "The form's fields, every value a string, naming the person by exactly one of `email` and `id`.\nThe other fields become the person's attributes; `form_id`, `form_name`, `form_type`,\n`form_url` and `form_url_param` are Customer.io's own names, and ignored.\n",
        "oneOf": [
          {
            "type": "object",
            "required": [
              "email"
            ],
            "propertyNames": {
              "minLength": 1
            },
            "properties": {
              "email": {
                "$ref": "#/components/schemas/Email"
              },
              "id": false
            },
            "additionalProperties": {
              "type": "string"
            }
          },
          {
            "type": "object",
            "required": [
              "id"
            ],
            "propertyNames": {
              "minLength": 1
            },
            "properties": {
              "id": {
                "$ref": "#/components/schemas/PersonId"
              },
              "email": false
            },
            "additionalProperties": {
              "type": "string"
            }
          }
        ]
      },
      "SegmentMembers": {
        "type": "object",
        "required": [
          "ids"
        ],
        "additionalProperties": false,
        "properties": {
          "ids": {
            "type": "array",
            "description": "People of the kind the `id_type` parameter names; at most 1000.",
            "minItems": 1,
            "maxItems": 1000,
            "items": {
              "type": "string",
              "minLength": 1
            }
          }
        }
      }
    }
  }
};
