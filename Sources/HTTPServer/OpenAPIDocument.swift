/// The OpenAPI 3.1 description of the API, served at `GET /openapi.yaml`. Tests check that every route is
/// described, that every documented status code can be produced, and that every request example is accepted by
/// a live server, so the document stays true.
enum OpenAPIDocument {
    static let yaml = #"""
        openapi: 3.1.0
        info:
          title: HelplineStats API
          version: "1.0"
          description: |
            Append contact and campaign events, record campaigns, and read reports. Every route except /health (and
            / when the public dashboard is enabled) needs a bearer token (`helpline-stats token create`) with the
            route's scope: ingest for writes, read for reads; admin tokens may do both; public tokens get the public
            reports and dashboard only (docs/DISCLOSURE.md). Errors are
            application/problem+json with a specific `detail`. Events never hold personal data: unknown fields are
            refused.
        servers:
          - url: http://127.0.0.1:8080
        security:
          - bearer: []
        tags:
          - name: events
          - name: campaigns
          - name: reports
          - name: operations
        paths:
          /health:
            get:
              tags: [operations]
              summary: Whether the service and its database are up (anonymous; nothing else)
              security: []
              responses:
                "200": {description: The service and its database are up, content: {application/json: {schema: {$ref: "#/components/schemas/Probe"}}}}
                "503": {$ref: "#/components/responses/Unavailable"}
          /v1/health:
            get:
              tags: [operations]
              summary: Database reachability and each projection's lag (scope read)
              responses:
                "200": {description: The service and its database are up, content: {application/json: {schema: {$ref: "#/components/schemas/Health"}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "503": {$ref: "#/components/responses/Unavailable"}
          /metrics:
            get:
              tags: [operations]
              summary: Prometheus metrics (scope read)
              responses:
                "200": {description: Metrics in the Prometheus text format, content: {text/plain: {schema: {type: string}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
          /openapi.yaml:
            get:
              tags: [operations]
              summary: This document (any valid token)
              responses:
                "200": {description: The OpenAPI document, content: {application/yaml: {schema: {type: string}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
          /:
            get:
              tags: [reports]
              summary: "The dashboard (HTML with SVG charts): scope read, or public figures only anonymously (when the public dashboard is enabled), with scope public or with public=true"
              parameters:
                - {name: helpline, in: query, schema: {type: string}}
                - {name: from, in: query, schema: {$ref: "#/components/schemas/Month"}}
                - {name: to, in: query, schema: {$ref: "#/components/schemas/Month"}}
                - {$ref: "#/components/parameters/Public"}
              responses:
                "200": {description: The dashboard page, content: {text/html: {schema: {type: string}}}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
          /v1/events:
            post:
              tags: [events]
              summary: Append one event, an array of events, or a batch with expected stream versions (scope ingest)
              description: |
                All-or-nothing per request (at most 1,000 events). Idempotent by event id: a retried request returns
                200 with the same positions; the same id with different content is 409.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      oneOf:
                        - {$ref: "#/components/schemas/Event"}
                        - {type: array, items: {$ref: "#/components/schemas/Event"}, minItems: 1, maxItems: 1000}
                        - {$ref: "#/components/schemas/EventBatch"}
                    example:
                      events:
                        - eventId: 3b0b5f0e-7f43-4c53-9a4e-6a2f0f5d1c01
                          type: ContactReceived
                          schemaVersion: 1
                          occurredAt: "2023-03-02T09:15:00Z"
                          source: telephony
                          helpline: "1712"
                          contactId: call-20230302-0001
                          data: {channel: phone, receivedAt: "2023-03-02T09:15:00Z", inOpeningHours: true}
                        - eventId: 3b0b5f0e-7f43-4c53-9a4e-6a2f0f5d1c02
                          type: ContactAnswered
                          schemaVersion: 1
                          occurredAt: "2023-03-02T09:15:42Z"
                          source: telephony
                          helpline: "1712"
                          contactId: call-20230302-0001
                          data: {waitSeconds: 42}
                      expectedVersions:
                        contact-1712-call-20230302-0001: 0
              responses:
                "200": {description: Every event was already stored (a retry), content: {application/json: {schema: {$ref: "#/components/schemas/AppendResult"}}}}
                "201": {description: Stored, content: {application/json: {schema: {$ref: "#/components/schemas/AppendResult"}}}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "409": {$ref: "#/components/responses/Conflict"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
                "503": {$ref: "#/components/responses/Unavailable"}
          /v1/campaigns:
            get:
              tags: [campaigns]
              summary: Every campaign with dates, channels, costs and reach (scope read)
              responses:
                "200": {description: The campaigns, content: {application/json: {schema: {type: object, properties: {campaigns: {type: array, items: {$ref: "#/components/schemas/CampaignOverview"}}}}}}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
            post:
              tags: [campaigns]
              summary: Record a campaign in the shape of an entry of the campaign import file (scope ingest)
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: "#/components/schemas/CampaignDefinition"}
                    example:
                      id: lijn-1712-veilige-thuis
                      name: Lijn 1712, bestemming Veilige thuis
                      owner: "1712"
                      helplines: ["1712"]
                      targetGroups: [general_public]
                      channels: [{channel: bus_tram, region: Vlaanderen}]
                      plannedStart: "2023-03-01"
                      plannedEnd: "2023-05-31"
                      costs: [{item: media buying, amountCents: 2500000, currency: EUR}]
              responses:
                "200": {$ref: "#/components/responses/AlreadyRecorded"}
                "201": {$ref: "#/components/responses/Recorded"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "409": {$ref: "#/components/responses/Conflict"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
          /v1/campaigns/{id}:
            get:
              tags: [campaigns]
              summary: One campaign (scope read)
              parameters: [{$ref: "#/components/parameters/CampaignId"}]
              responses:
                "200": {description: The campaign, content: {application/json: {schema: {$ref: "#/components/schemas/CampaignOverview"}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
          /v1/campaigns/{id}/channels:
            post:
              tags: [campaigns]
              summary: Add a channel (CampaignChannelAdded; scope ingest)
              parameters: [{$ref: "#/components/parameters/CampaignId"}]
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/ChannelBody"}, example: {channel: radio, region: Vlaanderen}}}}
              responses:
                "200": {$ref: "#/components/responses/AlreadyRecorded"}
                "201": {$ref: "#/components/responses/Recorded"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
          /v1/campaigns/{id}/start:
            post:
              tags: [campaigns]
              summary: Record the start (CampaignStarted; scope ingest)
              parameters: [{$ref: "#/components/parameters/CampaignId"}]
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/StartBody"}, example: {startedAt: "2023-03-01T00:00:00+01:00"}}}}
              responses:
                "200": {$ref: "#/components/responses/AlreadyRecorded"}
                "201": {$ref: "#/components/responses/Recorded"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "409": {$ref: "#/components/responses/Conflict"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
          /v1/campaigns/{id}/stop:
            post:
              tags: [campaigns]
              summary: Record the stop (CampaignStopped; scope ingest)
              parameters: [{$ref: "#/components/parameters/CampaignId"}]
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/StopBody"}, example: {stoppedAt: "2023-05-31T23:59:59+02:00"}}}}
              responses:
                "200": {$ref: "#/components/responses/AlreadyRecorded"}
                "201": {$ref: "#/components/responses/Recorded"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "409": {$ref: "#/components/responses/Conflict"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
          /v1/campaigns/{id}/costs:
            post:
              tags: [campaigns]
              summary: Record a cost item in integer cents (CampaignCostRecorded; scope ingest)
              parameters: [{$ref: "#/components/parameters/CampaignId"}]
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/CostBody"}, example: {item: posters, amountCents: 120050, currency: EUR}}}}
              responses:
                "200": {$ref: "#/components/responses/AlreadyRecorded"}
                "201": {$ref: "#/components/responses/Recorded"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
          /v1/campaigns/{id}/reach:
            post:
              tags: [campaigns]
              summary: Record a reach figure (CampaignReachRecorded; scope ingest)
              parameters: [{$ref: "#/components/parameters/CampaignId"}]
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/ReachBody"}, example: {metric: reach, value: 58000, source: Instagram}}}}
              responses:
                "200": {$ref: "#/components/responses/AlreadyRecorded"}
                "201": {$ref: "#/components/responses/Recorded"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
          /v1/campaigns/{id}/notes:
            post:
              tags: [campaigns]
              summary: Record an evaluation or next step about the campaign (CampaignNoteRecorded; scope ingest)
              parameters: [{$ref: "#/components/parameters/CampaignId"}]
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/NoteBody"}, example: {kind: next_step, text: Repeat in autumn with radio spots}}}}
              responses:
                "200": {$ref: "#/components/responses/AlreadyRecorded"}
                "201": {$ref: "#/components/responses/Recorded"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
          /v1/campaigns/{id}/corrections:
            post:
              tags: [campaigns]
              summary: Correct the name or dates (CampaignCorrected; scope ingest)
              parameters: [{$ref: "#/components/parameters/CampaignId"}]
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/CorrectionBody"}, example: {stoppedAt: "2023-05-24T23:59:59+02:00"}}}}
              responses:
                "200": {$ref: "#/components/responses/AlreadyRecorded"}
                "201": {$ref: "#/components/responses/Recorded"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
          /v1/campaigns/{id}/cancel:
            post:
              tags: [campaigns]
              summary: Cancel the campaign (CampaignCancelled; scope ingest)
              parameters: [{$ref: "#/components/parameters/CampaignId"}]
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/CancelBody"}, example: {reason: budget}}}}
              responses:
                "200": {$ref: "#/components/responses/AlreadyRecorded"}
                "201": {$ref: "#/components/responses/Recorded"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "409": {$ref: "#/components/responses/Conflict"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
          /v1/baseline-events:
            get:
              tags: [campaigns]
              summary: The recorded baseline events (lockdowns, media stories, strikes, outages), withdrawn ones marked (scope read)
              responses:
                "200": {description: The baseline events, content: {application/json: {schema: {type: object, properties: {baselineEvents: {type: array, items: {$ref: "#/components/schemas/BaselineEventListed"}}}}}}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
          /v1/baseline-events/{id}:
            put:
              tags: [campaigns]
              summary: Record or correct a known non-campaign event that the campaign model takes as a regressor (BaselineEventRecorded; scope ingest)
              parameters: [{$ref: "#/components/parameters/CampaignId"}]
              requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/BaselineEventBody"}, example: {kind: level_shift, start: "2020-03-16", end: "2021-06-30", helplines: ["1712"], label: COVID-19 measures}}}}
              responses:
                "200": {description: Already recorded with this content (a retry); nothing changed, content: {application/json: {schema: {$ref: "#/components/schemas/BaselineWritten"}}}}
                "201": {description: Recorded, content: {application/json: {schema: {$ref: "#/components/schemas/BaselineWritten"}}}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "415": {$ref: "#/components/responses/UnsupportedMediaType"}
          /v1/baseline-events/{id}/withdraw:
            post:
              tags: [campaigns]
              summary: Withdraw a baseline event recorded by mistake (BaselineEventWithdrawn; scope ingest). No body.
              parameters: [{$ref: "#/components/parameters/CampaignId"}]
              responses:
                "200": {description: Already withdrawn; nothing changed, content: {application/json: {schema: {$ref: "#/components/schemas/BaselineWritten"}}}}
                "201": {description: Withdrawn, content: {application/json: {schema: {$ref: "#/components/schemas/BaselineWritten"}}}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
          /v1/reports/monthly:
            get:
              tags: [reports]
              summary: Monthly contacts with month-over-month and year-over-year change (scope read; scope public or public=true for the public table)
              parameters:
                - {name: month, in: query, description: One month (instead of from/to), schema: {$ref: "#/components/schemas/Month"}}
                - {name: from, in: query, schema: {$ref: "#/components/schemas/Month"}}
                - {name: to, in: query, schema: {$ref: "#/components/schemas/Month"}}
                - {name: helpline, in: query, schema: {type: string}}
                - {name: channel, in: query, description: "A channel, or all for the sum of the channels", schema: {type: string}}
                - {$ref: "#/components/parameters/Public"}
              responses:
                "200": {description: "The report (the same JSON as `helpline-stats report monthly [--public] --format json`)", content: {application/json: {schema: {oneOf: [{$ref: "#/components/schemas/MonthlyReport"}, {$ref: "#/components/schemas/PublicMonthlyReport"}]}}}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
          /v1/reports/campaigns:
            get:
              tags: [reports]
              summary: "Campaign evaluation: uplift with interval, cost per extra contact, checks (scope read; scope public or public=true for the public table)"
              parameters:
                - {name: campaign, in: query, schema: {$ref: "#/components/schemas/Id"}}
                - {name: helpline, in: query, schema: {type: string}}
                - {name: channel, in: query, description: "A channel, all, or each for every row", schema: {type: string}}
                - {$ref: "#/components/parameters/Public"}
              responses:
                "200": {description: "The report (the same JSON as `helpline-stats report campaigns [--public] --format json`)", content: {application/json: {schema: {oneOf: [{$ref: "#/components/schemas/CampaignReport"}, {$ref: "#/components/schemas/PublicCampaignReport"}]}}}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer, description: "A token from `helpline-stats token create` (hs_…)"}
          parameters:
            CampaignId: {name: id, in: path, required: true, schema: {$ref: "#/components/schemas/Id"}}
            Public: {name: public, in: query, description: "true: only the released public figures (docs/DISCLOSURE.md); always so for a token with scope public only", schema: {type: boolean, default: false}}
          responses:
            Recorded: {description: Recorded, content: {application/json: {schema: {$ref: "#/components/schemas/Written"}}}}
            AlreadyRecorded: {description: Already recorded (a retry); nothing changed, content: {application/json: {schema: {$ref: "#/components/schemas/Written"}}}}
            BadRequest: {description: "The request is malformed or does not validate (detail names the field and rule)", content: {application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}}}
            Unauthorized: {description: "Missing, unknown or revoked bearer token", content: {application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}}}
            Forbidden: {description: The token lacks the route's scope, content: {application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}}}
            NotFound: {description: "No such route, campaign or resource", content: {application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}}}
            Conflict: {description: "Wrong expected version, or an id already stored with different content", content: {application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}}}
            TooLarge: {description: The body exceeds the limit (1 MiB by default), content: {application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}}}
            UnsupportedMediaType: {description: The body is not application/json, content: {application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}}}
            Unavailable:
              description: The database is unavailable; retry after the given seconds
              headers: {Retry-After: {schema: {type: integer}}}
              content: {application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}, application/json: {schema: {oneOf: [{$ref: "#/components/schemas/Probe"}, {$ref: "#/components/schemas/Health"}]}}}
          schemas:
            Id: {type: string, pattern: "^[A-Za-z0-9._:-]{1,64}$"}
            Month: {type: string, pattern: "^[0-9]{4}-[0-9]{2}$"}
            Timestamp: {type: string, format: date-time, description: RFC 3339 with an offset}
            Problem:
              type: object
              required: [type, title, status, detail]
              properties:
                type: {type: string}
                title: {type: string}
                status: {type: integer}
                detail: {type: string}
                errors: {type: array, items: {type: object, properties: {field: {type: string}, message: {type: string}}}}
            Event:
              type: object
              description: "A catalogue event (docs/EVENTS.md): contact events carry helpline and contactId, campaign events campaignId, baseline events baselineEventId. Unknown fields are refused."
              required: [eventId, type, schemaVersion, occurredAt, source, data]
              properties:
                eventId: {type: string, format: uuid}
                type: {type: string, enum: [ContactReceived, ContactAnswered, ContactAbandoned, ContactEnded, ContactClassified, ContactReclassified, ContactVoided, CampaignPlanned, CampaignChannelAdded, CampaignStarted, CampaignStopped, CampaignCostRecorded, CampaignReachRecorded, CampaignNoteRecorded, CampaignCorrected, CampaignCancelled, BaselineEventRecorded, BaselineEventWithdrawn]}
                schemaVersion: {type: integer, const: 1}
                occurredAt: {$ref: "#/components/schemas/Timestamp"}
                source: {$ref: "#/components/schemas/Id"}
                helpline: {$ref: "#/components/schemas/Id"}
                contactId: {$ref: "#/components/schemas/Id"}
                campaignId: {$ref: "#/components/schemas/Id"}
                baselineEventId: {$ref: "#/components/schemas/Id"}
                data: {type: object}
              additionalProperties: false
            EventBatch:
              type: object
              required: [events]
              properties:
                events: {type: array, items: {$ref: "#/components/schemas/Event"}, minItems: 1, maxItems: 1000}
                expectedVersions: {type: object, additionalProperties: {type: integer, minimum: 0}, description: "Per stream: the number of events it must hold (0 = must not exist)"}
              additionalProperties: false
            AppendResult:
              type: object
              properties:
                written: {type: integer}
                alreadyStored: {type: integer}
                positions: {type: array, items: {type: object, properties: {eventId: {type: string}, streamId: {type: string}, streamPosition: {type: integer}, globalPosition: {type: integer}}}}
            Written:
              type: object
              properties: {campaignId: {type: string}, written: {type: integer}, alreadyPresent: {type: integer}}
            CampaignDefinition:
              type: object
              required: [id, name, helplines]
              additionalProperties: false
              properties:
                id: {$ref: "#/components/schemas/Id"}
                name: {type: string}
                owner: {$ref: "#/components/schemas/Id"}
                helplines: {type: array, items: {$ref: "#/components/schemas/Id"}, minItems: 1}
                targetGroups: {type: array, items: {type: string}}
                channels: {type: array, items: {$ref: "#/components/schemas/ChannelBody"}}
                plannedStart: {type: string, format: date}
                plannedEnd: {type: string, format: date}
                startedAt: {$ref: "#/components/schemas/Timestamp"}
                stoppedAt: {$ref: "#/components/schemas/Timestamp"}
                costs: {type: array, items: {$ref: "#/components/schemas/CostBody"}}
                reach: {type: array, items: {$ref: "#/components/schemas/ReachBody"}}
                notes: {type: array, items: {$ref: "#/components/schemas/NoteBody"}}
            ChannelBody: {type: object, required: [channel], additionalProperties: false, properties: {channel: {type: string, enum: [bus_tram, radio, tv, social_video, poster, influencer, billboard, press, other]}, region: {type: string}}}
            StartBody: {type: object, required: [startedAt], additionalProperties: false, properties: {startedAt: {$ref: "#/components/schemas/Timestamp"}}}
            StopBody: {type: object, required: [stoppedAt], additionalProperties: false, properties: {stoppedAt: {$ref: "#/components/schemas/Timestamp"}}}
            CostBody: {type: object, required: [item, amountCents, currency], additionalProperties: false, properties: {item: {type: string}, amountCents: {type: integer, minimum: 0}, currency: {type: string, pattern: "^[A-Z]{3}$"}}}
            ReachBody: {type: object, required: [metric, value, source], additionalProperties: false, properties: {metric: {type: string, enum: [reach, impressions, views, grp]}, value: {type: number, minimum: 0}, source: {type: string}}}
            NoteBody: {type: object, required: [kind, text], additionalProperties: false, properties: {kind: {type: string, enum: [evaluation, next_step]}, text: {type: string}}}
            CorrectionBody: {type: object, additionalProperties: false, properties: {name: {type: string}, plannedStart: {type: string, format: date}, plannedEnd: {type: string, format: date}, startedAt: {$ref: "#/components/schemas/Timestamp"}, stoppedAt: {$ref: "#/components/schemas/Timestamp"}}}
            BaselineEventBody:
              type: object
              additionalProperties: false
              required: [kind, start, helplines, label]
              properties:
                kind: {type: string, enum: [level_shift, pulse, closure]}
                start: {type: string, format: date, description: First local day affected}
                end: {type: string, format: date, description: "Last local day affected; absent: a level shift that still lasts, or one day"}
                helplines: {type: array, minItems: 1, items: {$ref: "#/components/schemas/Id"}}
                channels: {type: array, items: {type: string, enum: [phone, chat, email, sms, other]}, description: Absent or empty for every channel}
                label: {type: string, maxLength: 100, description: "A short label for reports; no e-mail address or phone-number-like run of 9+ digits (contact details are refused)"}
            BaselineWritten: {type: object, properties: {baselineEventId: {type: string}, written: {type: integer}, alreadyPresent: {type: integer}}}
            BaselineEventListed:
              type: object
              properties:
                id: {type: string}
                kind: {type: string}
                start: {type: string}
                end: {type: [string, "null"]}
                helplines: {type: array, items: {type: string}}
                channels: {type: array, items: {type: string}}
                label: {type: string}
                withdrawn: {type: boolean}
            CancelBody: {type: object, additionalProperties: false, properties: {reason: {type: string, enum: [budget, postponed, replaced, duplicate, other]}}}
            CampaignOverview:
              type: object
              properties:
                id: {type: string}
                name: {type: string}
                owner: {type: [string, "null"]}
                helplines: {type: array, items: {type: string}}
                targetGroups: {type: array, items: {type: string}}
                plannedStart: {type: [string, "null"]}
                plannedEnd: {type: [string, "null"]}
                startedAt: {type: [string, "null"]}
                stoppedAt: {type: [string, "null"]}
                windowStart: {type: [string, "null"]}
                windowEnd: {type: [string, "null"]}
                status: {type: string, enum: [planned, running, stopped, cancelled]}
                durationDays: {type: [integer, "null"]}
                channels: {type: array, items: {type: string}}
                totalCostEur: {type: [number, "null"]}
                costItems: {type: array, items: {type: object}}
                reach: {type: array, items: {type: object}}
                totalReach: {type: [number, "null"]}
            MonthlyReport:
              type: object
              properties:
                generatedAt: {type: string}
                timeZone: {type: string}
                rows:
                  type: array
                  items:
                    type: object
                    properties:
                      month: {type: string}
                      helpline: {type: string}
                      channel: {type: string}
                      contacts: {type: integer}
                      answered: {type: integer}
                      abandoned: {type: integer}
                      previousMonthContacts: {type: [integer, "null"]}
                      changeVsPreviousMonthPercent: {type: [number, "null"]}
                      sameMonthLastYearContacts: {type: [integer, "null"]}
                      changeVsSameMonthLastYearPercent: {type: [number, "null"]}
                      perDayChangeVsPreviousMonthPercent: {type: [number, "null"]}
                      activeCampaigns: {type: array, items: {type: string}}
                      partial: {type: boolean}
                      rateChangeVsPreviousMonth: {oneOf: [{$ref: "#/components/schemas/RateChange"}, {type: "null"}]}
                      rateChangeVsSameMonthLastYear: {oneOf: [{$ref: "#/components/schemas/RateChange"}, {type: "null"}]}
            PublicMonthlyReport:
              type: object
              description: Released public figures (docs/DISCLOSURE.md). A withheld count has contacts null and shownAs its label.
              properties:
                generatedAt: {type: string}
                lastPublishableMonth: {type: string}
                embargoDays: {type: integer}
                disclosure: {type: string}
                rows:
                  type: array
                  items:
                    type: object
                    properties:
                      month: {type: string}
                      helpline: {type: string}
                      channel: {type: string, description: A channel, or all for the month's total}
                      contacts: {type: [integer, "null"]}
                      shownAs: {type: string, description: "The count, <threshold (below it) or x (withheld so that a small count cannot be worked out)"}
                      withheld: {type: [string, "null"], enum: [primary, secondary, null]}
                      threshold: {type: integer}
                      previousMonthContacts: {type: [string, "null"], description: The month before as released (its shownAs)}
                      changeVsPreviousMonthPercent: {type: [number, "null"]}
                      sameMonthLastYearContacts: {type: [string, "null"]}
                      changeVsSameMonthLastYearPercent: {type: [number, "null"]}
            PublicCampaignReport:
              type: object
              description: Campaigns with their released public effects (docs/DISCLOSURE.md), rounded; no observed or expected counts.
              properties:
                generatedAt: {type: string}
                embargoDays: {type: integer}
                disclosure: {type: string}
                campaigns:
                  type: array
                  items:
                    type: object
                    properties:
                      id: {type: string}
                      name: {type: string}
                      helplines: {type: array, items: {type: string}}
                      channels: {type: array, items: {type: string}}
                      windowStart: {type: [string, "null"]}
                      windowEnd: {type: [string, "null"]}
                      status: {type: string}
                      totalCostEur: {type: [number, "null"]}
                      totalReach: {type: [number, "null"]}
                      effectsNote: {type: [string, "null"], description: Why no effect is public yet}
                      effects:
                        type: array
                        items:
                          type: object
                          properties:
                            helpline: {type: string}
                            channel: {type: string}
                            shownAs: {type: string}
                            withheld: {type: [string, "null"], enum: [primary, secondary, null]}
                            threshold: {type: integer}
                            extraContacts: {type: [integer, "null"], description: Rounded to 10}
                            extraLow: {type: [integer, "null"]}
                            extraHigh: {type: [integer, "null"]}
                            upliftPercent: {type: [integer, "null"]}
                            upliftPercentLow: {type: [integer, "null"]}
                            upliftPercentHigh: {type: [integer, "null"]}
                            significant: {type: [boolean, "null"]}
                            baselineExtrapolated: {type: [boolean, "null"]}
                            sensitivityDisagrees: {type: [boolean, "null"]}
                            costPerExtraContactEur: {type: [integer, "null"]}
                            costPerExtraContactLowEur: {type: [integer, "null"]}
                            costPerExtraContactHighEur: {type: [integer, "null"]}
            RateChange:
              type: object
              description: >-
                Per-day rate ratio of a month against a base month (the month before, or the same month a year before),
                with a 95% interval for day-to-day noise (overdispersion and short-range serial correlation of the
                daily counts, never narrower than Poisson). The current month is compared on its complete days with
                the same days of the base month. The interval is null when the daily history is too short to measure
                the noise (under 40 residual degrees of freedom).
              properties:
                contacts: {type: integer}
                days: {type: integer}
                baseContacts: {type: integer}
                baseDays: {type: integer}
                ratio: {type: number}
                low: {type: [number, "null"]}
                high: {type: [number, "null"]}
                percent: {type: number}
                percentLow: {type: [number, "null"]}
                percentHigh: {type: [number, "null"]}
                withinNormalVariation: {type: [boolean, "null"], description: The interval includes no change.}
                dispersion: {type: [number, "null"], description: Variance-to-mean ratio of the daily counts around each quarter's weekday means.}
                serialCorrelationInflation: {type: [number, "null"], description: "How much more a sum of this many consecutive days varies than independent days (1 + 2 Σ (1 − k/n) ρₖ, lags 1–6)."}
            CampaignReport:
              type: object
              properties:
                generatedAt: {type: string}
                model: {type: object, properties: {family: {type: [string, "null"]}, alpha: {type: [number, "null"]}, fourierTerms: {type: [integer, "null"]}, baselineEvents: {type: array, items: {type: string}, description: The recorded baseline events the fits took as regressors}, residualAutocorrelationLag1: {type: [number, "null"], description: Largest lag-1 Pearson-residual autocorrelation over the fits covered}, varianceInflation28Days: {type: [number, "null"], description: Largest variance inflation for a 28-day window implied by the residual autocorrelation}}}
                campaigns:
                  type: array
                  items:
                    type: object
                    properties:
                      id: {type: string}
                      name: {type: string}
                      helpline: {type: string}
                      channel: {type: string}
                      start: {type: [string, "null"]}
                      end: {type: [string, "null"]}
                      carryOverHalfLifeDays: {type: [number, "null"]}
                      observedContacts: {type: [number, "null"]}
                      expectedContacts: {type: [number, "null"]}
                      upliftContacts: {type: [number, "null"]}
                      upliftLow: {type: [number, "null"]}
                      upliftHigh: {type: [number, "null"]}
                      upliftPercent: {type: [number, "null"]}
                      costEur: {type: [number, "null"]}
                      costPerExtraContactEur: {type: [number, "null"]}
                      costPerExtraContactLowEur: {type: [number, "null"]}
                      costPerExtraContactHighEur: {type: [number, "null"]}
                      overlapsWith: {type: array, items: {type: string}}
                      significant: {type: [boolean, "null"]}
                      warnings: {type: array, items: {type: string}}
                      upliftPercentLow: {type: [number, "null"], description: "95% interval of the % uplift, including the expected count's uncertainty"}
                      upliftPercentHigh: {type: [number, "null"]}
                      baselineExtrapolated: {type: boolean, description: "running, carry-over not over, or in the last 28 days of data: no cost per extra contact yet"}
                      placeboCalibrationFactor: {type: [number, "null"], description: "factor (>= 1) by which placebos of the campaign's length widened the interval"}
                      sensitivityDisagrees: {type: boolean, description: "another baseline specification gives a non-overlapping interval"}
                      answeredContacts: {type: [integer, "null"], description: Answered contacts over the campaign's days (start to the end of its after-effect)}
                      baselineAnswerRate: {type: [number, "null"], description: Answered / received in the eight weeks before the campaign}
                      extraAnsweredContacts: {type: [number, "null"], description: "Extra contacts answered: answered − baseline answer rate × (observed − upliftContacts)"}
                      extraAnsweredLow: {type: [number, "null"]}
                      extraAnsweredHigh: {type: [number, "null"]}
                      extraUnansweredContacts: {type: [number, "null"], description: "Extra demand left unanswered: upliftContacts − extraAnsweredContacts"}
                      sensitivity:
                        type: array
                        description: The estimate under the other baseline specifications (the other trend; without the recorded events)
                        items: {type: object, properties: {specification: {type: string}, upliftContacts: {type: [number, "null"]}, upliftLow: {type: [number, "null"]}, upliftHigh: {type: [number, "null"]}, error: {type: [string, "null"]}}}
                checks:
                  type: object
                  properties:
                    placeboRuns: {type: [integer, "null"]}
                    placeboSignificant: {type: [integer, "null"]}
                    backtestMeanAbsPercentError: {type: [number, "null"]}
                    placeboFalsePositiveRate: {type: [number, "null"], description: "share of placebos significant before calibration (about 0.05 expected)"}
                    backtestIntervalCoverage: {type: [number, "null"], description: "share of held-out weeks inside their 95% prediction interval"}
                    backtestNoiseMeanAbsPercentError: {type: [number, "null"], description: "the weekly % error count noise alone would give"}
            Probe:
              type: object
              required: [status]
              additionalProperties: false
              properties:
                status: {type: string, enum: [ok, unavailable]}
            Health:
              type: object
              properties:
                status: {type: string, enum: [ok, degraded, unavailable]}
                database: {type: string}
                projections: {type: array, items: {type: object, properties: {name: {type: string}, eventsBehind: {type: integer}, secondsBehind: {type: number}, failed: {type: boolean}}}}
        """#
}
