// Generated from spec/track-api.yaml by openapi-typescript. Do not edit: run `npm run generate`.
export interface paths {
    "/api/v1/accounts/region": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Find which region the credentials belong to */
        get: operations["getRegion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers/{identifier}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A person's id, email address, or `cio_` followed by their cio_id; Customer.io tells them
                 *     apart by shape. Always percent-encoded as one path segment.
                 */
                identifier: components["parameters"]["PersonIdentifier"];
            };
            cookie?: never;
        };
        get?: never;
        /** Create or update a person */
        put: operations["identifyPerson"];
        post?: never;
        /** Delete a person */
        delete: operations["deletePerson"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers/{identifier}/devices": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A person's id, email address, or `cio_` followed by their cio_id; Customer.io tells them
                 *     apart by shape. Always percent-encoded as one path segment.
                 */
                identifier: components["parameters"]["PersonIdentifier"];
            };
            cookie?: never;
        };
        get?: never;
        /** Add or update a person's device */
        put: operations["addDevice"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers/{identifier}/devices/{device_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A person's id, email address, or `cio_` followed by their cio_id; Customer.io tells them
                 *     apart by shape. Always percent-encoded as one path segment.
                 */
                identifier: components["parameters"]["PersonIdentifier"];
                /** @description The device token, percent-encoded. */
                device_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a device from a person */
        delete: operations["deleteDevice"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers/{identifier}/suppress": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A person's id, email address, or `cio_` followed by their cio_id; Customer.io tells them
                 *     apart by shape. Always percent-encoded as one path segment.
                 */
                identifier: components["parameters"]["PersonIdentifier"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Delete a person and refuse to re-create them */
        post: operations["suppressPerson"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers/{identifier}/unsuppress": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A person's id, email address, or `cio_` followed by their cio_id; Customer.io tells them
                 *     apart by shape. Always percent-encoded as one path segment.
                 */
                identifier: components["parameters"]["PersonIdentifier"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Allow a suppressed person to be created again */
        post: operations["unsuppressPerson"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers/{identifier}/events": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A person's id, email address, or `cio_` followed by their cio_id; Customer.io tells them
                 *     apart by shape. Always percent-encoded as one path segment.
                 */
                identifier: components["parameters"]["PersonIdentifier"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record an event, page view or screen view for a person
         * @description The route for an event whose data is larger than a v2 operation may be (32 KB) but within
         *     the event data limit (100000 bytes).
         */
        post: operations["trackEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record an event for a person not yet identified */
        post: operations["trackAnonymousEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/merge_customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Merge a secondary person into a primary person */
        post: operations["mergePeople"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report what happened to an email delivery
         * @description Needs no credentials; the delivery id identifies the message.
         */
        post: operations["reportMetric"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/unsubscribe/{delivery_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The delivery whose recipient unsubscribes, percent-encoded. */
                delivery_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Unsubscribe the recipient of a delivery
         * @description Needs no credentials. Served at the host root, not under `/api`.
         */
        post: operations["unsubscribe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/push/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report what happened to a push notification on its device
         * @deprecated
         * @description Needs no credentials. Customer.io keeps this route for older SDKs and prefers
         *     `POST /api/v1/metrics`. A body without `delivery_id` and `event` is accepted and changes
         *     nothing.
         */
        post: operations["reportPushMetric"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/forms/{form_id}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Your name for the form, percent-encoded. Customer.io creates the form the first time it sees
                 *     the name; submissions with the same name are submissions of the same form.
                 */
                form_id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a form submission and identify the person who sent it
         * @description The person named by the form's `email` or `id` is created if needed and given the other
         *     fields as attributes, as an identify would.
         */
        post: operations["submitForm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{segment_id}/add_customers": {
        parameters: {
            query?: {
                /** @description Which identifier every value of `ids` is. */
                id_type?: components["parameters"]["SegmentIdType"];
            };
            header?: never;
            path: {
                /** @description The manual segment's id, shown on its page in Customer.io. */
                segment_id: components["parameters"]["SegmentId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add people to a manual segment
         * @description Only manual segments take people this way, and the segment must exist (it is made in
         *     Customer.io, or through its App API). A value of `ids` that names nobody is ignored.
         */
        post: operations["addPeopleToSegment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/segments/{segment_id}/remove_customers": {
        parameters: {
            query?: {
                /** @description Which identifier every value of `ids` is. */
                id_type?: components["parameters"]["SegmentIdType"];
            };
            header?: never;
            path: {
                /** @description The manual segment's id, shown on its page in Customer.io. */
                segment_id: components["parameters"]["SegmentId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Remove people from a manual segment
         * @description A value of `ids` that names nobody in the segment is ignored.
         */
        post: operations["removePeopleFromSegment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/entity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply one operation to a person, an object or a delivery
         * @description The serialised body must be at most 32 KB.
         */
        post: operations["sendEntity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply several operations in one request
         * @description The serialised body must be at most 500 KB and each item at most 32 KB. Items may mix
         *     people, objects and deliveries. When some items are invalid, the others are applied and
         *     the answer is 207, naming the failed items by index.
         */
        post: operations["sendBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        EmptyObject: Record<string, never>;
        RegionInfo: {
            /** @enum {string} */
            url: "https://track.customer.io" | "https://track-eu.customer.io";
            region: components["schemas"]["Region"];
            /** @description The workspace the credentials belong to. */
            environment_id?: number;
        };
        /** @enum {string} */
        Region: "us" | "eu";
        V1ErrorBody: {
            meta?: {
                error?: string;
                errors?: string[];
            };
        };
        V2Error: {
            reason?: string;
            field?: string;
            message?: string;
        };
        V2ErrorBody: {
            errors?: components["schemas"]["V2Error"][];
        };
        BatchItemError: components["schemas"]["V2Error"] & {
            /** @description Position of the rejected item in the request's `batch` array. */
            batch_index: number;
        };
        BatchPartialFailure: {
            errors: components["schemas"]["BatchItemError"][];
        };
        /** @description At most 150 bytes of UTF-8. */
        PersonId: string;
        Email: string;
        /** @description The bare value, without the `cio_` prefix used in v1 paths. */
        CioId: string;
        AnonymousId: string;
        /** @description Exactly one identifier. */
        PersonIdentifiers: {
            id: components["schemas"]["PersonId"];
            email?: never;
            cio_id?: never;
        } | {
            email: components["schemas"]["Email"];
            id?: never;
            cio_id?: never;
        } | {
            cio_id: components["schemas"]["CioId"];
            id?: never;
            email?: never;
        };
        /**
         * @description Who did something: exactly one person identifier, or an anonymous id for activity that
         *     Customer.io later merges into the person who carries it as their `anonymous_id`.
         */
        ActivityIdentifiers: components["schemas"]["PersonIdentifiers"] | {
            anonymous_id: components["schemas"]["AnonymousId"];
            id?: never;
            email?: never;
            cio_id?: never;
        };
        /** @description A visitor who is not identified yet, named by their anonymous id alone. */
        AnonymousIdentifiers: {
            anonymous_id: components["schemas"]["AnonymousId"];
        };
        ObjectIdentifiers: {
            /** @description The object type, a positive integer written as a string. */
            object_type_id: string;
            /** @description At most 150 bytes of UTF-8. */
            object_id: string;
            cio_object_id?: never;
        } | {
            cio_object_id: string;
            object_type_id?: never;
            object_id?: never;
        };
        /** @description Seconds since the Unix epoch. */
        UnixSeconds: number;
        /**
         * @description An event's deduplication id: a ULID (48-bit millisecond time, then 80 bits), 26 characters
         *     of Crockford base32. A second event with the same id is ignored.
         */
        Ulid: string;
        /** @description At most 100 bytes of UTF-8. */
        EventName: string;
        /**
         * @description Attributes to set on a person. At most 300 per request; names at most 150 bytes; string
         *     values at most 1000 bytes (objects and arrays count as their JSON).
         */
        PersonAttributes: {
            email?: string;
            created_at?: components["schemas"]["UnixSeconds"];
            unsubscribed?: boolean;
            anonymous_id?: components["schemas"]["AnonymousId"];
            /** @description When true, update an existing person only; never create one. */
            _update?: boolean;
            cio_subscription_preferences?: components["schemas"]["SubscriptionPreferences"];
        } & {
            [key: string]: unknown;
        };
        SubscriptionPreferences: {
            topics?: {
                [key: string]: boolean;
            };
        };
        /** @description The event's properties. At most 100000 bytes as JSON (32 KB within a v2 operation). */
        EventData: {
            /**
             * Format: email
             * @description Overrides the recipient of a message this event triggers.
             */
            recipient?: string;
            /** Format: email */
            from_address?: string;
            reply_to?: string;
        } & {
            [key: string]: unknown;
        };
        /** @description The page view's properties. The same size limits as `EventData`. */
        PageData: {
            url?: string;
            title?: string;
            path?: string;
            referrer?: string;
            search?: string;
            keywords?: string[];
        } & {
            [key: string]: unknown;
        };
        /** @description The screen view's properties. The same size limits as `EventData`. */
        ScreenData: {
            [key: string]: unknown;
        };
        /** @description Attributes of an object; at most 100 KB in all, names at most 150 bytes. */
        ObjectAttributes: {
            [key: string]: unknown;
        };
        /** @description Attributes of a relationship between a person and an object. */
        RelationshipAttributes: {
            [key: string]: unknown;
        };
        /** @description A relationship from a person's side, naming the object. */
        PersonRelationship: {
            identifiers: components["schemas"]["ObjectIdentifiers"];
            relationship_attributes?: components["schemas"]["RelationshipAttributes"];
        };
        /** @description A relationship from an object's side, naming the person. */
        ObjectRelationship: {
            identifiers: components["schemas"]["PersonIdentifiers"];
            relationship_attributes?: components["schemas"]["RelationshipAttributes"];
        };
        AnonymousObjectRelationship: {
            identifiers: {
                anonymous_id: components["schemas"]["AnonymousId"];
            };
            relationship_attributes?: components["schemas"]["RelationshipAttributes"];
        };
        /** @enum {string} */
        DevicePlatform: "ios" | "android";
        /** @description Device attributes; every value is a string. */
        DeviceAttributes: {
            device_os?: string;
            device_model?: string;
            app_version?: string;
            cio_sdk_version?: string;
            device_locale?: string;
            /** @enum {string} */
            push_enabled?: "true" | "false";
            _last_status?: never;
        } & {
            [key: string]: string;
        };
        PersonIdentify: {
            /** @constant */
            type: "person";
            identifiers: components["schemas"]["PersonIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "identify";
            timestamp?: components["schemas"]["UnixSeconds"];
            attributes?: components["schemas"]["PersonAttributes"];
            cio_relationships?: components["schemas"]["PersonRelationship"][];
        };
        PersonDelete: {
            /** @constant */
            type: "person";
            identifiers: components["schemas"]["PersonIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "delete";
        };
        PersonSuppress: {
            /** @constant */
            type: "person";
            identifiers: components["schemas"]["PersonIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "suppress";
        };
        PersonUnsuppress: {
            /** @constant */
            type: "person";
            identifiers: components["schemas"]["PersonIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "unsuppress";
        };
        PersonEvent: {
            /** @constant */
            type: "person";
            identifiers: components["schemas"]["ActivityIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "event";
            name: components["schemas"]["EventName"];
            id?: components["schemas"]["Ulid"];
            timestamp?: components["schemas"]["UnixSeconds"];
            attributes?: components["schemas"]["EventData"];
        };
        PersonPage: {
            /** @constant */
            type: "person";
            identifiers: components["schemas"]["ActivityIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "page";
            /** @description The page's URL. */
            name: string;
            id?: components["schemas"]["Ulid"];
            timestamp?: components["schemas"]["UnixSeconds"];
            attributes?: components["schemas"]["PageData"];
        };
        PersonScreen: {
            /** @constant */
            type: "person";
            identifiers: components["schemas"]["ActivityIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "screen";
            name: components["schemas"]["EventName"];
            id?: components["schemas"]["Ulid"];
            timestamp?: components["schemas"]["UnixSeconds"];
            attributes?: components["schemas"]["ScreenData"];
        };
        PersonAddRelationships: {
            /** @constant */
            type: "person";
            identifiers: components["schemas"]["PersonIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "add_relationships";
            cio_relationships: components["schemas"]["PersonRelationship"][];
        };
        PersonDeleteRelationships: {
            /** @constant */
            type: "person";
            identifiers: components["schemas"]["PersonIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "delete_relationships";
            cio_relationships: components["schemas"]["PersonRelationship"][];
        };
        PersonAddDevice: {
            /** @constant */
            type: "person";
            identifiers: components["schemas"]["PersonIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "add_device";
            device: {
                token: string;
                platform: components["schemas"]["DevicePlatform"];
                last_used?: components["schemas"]["UnixSeconds"];
                attributes?: components["schemas"]["DeviceAttributes"];
            };
        };
        PersonDeleteDevice: {
            /** @constant */
            type: "person";
            identifiers: components["schemas"]["PersonIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "delete_device";
            device: {
                token: string;
            };
        };
        /**
         * @description A visitor saw a piece of content (an in-app message, a card...), reported under their
         *     anonymous id. Named after the activity Customer.io records (`viewed_content`); the operation
         *     is the one Segment's "Report Content Event" action sends, which Customer.io's document does
         *     not describe (see spec/deviations.yaml).
         */
        PersonViewedContent: {
            /** @constant */
            type: "person";
            identifiers: components["schemas"]["AnonymousIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "viewed_content";
            /** @constant */
            name: "viewed_content";
            timestamp?: components["schemas"]["UnixSeconds"];
            attributes?: components["schemas"]["EventData"];
        };
        /** @description A visitor clicked a piece of content; otherwise as `PersonViewedContent`. */
        PersonClickedContent: {
            /** @constant */
            type: "person";
            identifiers: components["schemas"]["AnonymousIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "clicked_content";
            /** @constant */
            name: "clicked_content";
            timestamp?: components["schemas"]["UnixSeconds"];
            attributes?: components["schemas"]["EventData"];
        };
        /** @description Merges `secondary` into `primary`; it names both people and has no `identifiers`. */
        PersonMerge: {
            /** @constant */
            type: "person";
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "merge";
            primary: components["schemas"]["PersonIdentifiers"];
            secondary: components["schemas"]["PersonIdentifiers"];
        };
        PersonOperation: components["schemas"]["PersonIdentify"] | components["schemas"]["PersonDelete"] | components["schemas"]["PersonEvent"] | components["schemas"]["PersonScreen"] | components["schemas"]["PersonPage"] | components["schemas"]["PersonAddRelationships"] | components["schemas"]["PersonDeleteRelationships"] | components["schemas"]["PersonAddDevice"] | components["schemas"]["PersonDeleteDevice"] | components["schemas"]["PersonMerge"] | components["schemas"]["PersonSuppress"] | components["schemas"]["PersonUnsuppress"] | components["schemas"]["PersonViewedContent"] | components["schemas"]["PersonClickedContent"];
        ObjectIdentify: {
            /** @constant */
            type: "object";
            identifiers: components["schemas"]["ObjectIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "identify";
            attributes?: components["schemas"]["ObjectAttributes"];
            cio_relationships?: components["schemas"]["ObjectRelationship"][];
        };
        ObjectIdentifyAnonymous: {
            /** @constant */
            type: "object";
            identifiers: components["schemas"]["ObjectIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "identify_anonymous";
            /** @description A visitor to relate to the object, as a relationship naming them would. */
            anonymous_id?: components["schemas"]["AnonymousId"];
            attributes?: components["schemas"]["ObjectAttributes"];
            cio_relationships?: components["schemas"]["AnonymousObjectRelationship"][];
        };
        ObjectDelete: {
            /** @constant */
            type: "object";
            identifiers: components["schemas"]["ObjectIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "delete";
        };
        ObjectAddRelationships: {
            /** @constant */
            type: "object";
            identifiers: components["schemas"]["ObjectIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "add_relationships";
            cio_relationships: components["schemas"]["ObjectRelationship"][];
        };
        ObjectDeleteRelationships: {
            /** @constant */
            type: "object";
            identifiers: components["schemas"]["ObjectIdentifiers"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "delete_relationships";
            /**
             * @description Only the anonymous id of the person whose relationship is deleted, as Segment's "Delete
             *     Relationship" action sends it.
             */
            attributes?: {
                anonymous_id?: components["schemas"]["AnonymousId"];
            };
            cio_relationships: components["schemas"]["ObjectRelationship"][];
        };
        ObjectOperation: components["schemas"]["ObjectIdentify"] | components["schemas"]["ObjectIdentifyAnonymous"] | components["schemas"]["ObjectDelete"] | components["schemas"]["ObjectAddRelationships"] | components["schemas"]["ObjectDeleteRelationships"];
        /** @description A push or in-app delivery metric. Email metrics go to `POST /api/v1/metrics`. */
        DeliveryEvent: {
            /** @constant */
            type: "delivery";
            identifiers: {
                /** @description The delivery id. */
                id: string;
            };
            /** @constant */
            action: "event";
            /** @enum {string} */
            name: "opened" | "converted" | "delivered";
            timestamp?: components["schemas"]["UnixSeconds"];
            attributes: {
                device_token: string;
            } & {
                [key: string]: unknown;
            };
        };
        /** @description One v2 operation, told apart by `type` and then by `action`. */
        EntityOperation: components["schemas"]["PersonOperation"] | components["schemas"]["ObjectOperation"] | components["schemas"]["DeliveryEvent"];
        Batch: {
            batch: components["schemas"]["EntityOperation"][];
        };
        /** @description A flat attribute value; strings at most 1000 bytes. */
        V1AttributeValue: string | number | boolean;
        /**
         * @description Flat attributes for a person: at most 300, names at most 150 bytes. Nested values are sent
         *     through v2 instead; `cio_relationships` relates the person to objects or unrelates them.
         */
        V1PersonAttributes: {
            id?: components["schemas"]["PersonId"];
            email?: string;
            anonymous_id?: components["schemas"]["AnonymousId"];
            created_at?: components["schemas"]["UnixSeconds"];
            _timestamp?: components["schemas"]["UnixSeconds"];
            _update?: boolean;
            unsubscribed?: boolean;
            cio_subscription_preferences?: components["schemas"]["SubscriptionPreferences"];
            cio_relationships?: components["schemas"]["V1Relationships"];
        } & {
            [key: string]: components["schemas"]["V1AttributeValue"] | components["schemas"]["V1Relationships"];
        };
        /** @description Relationships of the person to add or to delete, each naming an object. */
        V1Relationships: {
            /** @enum {string} */
            action: "add_relationships" | "delete_relationships";
            relationships: components["schemas"]["PersonRelationship"][];
        };
        V1Device: {
            /** @description The device token. */
            id: string;
            platform: components["schemas"]["DevicePlatform"];
            last_used?: components["schemas"]["UnixSeconds"];
            attributes?: components["schemas"]["DeviceAttributes"];
        };
        /**
         * @description An event (no `type`, or `event`), a page view (`page`, named by its URL) or a screen view
         *     (`screen`), which may also carry the person's `anonymous_id`.
         */
        V1PersonEvent: {
            name: components["schemas"]["EventName"];
            /** @constant */
            type?: "event";
            id?: components["schemas"]["Ulid"];
            timestamp?: components["schemas"]["UnixSeconds"];
            data?: components["schemas"]["EventData"];
        } | {
            name: string;
            /** @constant */
            type: "page";
            id?: components["schemas"]["Ulid"];
            timestamp?: components["schemas"]["UnixSeconds"];
            data?: components["schemas"]["PageData"];
        } | {
            name: components["schemas"]["EventName"];
            /** @constant */
            type: "screen";
            anonymous_id?: components["schemas"]["AnonymousId"];
            id?: components["schemas"]["Ulid"];
            timestamp?: components["schemas"]["UnixSeconds"];
            data?: components["schemas"]["ScreenData"];
        };
        V1AnonymousEvent: {
            anonymous_id: components["schemas"]["AnonymousId"];
            name: components["schemas"]["EventName"];
            /** @enum {string} */
            type?: "event" | "page" | "screen";
            id?: components["schemas"]["Ulid"];
            timestamp?: components["schemas"]["UnixSeconds"];
            /** @description The same size limits as `EventData`. */
            data?: {
                /** Format: email */
                from_address?: string;
                reply_to?: string;
            } & {
                [key: string]: unknown;
            };
        };
        EmailMetric: {
            delivery_id: string;
            /** @enum {string} */
            metric: "bounced" | "clicked" | "converted" | "deferred" | "delivered" | "dropped" | "opened" | "spammed";
            timestamp?: components["schemas"]["UnixSeconds"];
            recipient?: string;
            /** @description Why a delivery failed, for `bounced`, `dropped` and `deferred`. */
            reason?: string;
            /** @description The link followed, for `clicked`. */
            href?: string;
        };
        /** @description What happened to a push notification on the device it was delivered to. */
        PushMetric: {
            /** @description The notification's `CIO-Delivery-ID`. */
            delivery_id?: string;
            /** @enum {string} */
            event?: "opened" | "converted" | "delivered";
            /** @description The notification's `CIO-Delivery-Token`, the device's token. */
            device_id?: string;
            timestamp?: components["schemas"]["UnixSeconds"];
        };
        FormSubmission: {
            data: components["schemas"]["FormFields"];
        };
        /**
         * @description The form's fields, every value a string, naming the person by exactly one of `email` and `id`.
         *     The other fields become the person's attributes; `form_id`, `form_name`, `form_type`,
         *     `form_url` and `form_url_param` are Customer.io's own names, and ignored.
         */
        FormFields: ({
            email: components["schemas"]["Email"];
            id?: never;
        } & {
            [key: string]: string;
        }) | ({
            id: components["schemas"]["PersonId"];
            email?: never;
        } & {
            [key: string]: string;
        });
        SegmentMembers: {
            /** @description People of the kind the `id_type` parameter names; at most 1000. */
            ids: string[];
        };
    };
    responses: {
        /** @description Accepted. The body is an empty JSON object. */
        Success: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["EmptyObject"];
            };
        };
        /** @description The request was rejected; nothing was applied. */
        V1BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["V1ErrorBody"];
            };
        };
        /** @description The whole request was rejected; nothing was applied. */
        V2BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["V2ErrorBody"];
            };
        };
        /** @description The Site ID or API key is wrong, or belongs to another region. No body is promised. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content?: never;
        };
    };
    parameters: {
        /** @description The manual segment's id, shown on its page in Customer.io. */
        SegmentId: number;
        /** @description Which identifier every value of `ids` is. */
        SegmentIdType: "id" | "email" | "cio_id";
        /**
         * @description A person's id, email address, or `cio_` followed by their cio_id; Customer.io tells them
         *     apart by shape. Always percent-encoded as one path segment.
         */
        PersonIdentifier: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getRegion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The credentials are valid; the body names the workspace's region. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegionInfo"];
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    identifyPerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A person's id, email address, or `cio_` followed by their cio_id; Customer.io tells them
                 *     apart by shape. Always percent-encoded as one path segment.
                 */
                identifier: components["parameters"]["PersonIdentifier"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["V1PersonAttributes"];
            };
        };
        responses: {
            200: components["responses"]["Success"];
            400: components["responses"]["V1BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    deletePerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A person's id, email address, or `cio_` followed by their cio_id; Customer.io tells them
                 *     apart by shape. Always percent-encoded as one path segment.
                 */
                identifier: components["parameters"]["PersonIdentifier"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Success"];
            401: components["responses"]["Unauthorized"];
        };
    };
    addDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A person's id, email address, or `cio_` followed by their cio_id; Customer.io tells them
                 *     apart by shape. Always percent-encoded as one path segment.
                 */
                identifier: components["parameters"]["PersonIdentifier"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    device: components["schemas"]["V1Device"];
                };
            };
        };
        responses: {
            200: components["responses"]["Success"];
            400: components["responses"]["V1BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    deleteDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A person's id, email address, or `cio_` followed by their cio_id; Customer.io tells them
                 *     apart by shape. Always percent-encoded as one path segment.
                 */
                identifier: components["parameters"]["PersonIdentifier"];
                /** @description The device token, percent-encoded. */
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Success"];
            400: components["responses"]["V1BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    suppressPerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A person's id, email address, or `cio_` followed by their cio_id; Customer.io tells them
                 *     apart by shape. Always percent-encoded as one path segment.
                 */
                identifier: components["parameters"]["PersonIdentifier"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Success"];
            401: components["responses"]["Unauthorized"];
        };
    };
    unsuppressPerson: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A person's id, email address, or `cio_` followed by their cio_id; Customer.io tells them
                 *     apart by shape. Always percent-encoded as one path segment.
                 */
                identifier: components["parameters"]["PersonIdentifier"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Success"];
            401: components["responses"]["Unauthorized"];
        };
    };
    trackEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A person's id, email address, or `cio_` followed by their cio_id; Customer.io tells them
                 *     apart by shape. Always percent-encoded as one path segment.
                 */
                identifier: components["parameters"]["PersonIdentifier"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["V1PersonEvent"];
            };
        };
        responses: {
            200: components["responses"]["Success"];
            400: components["responses"]["V1BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    trackAnonymousEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["V1AnonymousEvent"];
            };
        };
        responses: {
            200: components["responses"]["Success"];
            400: components["responses"]["V1BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    mergePeople: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    primary: components["schemas"]["PersonIdentifiers"];
                    secondary: components["schemas"]["PersonIdentifiers"];
                };
            };
        };
        responses: {
            200: components["responses"]["Success"];
            400: components["responses"]["V1BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    reportMetric: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmailMetric"];
            };
        };
        responses: {
            200: components["responses"]["Success"];
            400: components["responses"]["V1BadRequest"];
        };
    };
    unsubscribe: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The delivery whose recipient unsubscribes, percent-encoded. */
                delivery_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description `false` leaves the recipient as they are. Absent, the request unsubscribes them: that
                     *     is what the endpoint does.
                     */
                    unsubscribe?: boolean;
                };
            };
        };
        responses: {
            200: components["responses"]["Success"];
            400: components["responses"]["V1BadRequest"];
        };
    };
    reportPushMetric: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PushMetric"];
            };
        };
        responses: {
            200: components["responses"]["Success"];
            400: components["responses"]["V1BadRequest"];
        };
    };
    submitForm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Your name for the form, percent-encoded. Customer.io creates the form the first time it sees
                 *     the name; submissions with the same name are submissions of the same form.
                 */
                form_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FormSubmission"];
            };
        };
        responses: {
            200: components["responses"]["Success"];
            400: components["responses"]["V1BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    addPeopleToSegment: {
        parameters: {
            query?: {
                /** @description Which identifier every value of `ids` is. */
                id_type?: components["parameters"]["SegmentIdType"];
            };
            header?: never;
            path: {
                /** @description The manual segment's id, shown on its page in Customer.io. */
                segment_id: components["parameters"]["SegmentId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SegmentMembers"];
            };
        };
        responses: {
            200: components["responses"]["Success"];
            400: components["responses"]["V1BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    removePeopleFromSegment: {
        parameters: {
            query?: {
                /** @description Which identifier every value of `ids` is. */
                id_type?: components["parameters"]["SegmentIdType"];
            };
            header?: never;
            path: {
                /** @description The manual segment's id, shown on its page in Customer.io. */
                segment_id: components["parameters"]["SegmentId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SegmentMembers"];
            };
        };
        responses: {
            200: components["responses"]["Success"];
            400: components["responses"]["V1BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    sendEntity: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EntityOperation"];
            };
        };
        responses: {
            200: components["responses"]["Success"];
            400: components["responses"]["V2BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    sendBatch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Batch"];
            };
        };
        responses: {
            200: components["responses"]["Success"];
            /** @description Some items were rejected; every other item was applied. */
            207: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchPartialFailure"];
                };
            };
            400: components["responses"]["V2BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
}
