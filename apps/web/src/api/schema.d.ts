/**
 * Generated from the server's OpenAPI document by apps/web/scripts/generate-api.ts (npm run generate:web-api).
 * Do not edit: change the route schemas and regenerate. test/web-api-schema.test.ts fails when this file drifts.
 */

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database (and Redis, when configured) answer */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ready";
                            checks: {
                                [key: string]: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "unavailable";
                            checks: {
                                [key: string]: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What this SmarterOS is (seed route) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            version: string;
                            /** @enum {string} */
                            database: "embedded" | "postgresql";
                            /** @enum {string} */
                            cache: "in-process" | "redis";
                            base_domain: string;
                            products: string[];
                            started_at: string;
                            time_zone: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with e-mail and password; returns a short-lived access token and sets the session cookie */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Cookie mode: use and set the HttpOnly session cookie; the body leaves out refresh_token */
                    "x-smarteros-session"?: "1";
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                        /**
                         * Format: uuid
                         * @description Scope the token to one of your tenants
                         */
                        tenant_id?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            expires_in: number;
                            /** @description Single use: POST it to /api/v1/auth/refresh for a new pair */
                            refresh_token?: string;
                            refresh_expires_in: number;
                            role: string;
                            tenant_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trade a refresh token (body, or the session cookie with X-SmarterOS-Session: 1) for a new pair; rotation, a reused token ends the session
         * @description Two tabs refreshing with the same token within 30 s both get the same successor. Without a body token the session cookie is used, and then X-SmarterOS-Session: 1 is required and Origin, when sent, must be the console's.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Cookie mode: use and set the HttpOnly session cookie; the body leaves out refresh_token */
                    "x-smarteros-session"?: "1";
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        refresh_token?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            expires_in: number;
                            /** @description Single use: POST it to /api/v1/auth/refresh for a new pair */
                            refresh_token?: string;
                            refresh_expires_in: number;
                            role: string;
                            tenant_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/switch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Switch the session to another tenant you belong to (refresh token in the body, or the session cookie) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Cookie mode: use and set the HttpOnly session cookie; the body leaves out refresh_token */
                    "x-smarteros-session"?: "1";
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        tenant_id: string;
                        refresh_token?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            expires_in: number;
                            /** @description Single use: POST it to /api/v1/auth/refresh for a new pair */
                            refresh_token?: string;
                            refresh_expires_in: number;
                            role: string;
                            tenant_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End this session (and clear the session cookie) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End every session of this person (access tokens already issued expire within minutes) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            revoked: number;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your live sessions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description The session (refresh-token family); DELETE /api/v1/auth/sessions/:id closes it */
                                id: string;
                                /** @description Readable browser and system, e.g. "Chrome 131 en Windows", "SmarterOS CLI" */
                                device: string;
                                tenant_id: string | null;
                                last_used_at: string;
                                expires_at: string;
                                ip: string | null;
                                user_agent: string | null;
                                current: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Close one of your own sessions (another person's answers 404) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who the credential belongs to: name, e-mail and role */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            kind: string;
                            id: string;
                            role: string;
                            tenant_id: string | null;
                            /** @description The person's display name (an API key: its name) */
                            name: string | null;
                            /** @description The person's e-mail (null for API keys and external tokens) */
                            email: string | null;
                            /** @description The session of this access token (people) */
                            session_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your password (the current one is required); your other sessions end */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        current_password: string;
                        new_password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            sessions_ended: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for a password reset link by e-mail; always 202, whether or not the address has an account */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            accepted: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with the token of a reset link (single use); every session of the person ends */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                        new_password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API keys of a tenant (never the keys themselves) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                role: string;
                                /** @description Last 4 characters of the key */
                                hint: string;
                                created_by: string;
                                /** Format: date-time */
                                created_at: string;
                                last_used_at: string | null;
                                revoked_at: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create an API key (the key is shown once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /**
                         * @default viewer
                         * @enum {string}
                         */
                        role?: "owner" | "admin" | "agent" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Shown once. Send as Authorization: Bearer <key> */
                            key: string;
                            name: string;
                            role: string;
                            hint: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/api-keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                    key_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tenants (platform admin): filters, search, cursor pages */
        get: {
            parameters: {
                query?: {
                    /** @description Search by business name (accents and case ignored) or RUT */
                    q?: string;
                    status?: "trial" | "active" | "suspended" | "cancelled";
                    plan?: string;
                    type?: "customer" | "infrastructure";
                    /** @description Tenants with this product in trial or active */
                    product?: "chat" | "erp" | "automation" | "analytics" | "ai";
                    /** @description Order (default -created_at: newest first); a leading - is descending */
                    sort?: "-created_at" | "created_at" | "business_name" | "-business_name";
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** @description Canonical form 12345678-5 */
                                rut: string;
                                /** @description Display form 12.345.678-5 */
                                rut_formatted: string;
                                business_name: string;
                                contact_email: string;
                                type: string;
                                status: string;
                                plan: string;
                                primary_domain: string | null;
                                trial_expires_at: string | null;
                                services_enabled: string[];
                                metadata: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                created_at: string;
                                /** Format: date-time */
                                updated_at: string;
                            }[];
                            /** @description Pass as cursor for the next page */
                            next_cursor: string | null;
                            /** @description Rows matching the filters, over all pages */
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a tenant and activate its products (default chat, erp, automation) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Chilean RUT in any common spelling (12.345.678-5, 123456785, 12345678-5)
                         * @example 76.086.428-5
                         */
                        rut: string;
                        business_name: string;
                        contact_email: string;
                        /** @default trial */
                        plan?: string;
                        /**
                         * @default customer
                         * @enum {string}
                         */
                        type?: "customer" | "infrastructure";
                        /**
                         * @description Products activated on creation (default chat, erp and automation); [] for none
                         * @default [
                         *       "chat",
                         *       "erp",
                         *       "automation"
                         *     ]
                         */
                        products?: ("chat" | "erp" | "automation" | "analytics" | "ai")[];
                        /**
                         * Format: date-time
                         * @description Override the plan trial end
                         */
                        trial_expires_at?: string;
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Canonical form 12345678-5 */
                            rut: string;
                            /** @description Display form 12.345.678-5 */
                            rut_formatted: string;
                            business_name: string;
                            contact_email: string;
                            type: string;
                            status: string;
                            plan: string;
                            primary_domain: string | null;
                            trial_expires_at: string | null;
                            services_enabled: string[];
                            metadata: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            updated_at: string;
                            /** @description On trial or active: products can be activated and operated (false when suspended or cancelled) */
                            operational: boolean;
                            /** @description The status changes allowed from the current status (POST /api/v1/tenants/:id/<action>, platform admins) */
                            status_actions: ("activate" | "suspend" | "reactivate" | "cancel")[];
                            products: {
                                product_code: string;
                                status: string;
                                plan: string | null;
                                trial_expires_at: string | null;
                                trial_seconds_left: number | null;
                                /** Format: date-time */
                                activated_at: string;
                                deactivated_at: string | null;
                                /** @description No trial of this product was used yet: a trial request starts one (otherwise subscribe) */
                                trial_available: boolean;
                                /** @description The product is on trial or active and the tenant is operational (not suspended or cancelled) */
                                operable: boolean;
                            }[];
                            domains: {
                                /** Format: uuid */
                                id: string;
                                domain: string;
                                subdomain: string | null;
                                domain_type: string;
                                verified: boolean;
                                is_active: boolean;
                                /** @description DNS record that proves ownership of a custom domain (until verified) */
                                verification: {
                                    /** @enum {string} */
                                    record_type: "TXT";
                                    name: string;
                                    value: string;
                                } | null;
                                verified_at: string | null;
                                /** Format: date-time */
                                created_at: string;
                            }[];
                            integrations: {
                                /** Format: uuid */
                                id: string;
                                integration_type: string;
                                external_id: string | null;
                                external_ref: {
                                    [key: string]: unknown;
                                };
                                is_active: boolean;
                                status: string;
                                /** Format: date-time */
                                created_at: string;
                                /** Format: date-time */
                                updated_at: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Plans a tenant can be on (codes for create and PATCH) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                code: string;
                                name: string;
                                /** @description Length of a product trial on this plan; null on unlimited plans (products start active) */
                                trial_days: number | null;
                                is_unlimited: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tenant with its products, domains and integrations */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Canonical form 12345678-5 */
                            rut: string;
                            /** @description Display form 12.345.678-5 */
                            rut_formatted: string;
                            business_name: string;
                            contact_email: string;
                            type: string;
                            status: string;
                            plan: string;
                            primary_domain: string | null;
                            trial_expires_at: string | null;
                            services_enabled: string[];
                            metadata: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            updated_at: string;
                            /** @description On trial or active: products can be activated and operated (false when suspended or cancelled) */
                            operational: boolean;
                            /** @description The status changes allowed from the current status (POST /api/v1/tenants/:id/<action>, platform admins) */
                            status_actions: ("activate" | "suspend" | "reactivate" | "cancel")[];
                            products: {
                                product_code: string;
                                status: string;
                                plan: string | null;
                                trial_expires_at: string | null;
                                trial_seconds_left: number | null;
                                /** Format: date-time */
                                activated_at: string;
                                deactivated_at: string | null;
                                /** @description No trial of this product was used yet: a trial request starts one (otherwise subscribe) */
                                trial_available: boolean;
                                /** @description The product is on trial or active and the tenant is operational (not suspended or cancelled) */
                                operable: boolean;
                            }[];
                            domains: {
                                /** Format: uuid */
                                id: string;
                                domain: string;
                                subdomain: string | null;
                                domain_type: string;
                                verified: boolean;
                                is_active: boolean;
                                /** @description DNS record that proves ownership of a custom domain (until verified) */
                                verification: {
                                    /** @enum {string} */
                                    record_type: "TXT";
                                    name: string;
                                    value: string;
                                } | null;
                                verified_at: string | null;
                                /** Format: date-time */
                                created_at: string;
                            }[];
                            integrations: {
                                /** Format: uuid */
                                id: string;
                                integration_type: string;
                                external_id: string | null;
                                external_ref: {
                                    [key: string]: unknown;
                                };
                                is_active: boolean;
                                status: string;
                                /** Format: date-time */
                                created_at: string;
                                /** Format: date-time */
                                updated_at: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change name, contact e-mail, metadata (and plan: platform admin); a cancelled tenant answers 409 tenant_not_operational */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        business_name?: string;
                        contact_email?: string;
                        metadata?: {
                            [key: string]: unknown;
                        };
                        /** @description Platform admins only */
                        plan?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Canonical form 12345678-5 */
                            rut: string;
                            /** @description Display form 12.345.678-5 */
                            rut_formatted: string;
                            business_name: string;
                            contact_email: string;
                            type: string;
                            status: string;
                            plan: string;
                            primary_domain: string | null;
                            trial_expires_at: string | null;
                            services_enabled: string[];
                            metadata: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            updated_at: string;
                            /** @description On trial or active: products can be activated and operated (false when suspended or cancelled) */
                            operational: boolean;
                            /** @description The status changes allowed from the current status (POST /api/v1/tenants/:id/<action>, platform admins) */
                            status_actions: ("activate" | "suspend" | "reactivate" | "cancel")[];
                            products: {
                                product_code: string;
                                status: string;
                                plan: string | null;
                                trial_expires_at: string | null;
                                trial_seconds_left: number | null;
                                /** Format: date-time */
                                activated_at: string;
                                deactivated_at: string | null;
                                /** @description No trial of this product was used yet: a trial request starts one (otherwise subscribe) */
                                trial_available: boolean;
                                /** @description The product is on trial or active and the tenant is operational (not suspended or cancelled) */
                                operable: boolean;
                            }[];
                            domains: {
                                /** Format: uuid */
                                id: string;
                                domain: string;
                                subdomain: string | null;
                                domain_type: string;
                                verified: boolean;
                                is_active: boolean;
                                /** @description DNS record that proves ownership of a custom domain (until verified) */
                                verification: {
                                    /** @enum {string} */
                                    record_type: "TXT";
                                    name: string;
                                    value: string;
                                } | null;
                                verified_at: string | null;
                                /** Format: date-time */
                                created_at: string;
                            }[];
                            integrations: {
                                /** Format: uuid */
                                id: string;
                                integration_type: string;
                                external_id: string | null;
                                external_ref: {
                                    [key: string]: unknown;
                                };
                                is_active: boolean;
                                status: string;
                                /** Format: date-time */
                                created_at: string;
                                /** Format: date-time */
                                updated_at: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{id}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Activate a tenant (platform admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Canonical form 12345678-5 */
                            rut: string;
                            /** @description Display form 12.345.678-5 */
                            rut_formatted: string;
                            business_name: string;
                            contact_email: string;
                            type: string;
                            status: string;
                            plan: string;
                            primary_domain: string | null;
                            trial_expires_at: string | null;
                            services_enabled: string[];
                            metadata: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            updated_at: string;
                            /** @description On trial or active: products can be activated and operated (false when suspended or cancelled) */
                            operational: boolean;
                            /** @description The status changes allowed from the current status (POST /api/v1/tenants/:id/<action>, platform admins) */
                            status_actions: ("activate" | "suspend" | "reactivate" | "cancel")[];
                            products: {
                                product_code: string;
                                status: string;
                                plan: string | null;
                                trial_expires_at: string | null;
                                trial_seconds_left: number | null;
                                /** Format: date-time */
                                activated_at: string;
                                deactivated_at: string | null;
                                /** @description No trial of this product was used yet: a trial request starts one (otherwise subscribe) */
                                trial_available: boolean;
                                /** @description The product is on trial or active and the tenant is operational (not suspended or cancelled) */
                                operable: boolean;
                            }[];
                            domains: {
                                /** Format: uuid */
                                id: string;
                                domain: string;
                                subdomain: string | null;
                                domain_type: string;
                                verified: boolean;
                                is_active: boolean;
                                /** @description DNS record that proves ownership of a custom domain (until verified) */
                                verification: {
                                    /** @enum {string} */
                                    record_type: "TXT";
                                    name: string;
                                    value: string;
                                } | null;
                                verified_at: string | null;
                                /** Format: date-time */
                                created_at: string;
                            }[];
                            integrations: {
                                /** Format: uuid */
                                id: string;
                                integration_type: string;
                                external_id: string | null;
                                external_ref: {
                                    [key: string]: unknown;
                                };
                                is_active: boolean;
                                status: string;
                                /** Format: date-time */
                                created_at: string;
                                /** Format: date-time */
                                updated_at: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Suspend a tenant (platform admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Canonical form 12345678-5 */
                            rut: string;
                            /** @description Display form 12.345.678-5 */
                            rut_formatted: string;
                            business_name: string;
                            contact_email: string;
                            type: string;
                            status: string;
                            plan: string;
                            primary_domain: string | null;
                            trial_expires_at: string | null;
                            services_enabled: string[];
                            metadata: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            updated_at: string;
                            /** @description On trial or active: products can be activated and operated (false when suspended or cancelled) */
                            operational: boolean;
                            /** @description The status changes allowed from the current status (POST /api/v1/tenants/:id/<action>, platform admins) */
                            status_actions: ("activate" | "suspend" | "reactivate" | "cancel")[];
                            products: {
                                product_code: string;
                                status: string;
                                plan: string | null;
                                trial_expires_at: string | null;
                                trial_seconds_left: number | null;
                                /** Format: date-time */
                                activated_at: string;
                                deactivated_at: string | null;
                                /** @description No trial of this product was used yet: a trial request starts one (otherwise subscribe) */
                                trial_available: boolean;
                                /** @description The product is on trial or active and the tenant is operational (not suspended or cancelled) */
                                operable: boolean;
                            }[];
                            domains: {
                                /** Format: uuid */
                                id: string;
                                domain: string;
                                subdomain: string | null;
                                domain_type: string;
                                verified: boolean;
                                is_active: boolean;
                                /** @description DNS record that proves ownership of a custom domain (until verified) */
                                verification: {
                                    /** @enum {string} */
                                    record_type: "TXT";
                                    name: string;
                                    value: string;
                                } | null;
                                verified_at: string | null;
                                /** Format: date-time */
                                created_at: string;
                            }[];
                            integrations: {
                                /** Format: uuid */
                                id: string;
                                integration_type: string;
                                external_id: string | null;
                                external_ref: {
                                    [key: string]: unknown;
                                };
                                is_active: boolean;
                                status: string;
                                /** Format: date-time */
                                created_at: string;
                                /** Format: date-time */
                                updated_at: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/reactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reactivate a tenant (platform admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Canonical form 12345678-5 */
                            rut: string;
                            /** @description Display form 12.345.678-5 */
                            rut_formatted: string;
                            business_name: string;
                            contact_email: string;
                            type: string;
                            status: string;
                            plan: string;
                            primary_domain: string | null;
                            trial_expires_at: string | null;
                            services_enabled: string[];
                            metadata: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            updated_at: string;
                            /** @description On trial or active: products can be activated and operated (false when suspended or cancelled) */
                            operational: boolean;
                            /** @description The status changes allowed from the current status (POST /api/v1/tenants/:id/<action>, platform admins) */
                            status_actions: ("activate" | "suspend" | "reactivate" | "cancel")[];
                            products: {
                                product_code: string;
                                status: string;
                                plan: string | null;
                                trial_expires_at: string | null;
                                trial_seconds_left: number | null;
                                /** Format: date-time */
                                activated_at: string;
                                deactivated_at: string | null;
                                /** @description No trial of this product was used yet: a trial request starts one (otherwise subscribe) */
                                trial_available: boolean;
                                /** @description The product is on trial or active and the tenant is operational (not suspended or cancelled) */
                                operable: boolean;
                            }[];
                            domains: {
                                /** Format: uuid */
                                id: string;
                                domain: string;
                                subdomain: string | null;
                                domain_type: string;
                                verified: boolean;
                                is_active: boolean;
                                /** @description DNS record that proves ownership of a custom domain (until verified) */
                                verification: {
                                    /** @enum {string} */
                                    record_type: "TXT";
                                    name: string;
                                    value: string;
                                } | null;
                                verified_at: string | null;
                                /** Format: date-time */
                                created_at: string;
                            }[];
                            integrations: {
                                /** Format: uuid */
                                id: string;
                                integration_type: string;
                                external_id: string | null;
                                external_ref: {
                                    [key: string]: unknown;
                                };
                                is_active: boolean;
                                status: string;
                                /** Format: date-time */
                                created_at: string;
                                /** Format: date-time */
                                updated_at: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a tenant (platform admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Canonical form 12345678-5 */
                            rut: string;
                            /** @description Display form 12.345.678-5 */
                            rut_formatted: string;
                            business_name: string;
                            contact_email: string;
                            type: string;
                            status: string;
                            plan: string;
                            primary_domain: string | null;
                            trial_expires_at: string | null;
                            services_enabled: string[];
                            metadata: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            updated_at: string;
                            /** @description On trial or active: products can be activated and operated (false when suspended or cancelled) */
                            operational: boolean;
                            /** @description The status changes allowed from the current status (POST /api/v1/tenants/:id/<action>, platform admins) */
                            status_actions: ("activate" | "suspend" | "reactivate" | "cancel")[];
                            products: {
                                product_code: string;
                                status: string;
                                plan: string | null;
                                trial_expires_at: string | null;
                                trial_seconds_left: number | null;
                                /** Format: date-time */
                                activated_at: string;
                                deactivated_at: string | null;
                                /** @description No trial of this product was used yet: a trial request starts one (otherwise subscribe) */
                                trial_available: boolean;
                                /** @description The product is on trial or active and the tenant is operational (not suspended or cancelled) */
                                operable: boolean;
                            }[];
                            domains: {
                                /** Format: uuid */
                                id: string;
                                domain: string;
                                subdomain: string | null;
                                domain_type: string;
                                verified: boolean;
                                is_active: boolean;
                                /** @description DNS record that proves ownership of a custom domain (until verified) */
                                verification: {
                                    /** @enum {string} */
                                    record_type: "TXT";
                                    name: string;
                                    value: string;
                                } | null;
                                verified_at: string | null;
                                /** Format: date-time */
                                created_at: string;
                            }[];
                            integrations: {
                                /** Format: uuid */
                                id: string;
                                integration_type: string;
                                external_id: string | null;
                                external_ref: {
                                    [key: string]: unknown;
                                };
                                is_active: boolean;
                                status: string;
                                /** Format: date-time */
                                created_at: string;
                                /** Format: date-time */
                                updated_at: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Products of a tenant with their trial state */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                product_code: string;
                                status: string;
                                plan: string | null;
                                trial_expires_at: string | null;
                                trial_seconds_left: number | null;
                                /** Format: date-time */
                                activated_at: string;
                                deactivated_at: string | null;
                                /** @description No trial of this product was used yet: a trial request starts one (otherwise subscribe) */
                                trial_available: boolean;
                                /** @description The product is on trial or active and the tenant is operational (not suspended or cancelled) */
                                operable: boolean;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Activate a product: a trial (default) or a subscription. 201 when it changed; 200 with its state when it was already on trial (trial asked) or active
         * @description A trial asked once the trial is used answers 409 trial_already_used with details.can_subscribe: true; mode subscription then works.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Product code
                         * @enum {string}
                         */
                        product_code: "chat" | "erp" | "automation" | "analytics" | "ai";
                        /**
                         * @default trial
                         * @enum {string}
                         */
                        mode?: "trial" | "subscription";
                        plan?: string;
                        /** Format: date-time */
                        trial_expires_at?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            product_code: string;
                            status: string;
                            plan: string | null;
                            trial_expires_at: string | null;
                            trial_seconds_left: number | null;
                            /** Format: date-time */
                            activated_at: string;
                            deactivated_at: string | null;
                            /** @description No trial of this product was used yet: a trial request starts one (otherwise subscribe) */
                            trial_available: boolean;
                            /** @description The product is on trial or active and the tenant is operational (not suspended or cancelled) */
                            operable: boolean;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            product_code: string;
                            status: string;
                            plan: string | null;
                            trial_expires_at: string | null;
                            trial_seconds_left: number | null;
                            /** Format: date-time */
                            activated_at: string;
                            deactivated_at: string | null;
                            /** @description No trial of this product was used yet: a trial request starts one (otherwise subscribe) */
                            trial_available: boolean;
                            /** @description The product is on trial or active and the tenant is operational (not suspended or cancelled) */
                            operable: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/products/{product_code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Deactivate a product */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                    /** @description Product code */
                    product_code: "chat" | "erp" | "automation" | "analytics" | "ai";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            product_code: string;
                            status: string;
                            plan: string | null;
                            trial_expires_at: string | null;
                            trial_seconds_left: number | null;
                            /** Format: date-time */
                            activated_at: string;
                            deactivated_at: string | null;
                            /** @description No trial of this product was used yet: a trial request starts one (otherwise subscribe) */
                            trial_available: boolean;
                            /** @description The product is on trial or active and the tenant is operational (not suspended or cancelled) */
                            operable: boolean;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/domains": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Domains of a tenant with their verification state */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                domain: string;
                                subdomain: string | null;
                                domain_type: string;
                                verified: boolean;
                                is_active: boolean;
                                /** @description DNS record that proves ownership of a custom domain (until verified) */
                                verification: {
                                    /** @enum {string} */
                                    record_type: "TXT";
                                    name: string;
                                    value: string;
                                } | null;
                                verified_at: string | null;
                                /** Format: date-time */
                                created_at: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Assign a subdomain under the base domain, or add a custom domain (verification token) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Creates <subdomain>.<SMARTEROS_BASE_DOMAIN>, verified at once */
                        subdomain?: string;
                        /** @description A custom domain; verified by a DNS TXT record */
                        domain?: string;
                        /**
                         * @default primary
                         * @enum {string}
                         */
                        domain_type?: "primary" | "chat" | "erp" | "automation" | "store";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            domain: string;
                            subdomain: string | null;
                            domain_type: string;
                            verified: boolean;
                            is_active: boolean;
                            /** @description DNS record that proves ownership of a custom domain (until verified) */
                            verification: {
                                /** @enum {string} */
                                record_type: "TXT";
                                name: string;
                                value: string;
                            } | null;
                            verified_at: string | null;
                            /** Format: date-time */
                            created_at: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/domains/{domain_id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check the DNS TXT record of a custom domain */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                    domain_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            domain: string;
                            subdomain: string | null;
                            domain_type: string;
                            verified: boolean;
                            is_active: boolean;
                            /** @description DNS record that proves ownership of a custom domain (until verified) */
                            verification: {
                                /** @enum {string} */
                                record_type: "TXT";
                                name: string;
                                value: string;
                            } | null;
                            verified_at: string | null;
                            /** Format: date-time */
                            created_at: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Integrations of a tenant */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                integration_type: string;
                                external_id: string | null;
                                external_ref: {
                                    [key: string]: unknown;
                                };
                                is_active: boolean;
                                status: string;
                                /** Format: date-time */
                                created_at: string;
                                /** Format: date-time */
                                updated_at: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Set (create or update) the integration of one type */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        integration_type: "chatwoot" | "odoo" | "n8n" | "metabase" | "meta" | "telegram" | "transbank" | "sii" | "custom";
                        external_id?: string;
                        external_ref?: {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        status?: "pending" | "connected" | "error" | "disabled";
                        is_active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            integration_type: string;
                            external_id: string | null;
                            external_ref: {
                                [key: string]: unknown;
                            };
                            is_active: boolean;
                            status: string;
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            updated_at: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Lifecycle events of a tenant, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description Events older than this id */
                    before?: number;
                };
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: number;
                                topic: string;
                                payload: {
                                    [key: string]: unknown;
                                };
                                /** Format: date-time */
                                occurred_at: string;
                                published_at: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** v_tenant_overview: all tenants for platform admins, your own tenant otherwise */
        get: {
            parameters: {
                query?: {
                    /** @description Search by business name (accents and case ignored) or RUT */
                    q?: string;
                    status?: "trial" | "active" | "suspended" | "cancelled";
                    plan?: string;
                    type?: "customer" | "infrastructure";
                    /** @description Tenants with this product in trial or active */
                    product?: "chat" | "erp" | "automation" | "analytics" | "ai";
                    /** @description Order (default -created_at: newest first); a leading - is descending */
                    sort?: "-created_at" | "created_at" | "business_name" | "-business_name";
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                tenant_id: string;
                                business_name: string;
                                rut: string;
                                rut_formatted: string;
                                contact_email: string;
                                tenant_type: string;
                                tenant_status: string;
                                tenant_plan: string;
                                tenant_trial_expires_at: string | null;
                                primary_domain: string | null;
                                services_enabled: string[];
                                domains: string[];
                                subdomains: string[];
                                integrations: {
                                    type: string;
                                    external_id: string | null;
                                    status: string;
                                    is_active: boolean;
                                }[];
                                products: {
                                    product_code: string;
                                    status: string;
                                    trial_expires_at: string | null;
                                }[];
                                has_chat: boolean;
                                has_erp: boolean;
                                has_automation: boolean;
                                has_analytics: boolean;
                                has_ai: boolean;
                                /** Format: date-time */
                                created_at: string;
                                /** Format: date-time */
                                updated_at: string;
                            }[];
                            /** @description Pass as cursor for the next page */
                            next_cursor: string | null;
                            /** @description Rows matching the filters, over all pages */
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/lifecycle/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the trial lifecycle pass now (it also runs on a schedule) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ran: boolean;
                            expired: number;
                            warned: number;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenants you belong to (for the tenant switcher) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                tenant_id: string;
                                role: string;
                                business_name: string;
                                rut: string;
                                status: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members of a tenant */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                user_id: string;
                                email: string;
                                display_name: string | null;
                                role: string;
                                joined_at: string;
                                last_login_at: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a person by e-mail (a new person needs a password) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        /** @enum {string} */
                        role: "owner" | "admin" | "agent" | "viewer";
                        display_name?: string;
                        /** @description Required when the person has no account yet */
                        password?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            user_id: string;
                            email: string;
                            display_name: string | null;
                            role: string;
                            joined_at: string;
                            last_login_at: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/members/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                    user_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a member's role */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                    user_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role: "owner" | "admin" | "agent" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            user_id: string;
                            email: string;
                            display_name: string | null;
                            role: string;
                            joined_at: string;
                            last_login_at: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{id}/security-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Security log of a tenant: logins, members, roles, API keys (owners) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description next_cursor of the previous page (older entries) */
                    cursor?: string;
                    /** @description Entries older than this id (cursor is preferred) */
                    before?: number;
                    /** @description Platform audit: only this operation */
                    operation?: string;
                    /** @description Security log: only this action */
                    action?: string;
                };
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: number;
                                occurred_at: string;
                                /** @description Who, as stored: user:<id>, api_key:<id>, an e-mail, system ... */
                                actor: string;
                                /** @description user, api_key, external, oidc, system ... */
                                actor_kind: string;
                                /** @description The person's name (or e-mail), or the API key's name; null when unknown */
                                actor_name: string | null;
                                actor_email: string | null;
                                action: string;
                                details: {
                                    [key: string]: unknown;
                                };
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Platform audit: every platform operation (platform admins) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description next_cursor of the previous page (older entries) */
                    cursor?: string;
                    /** @description Entries older than this id (cursor is preferred) */
                    before?: number;
                    /** @description Platform audit: only this operation */
                    operation?: string;
                    /** @description Security log: only this action */
                    action?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: number;
                                operation: string;
                                /** @description Who, as stored: user:<id>, api_key:<id>, an e-mail, system ... */
                                actor: string;
                                /** @description user, api_key, external, oidc, system ... */
                                actor_kind: string;
                                /** @description The person's name (or e-mail), or the API key's name; null when unknown */
                                actor_name: string | null;
                                actor_email: string | null;
                                target_tenant: string | null;
                                details: {
                                    [key: string]: unknown;
                                };
                                created_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Invitations of a tenant */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                id: string;
                                email: string | null;
                                phone: string | null;
                                role: string;
                                invited_by: string;
                                created_at: string;
                                expires_at: string;
                                /** @enum {string} */
                                state: "pending" | "accepted" | "revoked" | "expired";
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Invite a person by e-mail or phone with a role; the message goes out through the notifier */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email?: string;
                        /** @description Chilean numbers may omit +56 */
                        phone?: string;
                        /** @enum {string} */
                        role: "owner" | "admin" | "agent" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            email: string | null;
                            phone: string | null;
                            role: string;
                            invited_by: string;
                            created_at: string;
                            expires_at: string;
                            /** @enum {string} */
                            state: "pending" | "accepted" | "revoked" | "expired";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/invitations/{invitation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a pending invitation */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                    invitation_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/inspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What an invitation is for (tenant, role), before accepting it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            tenant_id: string;
                            business_name: string;
                            role: string;
                            email: string | null;
                            phone: string | null;
                            expires_at: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation: creates the account (or uses yours), signs you in and sets the session cookie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                        /** @description Only for invitations sent to a phone */
                        email?: string;
                        password: string;
                        display_name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            expires_in: number;
                            /** @description Single use: POST it to /api/v1/auth/refresh for a new pair */
                            refresh_token?: string;
                            refresh_expires_in: number;
                            role: string;
                            tenant_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/phone-verifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a 6-digit code to a phone by SMS or WhatsApp (agent or higher)
         * @description At most one code a minute and five an hour per phone and tenant (429 rate_limited with details.retry_after_seconds and Retry-After).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Phone number, any spelling; Chilean numbers may omit +56 (normalized to E.164)
                         * @example +56 9 8765 4321
                         */
                        phone: string;
                        /**
                         * @description How the code is sent
                         * @default sms
                         * @enum {string}
                         */
                        channel?: "sms" | "whatsapp";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PhoneVerification"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/phone-verifications/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check a code sent to a phone (agent or higher)
         * @description A wrong code answers 422 unprocessable with details.attempts_left; after 5 wrong codes, 429 rate_limited (request a new code).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Phone number, any spelling; Chilean numbers may omit +56 (normalized to E.164)
                         * @example +56 9 8765 4321
                         */
                        phone: string;
                        /**
                         * @description The 6-digit code sent to the phone
                         * @example 123456
                         */
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PhoneVerified"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/phone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start verifying your own phone: a code is sent to it
         * @description For a person acting in a tenant. At most one code a minute and five an hour per phone and tenant (429 rate_limited with details.retry_after_seconds and Retry-After).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Phone number, any spelling; Chilean numbers may omit +56 (normalized to E.164)
                         * @example +56 9 8765 4321
                         */
                        phone: string;
                        /**
                         * @description How the code is sent
                         * @default sms
                         * @enum {string}
                         */
                        channel?: "sms" | "whatsapp";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PhoneVerification"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/phone/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check the code sent to your phone; it becomes your verified phone
         * @description A wrong code answers 422 unprocessable with details.attempts_left; after 5 wrong codes, 429 rate_limited (request a new code).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Phone number, any spelling; Chilean numbers may omit +56 (normalized to E.164)
                         * @example +56 9 8765 4321
                         */
                        phone: string;
                        /**
                         * @description The 6-digit code sent to the phone
                         * @example 123456
                         */
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PhoneVerified"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenant/create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a tenant (alias of POST /api/v1/tenants) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Chilean RUT in any common spelling (12.345.678-5, 123456785, 12345678-5)
                         * @example 76.086.428-5
                         */
                        rut: string;
                        business_name: string;
                        contact_email: string;
                        /** @default trial */
                        plan?: string;
                        /**
                         * @default customer
                         * @enum {string}
                         */
                        type?: "customer" | "infrastructure";
                        /**
                         * @description Products activated on creation (default chat, erp and automation); [] for none
                         * @default [
                         *       "chat",
                         *       "erp",
                         *       "automation"
                         *     ]
                         */
                        products?: ("chat" | "erp" | "automation" | "analytics" | "ai")[];
                        /**
                         * Format: date-time
                         * @description Override the plan trial end
                         */
                        trial_expires_at?: string;
                        metadata?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Canonical form 12345678-5 */
                            rut: string;
                            /** @description Display form 12.345.678-5 */
                            rut_formatted: string;
                            business_name: string;
                            contact_email: string;
                            type: string;
                            status: string;
                            plan: string;
                            primary_domain: string | null;
                            trial_expires_at: string | null;
                            services_enabled: string[];
                            metadata: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            updated_at: string;
                            /** @description On trial or active: products can be activated and operated (false when suspended or cancelled) */
                            operational: boolean;
                            /** @description The status changes allowed from the current status (POST /api/v1/tenants/:id/<action>, platform admins) */
                            status_actions: ("activate" | "suspend" | "reactivate" | "cancel")[];
                            products: {
                                product_code: string;
                                status: string;
                                plan: string | null;
                                trial_expires_at: string | null;
                                trial_seconds_left: number | null;
                                /** Format: date-time */
                                activated_at: string;
                                deactivated_at: string | null;
                                /** @description No trial of this product was used yet: a trial request starts one (otherwise subscribe) */
                                trial_available: boolean;
                                /** @description The product is on trial or active and the tenant is operational (not suspended or cancelled) */
                                operable: boolean;
                            }[];
                            domains: {
                                /** Format: uuid */
                                id: string;
                                domain: string;
                                subdomain: string | null;
                                domain_type: string;
                                verified: boolean;
                                is_active: boolean;
                                /** @description DNS record that proves ownership of a custom domain (until verified) */
                                verification: {
                                    /** @enum {string} */
                                    record_type: "TXT";
                                    name: string;
                                    value: string;
                                } | null;
                                verified_at: string | null;
                                /** Format: date-time */
                                created_at: string;
                            }[];
                            integrations: {
                                /** Format: uuid */
                                id: string;
                                integration_type: string;
                                external_id: string | null;
                                external_ref: {
                                    [key: string]: unknown;
                                };
                                is_active: boolean;
                                status: string;
                                /** Format: date-time */
                                created_at: string;
                                /** Format: date-time */
                                updated_at: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenant/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tenant (alias of GET /api/v1/tenants/:id) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** @description Canonical form 12345678-5 */
                            rut: string;
                            /** @description Display form 12.345.678-5 */
                            rut_formatted: string;
                            business_name: string;
                            contact_email: string;
                            type: string;
                            status: string;
                            plan: string;
                            primary_domain: string | null;
                            trial_expires_at: string | null;
                            services_enabled: string[];
                            metadata: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            updated_at: string;
                            /** @description On trial or active: products can be activated and operated (false when suspended or cancelled) */
                            operational: boolean;
                            /** @description The status changes allowed from the current status (POST /api/v1/tenants/:id/<action>, platform admins) */
                            status_actions: ("activate" | "suspend" | "reactivate" | "cancel")[];
                            products: {
                                product_code: string;
                                status: string;
                                plan: string | null;
                                trial_expires_at: string | null;
                                trial_seconds_left: number | null;
                                /** Format: date-time */
                                activated_at: string;
                                deactivated_at: string | null;
                                /** @description No trial of this product was used yet: a trial request starts one (otherwise subscribe) */
                                trial_available: boolean;
                                /** @description The product is on trial or active and the tenant is operational (not suspended or cancelled) */
                                operable: boolean;
                            }[];
                            domains: {
                                /** Format: uuid */
                                id: string;
                                domain: string;
                                subdomain: string | null;
                                domain_type: string;
                                verified: boolean;
                                is_active: boolean;
                                /** @description DNS record that proves ownership of a custom domain (until verified) */
                                verification: {
                                    /** @enum {string} */
                                    record_type: "TXT";
                                    name: string;
                                    value: string;
                                } | null;
                                verified_at: string | null;
                                /** Format: date-time */
                                created_at: string;
                            }[];
                            integrations: {
                                /** Format: uuid */
                                id: string;
                                integration_type: string;
                                external_id: string | null;
                                external_ref: {
                                    [key: string]: unknown;
                                };
                                is_active: boolean;
                                status: string;
                                /** Format: date-time */
                                created_at: string;
                                /** Format: date-time */
                                updated_at: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenant/activate-product": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Activate a product (alias of POST /api/v1/tenants/:id/products) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Product code
                         * @enum {string}
                         */
                        product_code: "chat" | "erp" | "automation" | "analytics" | "ai";
                        /**
                         * @default trial
                         * @enum {string}
                         */
                        mode?: "trial" | "subscription";
                        plan?: string;
                        /** Format: date-time */
                        trial_expires_at?: string;
                        /** @description Tenant id (uuid) or RUT */
                        tenant_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            product_code: string;
                            status: string;
                            plan: string | null;
                            trial_expires_at: string | null;
                            trial_seconds_left: number | null;
                            /** Format: date-time */
                            activated_at: string;
                            deactivated_at: string | null;
                            /** @description No trial of this product was used yet: a trial request starts one (otherwise subscribe) */
                            trial_available: boolean;
                            /** @description The product is on trial or active and the tenant is operational (not suspended or cancelled) */
                            operable: boolean;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            product_code: string;
                            status: string;
                            plan: string | null;
                            trial_expires_at: string | null;
                            trial_seconds_left: number | null;
                            /** Format: date-time */
                            activated_at: string;
                            deactivated_at: string | null;
                            /** @description No trial of this product was used yet: a trial request starts one (otherwise subscribe) */
                            trial_available: boolean;
                            /** @description The product is on trial or active and the tenant is operational (not suspended or cancelled) */
                            operable: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenant/set-integration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set an integration (alias of POST /api/v1/tenants/:id/integrations) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Tenant id (uuid) or RUT */
                        tenant_id: string;
                        /** @enum {string} */
                        type: "chatwoot" | "odoo" | "n8n" | "metabase" | "meta" | "telegram" | "transbank" | "sii" | "custom";
                        external_id?: string;
                        external_ref?: {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        status?: "pending" | "connected" | "error" | "disabled";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            integration_type: string;
                            external_id: string | null;
                            external_ref: {
                                [key: string]: unknown;
                            };
                            is_active: boolean;
                            status: string;
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            updated_at: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenant/provision-domain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign a subdomain or add a custom domain (alias of POST /api/v1/tenants/:id/domains) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Creates <subdomain>.<SMARTEROS_BASE_DOMAIN>, verified at once */
                        subdomain?: string;
                        /** @description A custom domain; verified by a DNS TXT record */
                        domain?: string;
                        /**
                         * @default primary
                         * @enum {string}
                         */
                        domain_type?: "primary" | "chat" | "erp" | "automation" | "store";
                        /** @description Tenant id (uuid) or RUT */
                        tenant_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            domain: string;
                            subdomain: string | null;
                            domain_type: string;
                            verified: boolean;
                            is_active: boolean;
                            /** @description DNS record that proves ownership of a custom domain (until verified) */
                            verification: {
                                /** @enum {string} */
                                record_type: "TXT";
                                name: string;
                                value: string;
                            } | null;
                            verified_at: string | null;
                            /** Format: date-time */
                            created_at: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's API providers (credentials show only a fingerprint and the last 4 characters) */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ApiProvider"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Register an API provider: its credential (encrypted), its OpenAPI document (text, object or URL) and the operations to expose as capabilities */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description Where the API lives, e.g. https://api.miempresa.cl/v1 */
                        base_url: string;
                        /**
                         * @description erp, payments, ecommerce or custom
                         * @default custom
                         * @enum {string}
                         */
                        category?: "erp" | "payments" | "ecommerce" | "custom";
                        /**
                         * @description api_key, bearer, basic, oauth2 or none
                         * @default none
                         * @enum {string}
                         */
                        auth_type?: "api_key" | "bearer" | "basic" | "oauth2" | "none";
                        description?: string;
                        credential?: {
                            /** @description The API key, token, password or OAuth2 client secret. Write-only: never returned. */
                            secret: string;
                            /** @description api_key: the header that carries it (default X-API-Key) */
                            header_name?: string;
                            /** @description api_key: send it as this query parameter instead of a header */
                            query_name?: string;
                            /** @description basic: the user name */
                            username?: string;
                            /** @description oauth2: the client id */
                            client_id?: string;
                            /** @description oauth2: the token endpoint (client credentials grant) */
                            token_url?: string;
                            /** @description oauth2: scopes to request */
                            scopes?: string[];
                            /** @description oauth2: audience to request (Auth0 style) */
                            audience?: string;
                            /**
                             * @description oauth2: client_secret_basic (default) or client_secret_post
                             * @enum {string}
                             */
                            token_auth?: "basic" | "post";
                        };
                        /** @description An OpenAPI 3.0 or 3.1 document: JSON or YAML text, or the parsed JSON object */
                        openapi?: string | {
                            [key: string]: unknown;
                        };
                        /** @description Fetch the OpenAPI document from this URL (through the egress guard) */
                        openapi_url?: string;
                        /** @description Imported operations to publish as capabilities */
                        expose?: {
                            /** @description operationId or semantic_name of an imported endpoint */
                            operation: string;
                            /**
                             * @description e.g. orders.search
                             * @example orders.search
                             */
                            capability_name: string;
                            description?: string;
                            /**
                             * @description Default: read for GET and HEAD, write otherwise
                             * @enum {string}
                             */
                            kind?: "read" | "write";
                            /** @description Default: true for write capabilities */
                            requires_confirmation?: boolean;
                            rate_limit_per_minute?: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            tenant_id: string;
                            name: string;
                            base_url: string;
                            category: string;
                            auth_type: string;
                            description: string | null;
                            enabled: boolean;
                            openapi: {
                                title: string | null;
                                version: string | null;
                                sha256: string | null;
                                source_url: string | null;
                                imported_at: string;
                            } | null;
                            credential: components["schemas"]["Credential"] | null;
                            endpoint_count: number;
                            capability_count: number;
                            created_at: string;
                            updated_at: string;
                            endpoints: {
                                id: string;
                                semantic_name: string;
                                method: string;
                                path: string;
                            }[];
                            capabilities: {
                                id: string;
                                capability_name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/providers/{provider_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One provider */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    provider_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiProvider"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a provider with its credential, endpoints and capabilities */
        delete: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    provider_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Done */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a provider (a new auth_type drops the credential) */
        patch: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    provider_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        base_url?: string;
                        /**
                         * @description erp, payments, ecommerce or custom
                         * @enum {string}
                         */
                        category?: "erp" | "payments" | "ecommerce" | "custom";
                        /**
                         * @description api_key, bearer, basic, oauth2 or none
                         * @enum {string}
                         */
                        auth_type?: "api_key" | "bearer" | "basic" | "oauth2" | "none";
                        description?: string | null;
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiProvider"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/providers/{provider_id}/credential": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set or replace the credential (write-only: the answer shows its fingerprint and last 4 characters) */
        put: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    provider_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The API key, token, password or OAuth2 client secret. Write-only: never returned. */
                        secret: string;
                        /** @description api_key: the header that carries it (default X-API-Key) */
                        header_name?: string;
                        /** @description api_key: send it as this query parameter instead of a header */
                        query_name?: string;
                        /** @description basic: the user name */
                        username?: string;
                        /** @description oauth2: the client id */
                        client_id?: string;
                        /** @description oauth2: the token endpoint (client credentials grant) */
                        token_url?: string;
                        /** @description oauth2: scopes to request */
                        scopes?: string[];
                        /** @description oauth2: audience to request (Auth0 style) */
                        audience?: string;
                        /**
                         * @description oauth2: client_secret_basic (default) or client_secret_post
                         * @enum {string}
                         */
                        token_auth?: "basic" | "post";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiProvider"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Delete the credential */
        delete: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    provider_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Done */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/providers/{provider_id}/openapi": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import (or re-import) an OpenAPI 3.0/3.1 document: endpoints are matched by method and path, so nothing is duplicated */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    provider_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description An OpenAPI 3.0 or 3.1 document: JSON or YAML text, or the parsed JSON object */
                        document?: string | {
                            [key: string]: unknown;
                        };
                        url?: string;
                        expose?: {
                            /** @description operationId or semantic_name of an imported endpoint */
                            operation: string;
                            /**
                             * @description e.g. orders.search
                             * @example orders.search
                             */
                            capability_name: string;
                            description?: string;
                            /**
                             * @description Default: read for GET and HEAD, write otherwise
                             * @enum {string}
                             */
                            kind?: "read" | "write";
                            /** @description Default: true for write capabilities */
                            requires_confirmation?: boolean;
                            rate_limit_per_minute?: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            provider_id: string;
                            title: string;
                            version: string;
                            created: number;
                            updated: number;
                            unchanged: number;
                            /** @description Endpoints no longer in the document: disabled, never deleted (capabilities may use them) */
                            removed: number;
                            endpoints: {
                                id: string;
                                semantic_name: string;
                                method: string;
                                path: string;
                            }[];
                            capabilities: {
                                id: string;
                                capability_name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/providers/{provider_id}/endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A provider's endpoints with their schemas and capabilities */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    provider_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ApiEndpoint"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Declare an endpoint by hand (no OpenAPI document) */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    provider_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        semantic_name: string;
                        /** @enum {string} */
                        method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";
                        path: string;
                        summary?: string;
                        /** @description JSON Schema of the input; each property says where it goes with "x-in": path, query, header or body */
                        schema_in?: {
                            [key: string]: unknown;
                        };
                        schema_out?: {
                            [key: string]: unknown;
                        } | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiEndpoint"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/endpoints/{endpoint_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Enable or disable an endpoint, change its summary or schema_out */
        patch: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    endpoint_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        enabled?: boolean;
                        summary?: string | null;
                        /** @description null stops checking answers against a schema */
                        schema_out?: {
                            [key: string]: unknown;
                        } | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiEndpoint"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/capabilities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's capabilities with their input and output schemas */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Capability"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Publish an endpoint as a capability */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description e.g. orders.search
                         * @example orders.search
                         */
                        capability_name: string;
                        /** Format: uuid */
                        endpoint_id: string;
                        description?: string;
                        /** @enum {string} */
                        kind?: "read" | "write";
                        requires_confirmation?: boolean;
                        rate_limit_per_minute?: number;
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Capability"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/capabilities/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One capability */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    /** @description e.g. orders.search */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Capability"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a capability */
        delete: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    /** @description e.g. orders.search */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Done */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a capability (enable, kind, confirmation, rate limit) */
        patch: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    /** @description e.g. orders.search */
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string | null;
                        /** @enum {string} */
                        kind?: "read" | "write";
                        requires_confirmation?: boolean;
                        rate_limit_per_minute?: number | null;
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Capability"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/cloudflare-apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cloudflare Access applications linked to the tenant */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                name: string;
                                team_domain: string;
                                audience: string;
                                enabled: boolean;
                                created_at: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Link a Cloudflare Access application (team domain and AUD tag) */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        team_domain: string;
                        audience: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            team_domain: string;
                            audience: string;
                            enabled: boolean;
                            created_at: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cloudflare-apps/{app_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unlink a Cloudflare Access application */
        delete: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    app_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Done */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/vault/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Master keys and how many tenant data keys each one wraps (platform admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            current_key_id: string;
                            keys: {
                                key_id: string;
                                configured: boolean;
                                current: boolean;
                                data_keys: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/vault/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-wrap a batch of data keys with the current master key; call until remaining is 0 (platform admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 500 */
                        batch_size?: number;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            current_key_id: string;
                            rotated: number;
                            remaining: number;
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register an API provider (alias of POST /api/v1/providers) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description Where the API lives, e.g. https://api.miempresa.cl/v1 */
                        base_url: string;
                        /**
                         * @description erp, payments, ecommerce or custom
                         * @default custom
                         * @enum {string}
                         */
                        category?: "erp" | "payments" | "ecommerce" | "custom";
                        /**
                         * @description api_key, bearer, basic, oauth2 or none
                         * @default none
                         * @enum {string}
                         */
                        auth_type?: "api_key" | "bearer" | "basic" | "oauth2" | "none";
                        description?: string;
                        credential?: {
                            /** @description The API key, token, password or OAuth2 client secret. Write-only: never returned. */
                            secret: string;
                            /** @description api_key: the header that carries it (default X-API-Key) */
                            header_name?: string;
                            /** @description api_key: send it as this query parameter instead of a header */
                            query_name?: string;
                            /** @description basic: the user name */
                            username?: string;
                            /** @description oauth2: the client id */
                            client_id?: string;
                            /** @description oauth2: the token endpoint (client credentials grant) */
                            token_url?: string;
                            /** @description oauth2: scopes to request */
                            scopes?: string[];
                            /** @description oauth2: audience to request (Auth0 style) */
                            audience?: string;
                            /**
                             * @description oauth2: client_secret_basic (default) or client_secret_post
                             * @enum {string}
                             */
                            token_auth?: "basic" | "post";
                        };
                        /** @description An OpenAPI 3.0 or 3.1 document: JSON or YAML text, or the parsed JSON object */
                        openapi?: string | {
                            [key: string]: unknown;
                        };
                        /** @description Fetch the OpenAPI document from this URL (through the egress guard) */
                        openapi_url?: string;
                        /** @description Imported operations to publish as capabilities */
                        expose?: {
                            /** @description operationId or semantic_name of an imported endpoint */
                            operation: string;
                            /**
                             * @description e.g. orders.search
                             * @example orders.search
                             */
                            capability_name: string;
                            description?: string;
                            /**
                             * @description Default: read for GET and HEAD, write otherwise
                             * @enum {string}
                             */
                            kind?: "read" | "write";
                            /** @description Default: true for write capabilities */
                            requires_confirmation?: boolean;
                            rate_limit_per_minute?: number;
                        }[];
                        /** @description Tenant id or RUT */
                        tenant_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            tenant_id: string;
                            name: string;
                            base_url: string;
                            category: string;
                            auth_type: string;
                            description: string | null;
                            enabled: boolean;
                            openapi: {
                                title: string | null;
                                version: string | null;
                                sha256: string | null;
                                source_url: string | null;
                                imported_at: string;
                            } | null;
                            credential: components["schemas"]["Credential"] | null;
                            endpoint_count: number;
                            capability_count: number;
                            created_at: string;
                            updated_at: string;
                            endpoints: {
                                id: string;
                                semantic_name: string;
                                method: string;
                                path: string;
                            }[];
                            capabilities: {
                                id: string;
                                capability_name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/capabilities/{name}/invoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Call a capability: the input is checked against its schema_in, the tenant's credential is injected, the answer is normalized
         * @description Write capabilities need the agent role. Upstream failures answer 502 upstream_error with details.status; timeouts 504; an open circuit 503; rate limits 429 with Retry-After.
         */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    /** @description e.g. orders.search */
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CapabilityResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tenant/{id}/proxy/{capability}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Call a capability (alias of POST /api/v1/capabilities/:name/invoke) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                    /** @description e.g. orders.search */
                    capability: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CapabilityResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gateway/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The request log, newest first: one row per call, never a secret or a body */
        get: {
            parameters: {
                query?: {
                    capability?: string;
                    source?: "api" | "proxy" | "mcp" | "automation";
                    principal?: string;
                    outcome?: "ok" | "error";
                    status?: number;
                    error_code?: string;
                    from?: string;
                    to?: string;
                    limit?: number;
                    cursor?: string;
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["GatewayRequest"][];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gateway/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Calls, errors and latency per capability (default: the last 24 hours) */
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: string;
                            to: string;
                            calls: number;
                            errors: number;
                            items: {
                                capability_name: string;
                                calls: number;
                                errors: number;
                                p50_ms: number | null;
                                p95_ms: number | null;
                                bytes_out: number;
                                last_at: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/mcp/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's AI-control policy for MCP clients */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["McpPolicy"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Change the AI-control policy: allowed and denied tools, read-only mode, confirmation of writes, redaction, calls per minute */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Only these tools (null: every tool) */
                        allowed_tools?: string[] | null;
                        denied_tools?: string[];
                        /** @description No write tool is listed or runs */
                        read_only?: boolean;
                        /** @description Every write tool asks for confirmation first */
                        confirm_writes?: boolean;
                        /**
                         * @description Lowest role that may confirm
                         * @enum {string}
                         */
                        confirm_min_role?: "owner" | "admin" | "agent";
                        redact_rut?: boolean;
                        redact_phone?: boolean;
                        redact_email?: boolean;
                        calls_per_minute?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["McpPolicy"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/mcp/invocations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every MCP tool call, newest first (arguments without secrets or redacted fields) */
        get: {
            parameters: {
                query?: {
                    tool?: string;
                    outcome?: "ok" | "error" | "denied" | "confirmation_required";
                    principal?: string;
                    source?: "mcp" | "api" | "cli" | "assistant" | "automation";
                    from?: string;
                    to?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    /** @description Tenant id (uuid) or RUT */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["McpInvocation"][];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The actions the caller may run: the platform's and the company's capabilities, under its AI-control policy and the caller's role
         * @description Each with its title in Spanish and English, its kind, whether it asks for confirmation, and the JSON Schema (2020-12) of its input, from which the console builds its forms.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Action"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/{name}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run one action with the body as its input
         * @description The same runner as MCP: the AI-control policy (allowed, denied, read-only), calls per minute (429 with Retry-After), the action's minimum role (403), the input checked against its schema (400 validation_failed naming the field), and writes that need confirmation answer 202 with the request (approve it with POST /api/v1/actions/confirmations/:confirmation_id/approve). Every call is audited with source api (or cli).
         */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    /** @description e.g. smarteros.products or orders.search */
                    name: string;
                };
                cookie?: never;
            };
            /** @description The action's input */
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            result: unknown;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            confirmation: components["schemas"]["ConfirmationRequest"];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/confirmations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Writes waiting for confirmation (or, with ?status=, those approved, rejected, expired or used), newest first */
        get: {
            parameters: {
                query?: {
                    status?: "pending" | "approved" | "rejected" | "expired" | "used";
                    limit?: number;
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ActionConfirmation"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/confirmations/{confirmation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One confirmation request */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    /** @description The confirmation id (uuid) */
                    confirmation_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ActionConfirmation"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/confirmations/{confirmation_id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a pending write: it runs now with its stored arguments, as the approver, audited
         * @description Needs the policy's confirm_min_role or higher (403). Takes effect once: a confirmation no longer pending answers 409 confirmation_not_pending.
         */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    /** @description The confirmation id (uuid) */
                    confirmation_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            confirmation: components["schemas"]["ActionConfirmation"];
                            result: unknown;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/confirmations/{confirmation_id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject a pending write: it never runs, and its token stops working
         * @description Needs the policy's confirm_min_role or higher (403); a confirmation no longer pending answers 409 confirmation_not_pending.
         */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    /** @description The confirmation id (uuid) */
                    confirmation_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ActionConfirmation"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/outbox/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Deliveries of outbox events per subscriber, newest first (status=dead: the dead letters); cursor pages */
        get: {
            parameters: {
                query?: {
                    status?: components["schemas"]["OutboxDeliveryStatusInput"];
                    /** @description Subscriber name, e.g. identity.invitation_message */
                    subscriber?: string;
                    topic?: string;
                    /** @description Platform admins: one tenant (id or RUT); without it, every tenant */
                    tenant_id?: string;
                    limit?: number;
                    /** @description next_cursor of the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OutboxDeliveryListedPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/outbox/subscribers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Each subscriber with its pending, dead and delivered deliveries and the oldest pending */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: one tenant (id or RUT); without it, every tenant */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["OutboxSubscriber"][];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/outbox/deliveries/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retry dead deliveries: one ({ subscriber, event_id }) or all of a subscriber ({ subscriber, all_dead: true }) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Subscriber name, e.g. identity.invitation_message */
                        subscriber: string;
                        /** @description One dead delivery: its event id */
                        event_id?: number;
                        /**
                         * @description Every dead delivery of the subscriber (in your tenant; platform admins: every tenant, or tenant_id)
                         * @enum {boolean}
                         */
                        all_dead?: true;
                        /** @description Platform admins: limit to one tenant (id or RUT) */
                        tenant_id?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            retried: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ai/knowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's knowledge entries, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description Only entries with this tag */
                    tag?: string;
                    /** @description Only enabled (true) or disabled (false) entries */
                    enabled?: "true" | "false";
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["KnowledgeList"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a question and its answer: the assistant answers customers from the enabled entries */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The question as customers ask it (accents and capitals do not matter) */
                        question: string;
                        /** @description The answer sent to the customer as written (WhatsApp allows 4,096 characters) */
                        answer: string;
                        /** @description Labels for the team (not used to answer) */
                        tags?: string[];
                        /** @description Whether the assistant answers from this entry (default true) */
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["KnowledgeEntry"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ai/knowledge/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an entry */
        delete: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change an entry (what is given) */
        patch: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The question as customers ask it (accents and capitals do not matter) */
                        question?: string;
                        /** @description The answer sent to the customer as written (WhatsApp allows 4,096 characters) */
                        answer?: string;
                        /** @description Labels for the team (not used to answer) */
                        tags?: string[];
                        /** @description Whether the assistant answers from this entry (default true) */
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["KnowledgeEntry"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/ai/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's AI providers (never their keys) */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AiProviderList"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a model provider (Ollama or OpenAI-compatible); its API key is sealed and never returned
         * @description The base URL must pass the egress guard: a model on this machine or the private network needs SMARTEROS_AI_ALLOWED_HOSTS (400 naming base_url).
         */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A name for the team, unique in the company */
                        name: string;
                        /**
                         * @description ollama: POST {base_url}/api/chat; openai_compatible: POST {base_url}/v1/chat/completions (a base URL ending in /v1 as it is)
                         * @enum {string}
                         */
                        kind: "ollama" | "openai_compatible";
                        /**
                         * Format: uri
                         * @description The endpoint, e.g. http://127.0.0.1:11434 (allowed by SMARTEROS_AI_ALLOWED_HOSTS) or https://api.openai.com
                         */
                        base_url: string;
                        /** @description The model's name at the endpoint, e.g. llama3.1:8b or gpt-4o-mini */
                        model: string;
                        /** @description API key, sent as a bearer token (write-only: never returned) */
                        api_key?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AiProvider"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ai/providers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One AI provider */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AiProvider"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a provider: inboxes that used it go back to answering from the knowledge */
        delete: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a provider (what is given); a new endpoint, model or kind forgets the last probe */
        patch: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A name for the team, unique in the company */
                        name?: string;
                        /**
                         * @description ollama: POST {base_url}/api/chat; openai_compatible: POST {base_url}/v1/chat/completions (a base URL ending in /v1 as it is)
                         * @enum {string}
                         */
                        kind?: "ollama" | "openai_compatible";
                        /**
                         * Format: uri
                         * @description The endpoint, e.g. http://127.0.0.1:11434 (allowed by SMARTEROS_AI_ALLOWED_HOSTS) or https://api.openai.com
                         */
                        base_url?: string;
                        /** @description The model's name at the endpoint, e.g. llama3.1:8b or gpt-4o-mini */
                        model?: string;
                        /** @description A new key, or null to remove it */
                        api_key?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AiProvider"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/ai/providers/{id}/probe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Call the endpoint once: whether it answers, and whether the model calls a tool when offered one (stored on the provider)
         * @description A provider that answers but makes no tool call is used in text only. The call counts in the usage.
         */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AiProvider"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ai/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Model calls and tokens per provider and day (UTC), newest first */
        get: {
            parameters: {
                query?: {
                    /** @description First day (UTC), YYYY-MM-DD */
                    from?: string;
                    /** @description Last day (UTC), YYYY-MM-DD */
                    to?: string;
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AiUsage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/inboxes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's inboxes (which secrets are set, never their values) */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ChatInbox"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Connect a channel: a WhatsApp number (phone_number_id, access token, app secret, verify token) or a Telegram bot (its token: the webhook is set with a generated secret). The answer never holds a secret */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        channel_type: "whatsapp";
                        name: string;
                        config: {
                            phone_number_id: string;
                            waba_id?: string;
                            display_phone_number?: string;
                            /** @description Graph API access token (write-only: never returned) */
                            access_token: string;
                            /** @description The Meta app's secret: webhooks are checked with it (write-only: never returned) */
                            app_secret: string;
                            /** @description The token Meta's webhook verification sends back (write-only: never returned) */
                            verify_token: string;
                        };
                    } | {
                        /** @enum {string} */
                        channel_type: "telegram";
                        name: string;
                        config: {
                            /** @description The bot token (write-only: never returned) */
                            bot_token: string;
                        };
                    } | {
                        /** @enum {string} */
                        channel_type: "web";
                        name: string;
                        config: {
                            /** @description The sites that may show the widget (their Origin); every other site is refused */
                            allowed_origins: string[];
                            /** @description Signs the logged-in user's id (user_hash = HMAC-SHA256 hex of user_id). Write-only; generated when not given, and then shown once in the creation answer */
                            identity_secret?: string;
                            /** @description The first line the widget shows (default: a greeting in the page language) */
                            greeting?: string;
                        };
                    } | {
                        /** @enum {string} */
                        channel_type: "api";
                        name: string;
                        config: {
                            /**
                             * Format: uri
                             * @description Where replies are POSTed (signed with X-SmarterOS-Signature); called through the egress guard
                             */
                            webhook_url: string;
                            /** @description Signs requests both ways. Write-only; generated when not given, and then shown once in the creation answer */
                            signing_secret?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatInbox"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/inboxes/{inbox_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename an inbox, or turn its assistant on or off (it answers from the knowledge and hands off to a person) */
        patch: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    inbox_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        assistant?: {
                            /** @description New conversations start with the assistant, which answers from the knowledge or hands off to a person */
                            enabled: boolean;
                            /** @description An AI provider of the company: the assistant answers with its model and the allowed tools; null: from the knowledge only */
                            provider_id?: string | null;
                        };
                        csat?: {
                            /** @description On resolve, the customer is asked to rate the attention from 1 to 5 */
                            enabled: boolean;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatInbox"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}/handoff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hand a conversation to a person (open, handled by a human) or back to the assistant (pending, handled by the bot) */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    conversation_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description human: a person of the team answers; bot: the assistant answers again
                         * @enum {string}
                         */
                        to: "human" | "bot";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Conversation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Conversations, latest activity first, with filters and cursor pages */
        get: {
            parameters: {
                query?: {
                    status?: components["schemas"]["ConversationStatusInput"];
                    inbox_id?: string;
                    /** @description A member's user id, me (the caller) or none (unassigned) */
                    assignee?: "me" | "none" | string;
                    /** @description A label's name (any case): conversations that carry it */
                    label?: string;
                    /** @description Search the contact's name, phone and e-mail and the messages' text (accents and case do not matter) */
                    q?: string;
                    limit?: number;
                    /** @description next_cursor of the previous page */
                    cursor?: string;
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConversationPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One conversation with its contact */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    conversation_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Conversation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Resolve, reopen, snooze; assign (a member, or null); mark read */
        patch: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    conversation_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        status?: components["schemas"]["ConversationStatusInput"];
                        /**
                         * Format: date-time
                         * @description With status snoozed: when the conversation opens again (it also does when the customer writes)
                         */
                        snoozed_until?: string;
                        /** @description A member of the company, or null to unassign */
                        assignee_id?: string | null;
                        /**
                         * @description Mark every message read (unread count to 0)
                         * @enum {boolean}
                         */
                        read?: true;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Conversation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A conversation's messages, newest first (cursor: older ones) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description next_cursor of the previous page (older messages) */
                    cursor?: string;
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    conversation_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatMessagePage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Reply (queued for the channel: status pending, then sent, delivered, read or failed) or add a private note */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    conversation_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The text (WhatsApp allows 4,096 characters) */
                        content: string;
                        /** @description A private note for the team: stored, never sent */
                        private?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatMessage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live inbox events (text/event-stream): message.created, message.updated, conversation.updated; resumes after Last-Event-ID or ?after=; `reset` asks the screen to reload */
        get: {
            parameters: {
                query?: {
                    after?: number;
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: {
                    "last-event-id"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/whatsapp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Meta's webhook verification: hub.challenge back when hub.verify_token is an inbox's */
        get: {
            parameters: {
                query?: {
                    "hub.mode"?: string;
                    "hub.verify_token"?: string;
                    "hub.challenge"?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** WhatsApp Cloud API webhook: X-Hub-Signature-256 checked on the raw body; written durably before the 200 */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "x-hub-signature-256"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            received: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's labels, by name, with how many conversations carry each */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ChatLabel"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a label (one of each name per tenant, whatever its case) */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description Colour as #rrggbb (default slate) */
                        color?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatLabel"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/labels/{label_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a label (it comes off every conversation) */
        delete: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    label_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename or recolour a label */
        patch: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    label_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        color?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatLabel"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}/labels/{label_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Put a label on a conversation (idempotent); the answer is the conversation with its labels */
        put: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    conversation_id: string;
                    label_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Conversation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Take a label off a conversation (idempotent); the answer is the conversation with its labels */
        delete: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    conversation_id: string;
                    label_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Conversation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resolve (the CSAT survey goes out when the inbox has it on), reopen, pending, or snooze until snoozed_until (it opens again then, or when the customer writes) */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    conversation_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        status: components["schemas"]["ConversationStatusInput"];
                        /**
                         * Format: date-time
                         * @description With snoozed: when it opens again (it also does when the customer writes)
                         */
                        snoozed_until?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Conversation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Conversations and those with unread messages, per status and per inbox; the caller’s and the unassigned */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatCounts"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/canned-responses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Canned responses by short code (?q= those that start with it) */
        get: {
            parameters: {
                query?: {
                    /** @description Short codes that start with it (what follows the / in the reply box) */
                    q?: string;
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ChatCannedResponse"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a canned response (one of each short code per tenant) */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        short_code: string;
                        content: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatCannedResponse"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/canned-responses/{canned_response_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a canned response */
        delete: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    canned_response_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a canned response */
        patch: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    canned_response_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        short_code?: string;
                        content?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatCannedResponse"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/chat/contacts/{contact_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A contact: phone (E.164), e-mail, RUT (12.345.678-5), its identity on each channel, its conversations */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    contact_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatContact"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Edit a contact's name, e-mail or RUT (checked by its check digit; null clears a field) */
        patch: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    contact_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string | null;
                        email?: string | null;
                        /** @description Chilean RUT in any spelling (12.345.678-5, 12345678-5); null clears it */
                        rut?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatContact"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/chat/chatwoot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's Chatwoot connections (which secrets are set, never their values) */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ChatwootConnection"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Connect a Chatwoot account: creates the account (with a platform token), an API inbox and a signed webhook; mirrors conversations both ways and answers as its agent bot. The answer never holds a secret */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: uri
                         * @description The Chatwoot installation's address, e.g. https://chat.example.cl
                         */
                        base_url: string;
                        /** @description An existing Chatwoot account; without it, platform_token creates one */
                        account_id?: number;
                        /** @description Name of the account created with platform_token (default: SmarterOS) */
                        account_name?: string;
                        /** @description A Chatwoot Platform App's access token: creates the account (write-only: never returned) */
                        platform_token?: string;
                        /** @description An access token of a Chatwoot user or bot of the account: the Application API's api_access_token header (write-only: never returned) */
                        api_access_token: string;
                        /** @description The secret of the Chatwoot webhook pointed at this connection, when it is not created here (write-only: never returned) */
                        webhook_secret?: string;
                        /**
                         * @description Name of the API inbox created in Chatwoot
                         * @default SmarterOS
                         */
                        inbox_name?: string;
                        /**
                         * @description The assistant answers the conversations Chatwoot keeps pending, and hands off by opening them
                         * @default true
                         */
                        agent_bot?: boolean;
                        /**
                         * @description The company's WhatsApp and Telegram conversations are mirrored into the API inbox; Chatwoot's agents answer them there
                         * @default true
                         */
                        mirror_inboxes?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatwootConnection"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/chatwoot/{connection_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Disconnect a Chatwoot account (the mirrored conversations stay) */
        delete: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/inboxes/{inbox_id}/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A WhatsApp inbox's approved message templates, from its WhatsApp Business Account (config.waba_id; 409 whatsapp_waba_missing without it); cached for a minute */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    inbox_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WhatsAppTemplateList"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}/template-messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send an approved WhatsApp template (also outside the 24-hour window): { template: { name, language, parameters } }, as many parameters as the body's placeholders; queued like a reply, stored as content_type template with its rendered body */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    conversation_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        template: {
                            name: string;
                            language: string;
                            /** @description The body's parameters in order: {{1}} is the first */
                            parameters?: string[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatMessage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/attachments/{attachment_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A customer's file (the message's payload.attachment.id): its bytes with their content type; 409 attachment_unavailable when its download failed */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    attachment_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The chat widget a site pastes: <script src=".../widget.js" data-inbox="INBOX_ID" async></script> (JavaScript; 503 when it is not built) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/web/{inbox_id}/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        /** CORS preflight of the widget’s requests: 204 with the CORS headers for an allowed origin, 403 otherwise */
        options: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The web inbox (its id, as the widget snippet names it) */
                    inbox_id: string;
                    path: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/web/{inbox_id}/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start or resume a visitor session: a signed visitor token (anonymous, or bound to the site’s user when user_hash = HMAC-SHA256(identity_secret, user_id) checks) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    origin?: string;
                };
                path: {
                    /** @description The web inbox (its id, as the widget snippet names it) */
                    inbox_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The visitor token of an earlier session on this browser: the same visitor resumes */
                        token?: string;
                        /** @description The tenant site's own id of a logged-in user (identity verification; needs user_hash) */
                        user_id?: string;
                        user_hash?: string;
                        /** @description The verified user's name (taken only with a verified user_id) */
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebVisitorSession"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/web/{inbox_id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The visitor’s messages (its own conversations, never a private note), oldest first */
        get: {
            parameters: {
                query?: never;
                header?: {
                    "x-visitor-token"?: string;
                    origin?: string;
                };
                path: {
                    /** @description The web inbox (its id, as the widget snippet names it) */
                    inbox_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebVisitorMessages"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** The visitor writes: stored before the answer (201), once per client_message_id (sending it again answers 200 with the stored one) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "x-visitor-token"?: string;
                    origin?: string;
                };
                path: {
                    /** @description The web inbox (its id, as the widget snippet names it) */
                    inbox_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description The widget's id of this message: sending it again stores nothing new
                         */
                        client_message_id: string;
                        content: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebVisitorMessage"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebVisitorMessage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/web/{inbox_id}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The visitor’s live conversation (text/event-stream): message, status, reset; resumes after Last-Event-ID or ?after= */
        get: {
            parameters: {
                query?: {
                    after?: number;
                };
                header?: {
                    "x-visitor-token"?: string;
                    origin?: string;
                    "last-event-id"?: string;
                };
                path: {
                    /** @description The web inbox (its id, as the widget snippet names it) */
                    inbox_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Products with their price and stock, by name (search ignores accents and case), in pages */
        get: {
            parameters: {
                query?: {
                    /** @description Words in the SKU, name or barcode (accents and case do not matter) */
                    q?: string;
                    category?: string;
                    active?: "true" | "false" | "all";
                    /** @description true: only products with stock available */
                    in_stock?: "true" | "false";
                    limit?: number;
                    offset?: number;
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpProductPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a product: SKU unique per company, the price net or with IVA (price_includes_tax says which) */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Stock keeping unit: unique per company */
                        sku: string;
                        name: string;
                        description?: string;
                        /** @default unidad */
                        unit?: string;
                        /** @description Unit price in CLP; up to 6 decimals (the SII allows them), e.g. 1990 or "1990.5" */
                        price: string | number;
                        /**
                         * @description true when price already includes IVA (what a shop shows); false for a net price
                         * @default false
                         */
                        price_includes_tax?: boolean;
                        /**
                         * @description iva: IVA 19%; exempt: exento
                         * @default iva
                         * @enum {string}
                         */
                        tax?: "iva" | "exempt";
                        barcode?: string;
                        category?: string;
                        images?: string[];
                        /** @default true */
                        active?: boolean;
                        /** @description A variant: the SKU of the product it varies */
                        parent_sku?: string;
                        /** @description A variant’s attributes, e.g. { "talla": "M", "color": "rojo" } */
                        attributes?: {
                            [key: string]: string;
                        };
                        /** @description stock.low is emitted when the available quantity falls below it */
                        low_stock_threshold?: (string | number) | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpProduct"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/products/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import up to 1,000 products in one transaction: each is created, or updated when its SKU exists; stock sets the quantity on hand
         * @description Run again, an import changes nothing twice (the CLI sends a large file in batches of 500 and can be re-run after an interruption). Any bad row fails the batch with 400 naming rows.N and its field.
         */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description At most 1,000 rows a request; send a large file in batches */
                        rows: {
                            /** @description Stock keeping unit: unique per company */
                            sku: string;
                            name: string;
                            description?: string;
                            /** @default unidad */
                            unit?: string;
                            /** @description Unit price in CLP; up to 6 decimals (the SII allows them), e.g. 1990 or "1990.5" */
                            price: string | number;
                            /**
                             * @description true when price already includes IVA (what a shop shows); false for a net price
                             * @default false
                             */
                            price_includes_tax?: boolean;
                            /**
                             * @description iva: IVA 19%; exempt: exento
                             * @default iva
                             * @enum {string}
                             */
                            tax?: "iva" | "exempt";
                            barcode?: string;
                            category?: string;
                            images?: string[];
                            /** @default true */
                            active?: boolean;
                            /** @description stock.low is emitted when the available quantity falls below it */
                            low_stock_threshold?: (string | number) | null;
                            /** @description The quantity on hand in the default warehouse after the import (an adjustment by the difference) */
                            stock?: string | number;
                        }[];
                        /** @description What the stock moves are referenced by, e.g. import:catalogo.csv */
                        reference?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpProductImport"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/products/{product_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A product with its stock */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    product_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpProduct"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a product (what is given; the SKU stays) */
        patch: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    product_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        description?: string;
                        /** @default unidad */
                        unit?: string;
                        /** @description Unit price in CLP; up to 6 decimals (the SII allows them), e.g. 1990 or "1990.5" */
                        price?: string | number;
                        /**
                         * @description true when price already includes IVA (what a shop shows); false for a net price
                         * @default false
                         */
                        price_includes_tax?: boolean;
                        /**
                         * @description iva: IVA 19%; exempt: exento
                         * @default iva
                         * @enum {string}
                         */
                        tax?: "iva" | "exempt";
                        barcode?: string;
                        category?: string;
                        images?: string[];
                        /** @default true */
                        active?: boolean;
                        /** @description A variant’s attributes, e.g. { "talla": "M", "color": "rojo" } */
                        attributes?: {
                            [key: string]: string;
                        };
                        /** @description stock.low is emitted when the available quantity falls below it */
                        low_stock_threshold?: (string | number) | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpProduct"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/erp/warehouses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Warehouses, the default first (a company starts with «principal») */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ErpWarehouse"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a warehouse (is_default: orders and moves use it when none is named) */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        name: string;
                        /** @default false */
                        is_default?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpWarehouse"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/stock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** On hand, reserved and available per product, in total and per warehouse (?sku= one product; ?low=true those below their threshold) */
        get: {
            parameters: {
                query?: {
                    /** @description Stock keeping unit: unique per company */
                    sku?: string;
                    product_id?: string;
                    /** @description true: only products below their threshold */
                    low?: "true" | "false";
                    limit?: number;
                    offset?: number;
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ErpStockLevel"][];
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/stock/moves": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The stock ledger, newest first */
        get: {
            parameters: {
                query?: {
                    product_id?: string;
                    limit?: number;
                    cursor?: number;
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ErpStockMove"][];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * A stock move in the ledger: receipt, return, sale, a signed adjustment, or a transfer between warehouses
         * @description The ledger is append-only; 409 insufficient_stock names the product and what is available when a move would take away more than is free.
         */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Stock keeping unit: unique per company */
                        sku?: string;
                        /** Format: uuid */
                        product_id?: string;
                        /** @description receipt and return add it; sale takes it away; an adjustment is signed (-3 takes 3 away); a transfer moves it to to_warehouse_id */
                        quantity: string | number;
                        /** @enum {string} */
                        kind: "receipt" | "sale" | "return" | "adjustment" | "transfer";
                        /**
                         * Format: uuid
                         * @description By default the default warehouse
                         */
                        warehouse_id?: string;
                        /**
                         * Format: uuid
                         * @description A transfer’s destination
                         */
                        to_warehouse_id?: string;
                        reason?: string;
                        reference?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpStockLevel"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Customers by name, RUT or e-mail */
        get: {
            parameters: {
                query?: {
                    q?: string;
                    rut?: string;
                    limit?: number;
                    offset?: number;
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpCustomerPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a customer: RUT unique per company, the comuna by name or CUT code; linked to the chat contact of the same phone or e-mail */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description RUT with check digit, in any spelling (12.345.678-5, 123456785) */
                        rut?: string;
                        razon_social: string;
                        giro?: string;
                        address?: string;
                        /** @description Name or CUT code of the comuna (Ñuñoa, nunoa, 13120) */
                        comuna?: string;
                        city?: string;
                        /**
                         * Format: email
                         * @description Where tax documents are sent
                         */
                        email?: string;
                        phone?: string;
                        customer_group?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpCustomer"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/customers/{customer_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A customer */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    customer_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpCustomer"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a customer (what is given) */
        patch: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    customer_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description RUT with check digit, in any spelling (12.345.678-5, 123456785) */
                        rut?: string;
                        razon_social?: string;
                        giro?: string;
                        address?: string;
                        /** @description Name or CUT code of the comuna (Ñuñoa, nunoa, 13120) */
                        comuna?: string;
                        city?: string;
                        /**
                         * Format: email
                         * @description Where tax documents are sent
                         */
                        email?: string;
                        phone?: string;
                        customer_group?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpCustomer"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/erp/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Orders, newest first (by status, channel, customer; ?q= a number or the buyer’s words) */
        get: {
            parameters: {
                query?: {
                    status?: "draft" | "confirmed" | "paid" | "completed" | "cancelled";
                    channel?: "pos" | "store" | "whatsapp" | "telegram" | "web" | "shopify" | "odoo" | "api";
                    customer_id?: string;
                    /** @description An order number, or words of the customer or buyer */
                    q?: string;
                    limit?: number;
                    /** @description next_cursor of the previous page */
                    cursor?: string;
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpOrderPage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * A draft order with its lines and totals (net, IVA 19% by the SII’s rule, exempt, total in whole pesos)
         * @description With external_ref the order is created once per channel: the same reference answers the order already there.
         */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        customer_id?: string;
                        /** @description The buyer when there is no customer record (checkout, chat) */
                        buyer?: {
                            name: string;
                            /** Format: email */
                            email?: string;
                            phone?: string;
                            rut?: string;
                            giro?: string;
                        };
                        /**
                         * @default api
                         * @enum {string}
                         */
                        channel?: "pos" | "store" | "whatsapp" | "telegram" | "web" | "shopify" | "odoo" | "api";
                        /**
                         * @description factura needs a customer with RUT and giro; boleta by default
                         * @enum {string}
                         */
                        document_kind?: "boleta" | "factura";
                        /** Format: uuid */
                        warehouse_id?: string;
                        notes?: string;
                        /** @description The order’s id in another system (idempotent per channel) */
                        external_ref?: string;
                        /**
                         * Format: date-time
                         * @description Only with external_ref: when the order was placed in the other system (its created_at); by default now
                         */
                        placed_at?: string;
                        lines: {
                            /** @description Stock keeping unit: unique per company */
                            sku?: string;
                            /** Format: uuid */
                            product_id?: string;
                            /** @description Quantity; up to 3 decimals (kilos, metres) */
                            quantity: string | number;
                            /** @description By default the product’s price (or its price list’s for the customer’s group) */
                            unit_price?: string | number;
                            /** @description Discount in percent, 0 to 100 */
                            discount_pct?: string | number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpOrder"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/orders/{order_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An order with its lines and payments */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    order_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpOrder"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/orders/{order_id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm a draft: reserves the stock of every line, or nothing (409 insufficient_stock naming the product and what is available) */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    order_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpOrder"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/orders/{order_id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete a confirmed or paid order: its reserved stock leaves the warehouse */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    order_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpOrder"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/orders/{order_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel an order that is not completed: what it reserved is released */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    order_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpOrder"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/orders/{order_id}/pay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a payment by transfer, cash or card terminal (a draft is confirmed first); the order is paid when its payments cover the total */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    order_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        method: "transfer" | "cash" | "card_terminal";
                        /** @description By default what the order still owes */
                        amount?: number;
                        /** @description The transfer’s number or the voucher */
                        reference?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpOrder"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The company's Odoo and Shopify connections: their state, last sync and last error (which secrets are set, never their values) */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ErpConnection"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Connect Odoo (products and stock in, confirmed orders out) or Shopify (products, customers, orders and abandoned checkouts in): the credentials are tried first; the answer never holds a secret */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "odoo";
                        config: {
                            /**
                             * Format: uri
                             * @description The Odoo server, e.g. https://miempresa.odoo.com (no path)
                             */
                            base_url: string;
                            /**
                             * @description json2: Odoo 19’s JSON-2 API with an API key (the default); jsonrpc: the legacy /jsonrpc (Odoo 18 and earlier), with login and password
                             * @default json2
                             * @enum {string}
                             */
                            protocol?: "json2" | "jsonrpc";
                            /** @description The database: needed for jsonrpc, and for json2 where one server hosts several */
                            database?: string;
                            /** @description jsonrpc: the user’s login (usually an e-mail); a dedicated bot user is best */
                            login?: string;
                        };
                        secrets: {
                            /** @description An Odoo API key (Preferences → Account Security → New API Key) (write-only: never returned) */
                            api_key?: string;
                            /** @description jsonrpc: the user’s password, or one of its API keys (write-only: never returned) */
                            password?: string;
                        };
                    } | {
                        /** @enum {string} */
                        kind: "shopify";
                        config: {
                            /**
                             * Format: uri
                             * @description The shop, https://{tienda}.myshopify.com
                             */
                            shop_url: string;
                            /**
                             * @description Shopify’s prices include IVA (the usual setting of a shop in Chile); false when they are net
                             * @default true
                             */
                            prices_include_tax?: boolean;
                        };
                        secrets: {
                            /** @description The app’s Admin API access token (shpat_…), with read_products, read_customers, read_orders and read_checkouts (write-only: never returned) */
                            access_token: string;
                            /** @description The app’s client secret: Shopify signs its webhooks with it (X-Shopify-Hmac-Sha256) (write-only: never returned) */
                            webhook_secret: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpConnection"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/connections/{connection_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One connection */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpConnection"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Disconnect (what came in, products and orders, stays) */
        delete: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/connections/{connection_id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pull now what changed since the last sync (full: everything): Odoo products and stock; Shopify products, customers, orders and abandoned checkouts. Answers the counts
         * @description Run twice, a sync changes nothing twice (every record is an upsert by its key). A refusal of the other system answers 502 connector_sync_failed with details.kind (auth, access, not_found, validation, server, network…) and stays on the connection (status error, last_error). One sync at a time per connection: 409 connector_sync_running.
         */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Pull everything again from the start, not only what changed since the last sync (it changes nothing twice)
                         * @default false
                         */
                        full?: boolean;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpSyncResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/orders/{order_id}/webpay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a Webpay Plus payment of what the order owes (a draft is confirmed first, reserving its stock): Webpay’s token and form URL
         * @description Send the buyer to url with a POST of token_ws (GET /pay/… from a payment link does it). Webpay sends the buyer back to /api/v1/erp/payments/webpay/return.
         */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    order_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpWebpayStart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/orders/{order_id}/payment-link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A Webpay payment link for the order, valid 7 days, to send to the buyer (WhatsApp, e-mail): opening it starts a fresh payment */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    order_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpPaymentLink"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/payments/{payment_id}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refund a Webpay payment, whole or in part (Transbank reverses it within 3 hours of the authorization, nullifies it later) */
        post: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    payment_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description By default all that is left */
                        amount?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpPayment"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/webpay-account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant’s Webpay commerce (own: false means Transbank’s public integration commerce) */
        get: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpWebpayAccount"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Set the tenant’s own Webpay commerce code and API key (sealed by the vault, never shown again) */
        put: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        commerce_code: string;
                        /** @description Transbank’s API key secret (Tbk-Api-Key-Secret): write-only, sealed by the vault */
                        api_key: string;
                        /**
                         * @default integration
                         * @enum {string}
                         */
                        environment?: "integration" | "production";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErpWebpayAccount"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Forget the tenant’s own commerce: payments go to Transbank’s integration commerce again */
        delete: {
            parameters: {
                query?: {
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pay/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A payment link: starts a Webpay payment of what the order owes and sends the browser to Webpay’s form */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/telegram/{inbox_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Telegram Bot API webhook: X-Telegram-Bot-Api-Secret-Token must be the inbox's; written durably before the 200 */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "x-telegram-bot-api-secret-token"?: string;
                };
                path: {
                    inbox_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            received: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/chatwoot/{connection_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Chatwoot webhook: X-Chatwoot-Signature over "{timestamp}.{raw body}", a fresh X-Chatwoot-Timestamp, one row per X-Chatwoot-Delivery; written durably before the 200 */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "x-chatwoot-signature"?: string;
                    "x-chatwoot-timestamp"?: string;
                    "x-chatwoot-delivery"?: string;
                };
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            received: boolean;
                            duplicate: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations/{conversation_id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a file to the customer within WhatsApp's 24-hour window: the bytes as the body with their content-type (JPEG, PNG, MP3/AAC/OGG/AMR audio, MP4/3GP video, PDF, text and Office documents), ?filename= and ?caption=; uploaded to WhatsApp, then queued like a reply. 413 over SMARTEROS_CHAT_MEDIA_MAX_BYTES, 415 for another type */
        post: {
            parameters: {
                query?: {
                    filename?: string;
                    caption?: string;
                    /** @description Platform admins: the tenant (id or RUT). Others act on the tenant of their credential. */
                    tenant_id?: string;
                };
                header?: never;
                path: {
                    conversation_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatMessage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/chat-api/{inbox_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** API channel: a customer message from the tenant’s system { message_id, contact: { id, name?, phone? }, content, sent_at? }; X-SmarterOS-Signature checked on the raw body (5 minutes tolerance); stored before the 201, once per message_id (200 when sent again) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "x-smarteros-signature"?: string;
                };
                path: {
                    inbox_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            conversation_id: string;
                            duplicate: boolean;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            conversation_id: string;
                            duplicate: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/shopify/{connection_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Shopify webhook (orders/create, orders/updated, products/create, products/update, checkouts/create, checkouts/update): X-Shopify-Hmac-Sha256 over the raw body, one row per X-Shopify-Webhook-Id, written durably before the 200 */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "x-shopify-hmac-sha256"?: string;
                    "x-shopify-topic"?: string;
                    "x-shopify-webhook-id"?: string;
                };
                path: {
                    connection_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            received: boolean;
                            duplicate: boolean;
                            ignored: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/erp/payments/webpay/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webpay’s return (GET): token_ws is committed once; TBK_TOKEN (aborted) and TBK_ORDEN_COMPRA + TBK_ID_SESION (timed out) close the payment without committing. An HTML page with the result */
        get: {
            parameters: {
                query?: {
                    token_ws?: string;
                    TBK_TOKEN?: string;
                    TBK_ORDEN_COMPRA?: string;
                    TBK_ID_SESION?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        /** Webpay’s return (POST): token_ws is committed once; TBK_TOKEN (aborted) and TBK_ORDEN_COMPRA + TBK_ID_SESION (timed out) close the payment without committing. An HTML page with the result */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token_ws?: string;
                        TBK_TOKEN?: string;
                        TBK_ORDEN_COMPRA?: string;
                        TBK_ID_SESION?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
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
        /** @enum {string} */
        OutboxDeliveryStatusInput: "pending" | "delivered" | "dead";
        OutboxDeliveryInput: {
            /** Format: uuid */
            tenant_id: string;
            event_id: number;
            subscriber: string;
            topic: string;
            aggregate: string | null;
            payload: {
                [key: string]: unknown;
            };
            status: components["schemas"]["OutboxDeliveryStatusInput"];
            attempts: number;
            /** @description Attempts before dead, for this subscriber on this server (null: not registered here) */
            max_attempts: number | null;
            /** @description When a pending delivery is next tried */
            next_attempt_at: string | null;
            /** @description A worker is running it until then */
            leased_until: string | null;
            /** @description The last attempt's error, trimmed, secrets removed */
            last_error: string | null;
            occurred_at: string;
            created_at: string;
            updated_at: string;
            delivered_at: string | null;
        };
        OutboxDeliveryPageInput: {
            items: components["schemas"]["OutboxDeliveryInput"][];
            next_cursor: string | null;
        };
        OutboxSubscriberInput: {
            subscriber: string;
            /** @description Registered in this server */
            registered: boolean;
            topics: string[];
            ordered: boolean | null;
            max_attempts: number | null;
            pending: number;
            dead: number;
            delivered: number;
            /** @description Created time of the oldest pending delivery (its lag) */
            oldest_pending_at: string | null;
        };
        KnowledgeEntryInput: {
            /** Format: uuid */
            id: string;
            question: string;
            answer: string;
            tags: string[];
            enabled: boolean;
            created_by: string;
            created_at: string;
            updated_at: string;
        };
        KnowledgeListInput: {
            items: components["schemas"]["KnowledgeEntryInput"][];
        };
        AiProviderProbeInput: {
            probed_at: string;
            /** @description The endpoint answered for this model */
            reachable: boolean;
            /** @description It made a tool call when offered one (false: the assistant answers in text only); null when unreachable */
            supports_tools: boolean | null;
            /** @description What went wrong, when it did */
            error: string | null;
        };
        AiProviderInput: {
            /** Format: uuid */
            id: string;
            name: string;
            /**
             * @description ollama: POST {base_url}/api/chat; openai_compatible: POST {base_url}/v1/chat/completions (a base URL ending in /v1 as it is)
             * @enum {string}
             */
            kind: "ollama" | "openai_compatible";
            base_url: string;
            model: string;
            /** @description Whether a key is set (never its value) */
            api_key: {
                last4: string;
                fingerprint: string;
            } | null;
            /** @description The last probe (null: never probed, or changed since) */
            probe: components["schemas"]["AiProviderProbeInput"] | null;
            created_at: string;
            updated_at: string;
        };
        AiProviderListInput: {
            items: components["schemas"]["AiProviderInput"][];
        };
        AiUsageInput: {
            items: {
                /** Format: uuid */
                provider_id: string;
                day: string;
                requests: number;
                failures: number;
                prompt_tokens: number;
                completion_tokens: number;
            }[];
            total: {
                requests: number;
                failures: number;
                prompt_tokens: number;
                completion_tokens: number;
            };
        };
        CapabilityResultInput: {
            capability: string;
            /** @description The upstream HTTP status */
            status: number;
            /** @description A safe subset of the upstream headers */
            headers: {
                [key: string]: string;
            };
            /** @description JSON when the upstream answered JSON; text otherwise; { base64 } for binary */
            body: unknown;
            duration_ms: number;
        };
        GatewayRequestInput: {
            id: string;
            created_at: string;
            capability_name: string;
            capability_id: string | null;
            provider_id: string | null;
            principal: string;
            source: string;
            method: string;
            status: number;
            upstream_status: number | null;
            error_code: string | null;
            latency_ms: number;
            upstream_ms: number | null;
            bytes_in: number;
            bytes_out: number;
            attempts: number;
        };
        WebVisitorMessageInput: {
            id: string;
            /** @description The visitor's own id of a message it wrote */
            client_message_id: string | null;
            /**
             * @description incoming: the visitor wrote it; outgoing: the team or the assistant
             * @enum {string}
             */
            direction: "incoming" | "outgoing";
            /** @enum {string} */
            sender_type: "contact" | "agent" | "bot" | "system";
            content_type: string;
            content: string | null;
            status: string;
            sent_at: string;
        };
        WebVisitorSessionInput: {
            /** @description Send it as X-Visitor-Token; keep it to resume (it expires) */
            token: string;
            expires_at: string;
            /** @description The visitor is a user the tenant site vouched for (user_hash checked) */
            verified: boolean;
            inbox: {
                name: string;
                greeting: string | null;
            };
        };
        WebVisitorMessagesInput: {
            items: components["schemas"]["WebVisitorMessageInput"][];
        };
        /** @enum {string} */
        ChatChannelInput: "whatsapp" | "telegram" | "web" | "api" | "chatwoot";
        /** @enum {string} */
        ConversationStatusInput: "open" | "pending" | "resolved" | "snoozed";
        ChatInboxInput: {
            /** Format: uuid */
            id: string;
            channel_type: components["schemas"]["ChatChannelInput"];
            name: string;
            /** @description The channel's id of the inbox (WhatsApp: phone_number_id) */
            external_id: string | null;
            /** @description Settings that are not secrets */
            config: {
                [key: string]: unknown;
            };
            /** @description Which secrets are set (never their values) */
            secrets: {
                name: string;
                last4: string;
                fingerprint: string;
            }[];
            /** @description Where the channel must send its webhooks */
            webhook_url: string | null;
            assistant_enabled: boolean;
            csat_enabled: boolean;
            /** @description The AI provider its assistant uses (null: the knowledge only) */
            assistant_provider_id: string | null;
            created_at: string;
            /** @description Only in the answer that created a web or API inbox: the secrets SmarterOS generated for it (identity_secret, signing_secret). Shown this once, never again */
            generated_secrets?: {
                [key: string]: string;
            };
        };
        ConversationInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            inbox_id: string;
            channel: components["schemas"]["ChatChannelInput"];
            status: components["schemas"]["ConversationStatusInput"];
            /** @enum {string} */
            handled_by: "bot" | "human";
            assignee_id: string | null;
            contact: {
                /** Format: uuid */
                id: string;
                name: string | null;
                phone: string | null;
            };
            labels: {
                /** Format: uuid */
                id: string;
                name: string;
                color: string;
            }[];
            /** @enum {string} */
            priority: "low" | "normal" | "high" | "urgent";
            snoozed_until: string | null;
            first_response_at: string | null;
            resolved_at: string | null;
            csat_score: number | null;
            unread_count: number;
            last_message_at: string | null;
            last_incoming_at: string | null;
            created_at: string;
        };
        ConversationPageInput: {
            items: components["schemas"]["ConversationInput"][];
            next_cursor: string | null;
        };
        ChatMessageInput: {
            id: string;
            external_id: string | null;
            /** @enum {string} */
            direction: "incoming" | "outgoing";
            /** @enum {string} */
            sender_type: "contact" | "agent" | "bot" | "system";
            content_type: string;
            content: string | null;
            payload: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            status: "received" | "pending" | "sent" | "delivered" | "read" | "failed";
            error_code: string | null;
            private: boolean;
            sent_at: string;
        };
        ChatMessagePageInput: {
            items: components["schemas"]["ChatMessageInput"][];
            next_cursor: string | null;
        };
        ChatLabelInput: {
            /** Format: uuid */
            id: string;
            name: string;
            color: string;
            /** @description Conversations that carry it */
            conversations: number;
            created_at: string;
        };
        ChatCannedResponseInput: {
            /** Format: uuid */
            id: string;
            short_code: string;
            content: string;
            created_at: string;
            updated_at: string;
        };
        ChatContactInput: {
            /** Format: uuid */
            id: string;
            name: string | null;
            /** @description E.164 */
            phone: string | null;
            email: string | null;
            /** @description Formatted 12.345.678-5 */
            rut: string | null;
            unreachable: boolean;
            identities: {
                /** Format: uuid */
                inbox_id: string;
                inbox_name: string;
                channel: components["schemas"]["ChatChannelInput"];
                external_id: string;
                business_scoped_id: string | null;
            }[];
            /** @description The contact's conversations, newest first */
            conversations: {
                /** Format: uuid */
                id: string;
                /** Format: uuid */
                inbox_id: string;
                channel: components["schemas"]["ChatChannelInput"];
                status: components["schemas"]["ConversationStatusInput"];
                created_at: string;
                last_message_at: string | null;
                resolved_at: string | null;
                csat_score: number | null;
                messages: number;
            }[];
            created_at: string;
        };
        ChatCountsInput: {
            statuses: {
                open: {
                    conversations: number;
                    /** @description Conversations with unread messages */
                    unread: number;
                };
                pending: {
                    conversations: number;
                    /** @description Conversations with unread messages */
                    unread: number;
                };
                resolved: {
                    conversations: number;
                    /** @description Conversations with unread messages */
                    unread: number;
                };
                snoozed: {
                    conversations: number;
                    /** @description Conversations with unread messages */
                    unread: number;
                };
            };
            inboxes: {
                /** Format: uuid */
                inbox_id: string;
                statuses: {
                    open: {
                        conversations: number;
                        /** @description Conversations with unread messages */
                        unread: number;
                    };
                    pending: {
                        conversations: number;
                        /** @description Conversations with unread messages */
                        unread: number;
                    };
                    resolved: {
                        conversations: number;
                        /** @description Conversations with unread messages */
                        unread: number;
                    };
                    snoozed: {
                        conversations: number;
                        /** @description Conversations with unread messages */
                        unread: number;
                    };
                };
            }[];
            /** @description The caller's conversations that are not resolved */
            mine: {
                conversations: number;
                /** @description Conversations with unread messages */
                unread: number;
            };
            /** @description Open or pending conversations without an assignee */
            unassigned: {
                conversations: number;
                /** @description Conversations with unread messages */
                unread: number;
            };
        };
        ChatwootConnectionInput: {
            /** Format: uuid */
            id: string;
            base_url: string;
            account_id: number;
            chatwoot_inbox_id: number | null;
            /**
             * Format: uuid
             * @description The SmarterOS inbox holding the mirrored conversations
             */
            inbox_id: string;
            agent_bot: boolean;
            mirror_inboxes: boolean;
            /** @description Where Chatwoot sends this connection's webhooks */
            webhook_url: string;
            /** @description Which secrets are set (never their values) */
            secrets: {
                name: string;
                last4: string;
                fingerprint: string;
            }[];
            created_at: string;
        };
        WhatsAppTemplateInput: {
            name: string;
            /** @description The template's language code (es, es_CL, en_US…) */
            language: string;
            /** @description APPROVED (only these are listed and can be sent), PENDING, REJECTED, PAUSED… */
            status: string;
            /** @description MARKETING, UTILITY or AUTHENTICATION */
            category: string | null;
            /** @description The header's text, when it has no parameter */
            header: string | null;
            /** @description The body with its placeholders ({{1}}, {{2}}…) */
            body: string | null;
            footer: string | null;
            /** @description How many parameters the body needs (template.parameters must have exactly these) */
            parameter_count: number;
            /** @description The placeholder names of a template with named parameters, in order; null for {{1}}, {{2}}… */
            parameter_names: string[] | null;
            /** @description False when the template needs header or button parameters, which cannot be sent from here */
            sendable: boolean;
            /** @description The template's components as Meta lists them */
            components: {
                [key: string]: unknown;
            }[];
        };
        WhatsAppTemplateListInput: {
            items: components["schemas"]["WhatsAppTemplateInput"][];
        };
        ErpProductInput: {
            /** Format: uuid */
            id: string;
            sku: string;
            name: string;
            description: string | null;
            unit: string;
            /** @description The unit price as written (net or gross, see price_includes_tax) */
            price: string;
            price_includes_tax: boolean;
            /**
             * @description iva: IVA 19%; exempt: exento
             * @enum {string}
             */
            tax: "iva" | "exempt";
            /** @description The unit price with IVA, in whole pesos: what a buyer pays */
            gross_price: number;
            barcode: string | null;
            category: string | null;
            images: string[];
            active: boolean;
            parent_id: string | null;
            attributes: {
                [key: string]: string;
            };
            low_stock_threshold: string | null;
            stock: {
                on_hand: string;
                reserved: string;
                available: string;
            };
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        ErpProductPageInput: {
            items: components["schemas"]["ErpProductInput"][];
            total: number;
        };
        ErpWarehouseInput: {
            /** Format: uuid */
            id: string;
            code: string;
            name: string;
            is_default: boolean;
        };
        ErpStockMoveInput: {
            id: number;
            /** Format: uuid */
            product_id: string;
            sku: string;
            /** Format: uuid */
            warehouse_id: string;
            kind: string;
            on_hand_delta: string;
            reserved_delta: string;
            reason: string | null;
            reference: string | null;
            order_id: string | null;
            actor: string;
            /** Format: date-time */
            created_at: string;
        };
        ErpStockLevelInput: {
            /** Format: uuid */
            product_id: string;
            sku: string;
            name: string;
            on_hand: string;
            reserved: string;
            available: string;
            low_stock_threshold: string | null;
            low: boolean;
            warehouses: {
                /** Format: uuid */
                warehouse_id: string;
                code: string;
                on_hand: string;
                reserved: string;
                available: string;
            }[];
        };
        ErpCustomerInput: {
            /** Format: uuid */
            id: string;
            /** @description Formatted 12.345.678-5 */
            rut: string | null;
            razon_social: string;
            giro: string | null;
            address: string | null;
            comuna: {
                code: string;
                name: string;
                region: string;
            } | null;
            city: string | null;
            email: string | null;
            phone: string | null;
            customer_group: string | null;
            chat_contact_id: string | null;
            /** Format: date-time */
            created_at: string;
        };
        ErpCustomerPageInput: {
            items: components["schemas"]["ErpCustomerInput"][];
            total: number;
        };
        ErpPaymentInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            order_id: string;
            /** @enum {string} */
            method: "webpay" | "transfer" | "cash" | "card_terminal";
            amount: number;
            /** @enum {string} */
            status: "pending" | "approved" | "failed" | "refunded" | "cancelled";
            provider_ref: string | null;
            details: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        ErpOrderInput: {
            /** Format: uuid */
            id: string;
            number: number;
            /** @enum {string} */
            status: "draft" | "confirmed" | "paid" | "completed" | "cancelled";
            /** @enum {string} */
            channel: "pos" | "store" | "whatsapp" | "telegram" | "web" | "shopify" | "odoo" | "api";
            customer_id: string | null;
            customer: {
                /** Format: uuid */
                id: string;
                razon_social: string;
                rut: string | null;
            } | null;
            buyer: {
                [key: string]: string;
            };
            /** @enum {string} */
            document_kind: "boleta" | "factura";
            /** Format: uuid */
            warehouse_id: string;
            currency: string;
            amount_untaxed: number;
            amount_exempt: number;
            amount_tax: number;
            amount_total: number;
            amount_paid: number;
            external_ref: string | null;
            notes: string | null;
            lines: {
                line_no: number;
                /** Format: uuid */
                product_id: string;
                sku: string;
                name: string;
                quantity: string;
                unit_price: string;
                price_includes_tax: boolean;
                discount_pct: string;
                /**
                 * @description iva: IVA 19%; exempt: exento
                 * @enum {string}
                 */
                tax: "iva" | "exempt";
                line_total: number;
                line_untaxed: number;
                line_tax: number;
            }[];
            payments: components["schemas"]["ErpPaymentInput"][];
            /** Format: date-time */
            created_at: string;
            confirmed_at: string | null;
            paid_at: string | null;
            completed_at: string | null;
            cancelled_at: string | null;
        };
        ErpOrderSummaryInput: {
            /** Format: uuid */
            id: string;
            number: number;
            /** @enum {string} */
            status: "draft" | "confirmed" | "paid" | "completed" | "cancelled";
            /** @enum {string} */
            channel: "pos" | "store" | "whatsapp" | "telegram" | "web" | "shopify" | "odoo" | "api";
            customer_id: string | null;
            customer: {
                /** Format: uuid */
                id: string;
                razon_social: string;
                rut: string | null;
            } | null;
            buyer: {
                [key: string]: string;
            };
            /** @enum {string} */
            document_kind: "boleta" | "factura";
            /** Format: uuid */
            warehouse_id: string;
            currency: string;
            amount_untaxed: number;
            amount_exempt: number;
            amount_tax: number;
            amount_total: number;
            amount_paid: number;
            external_ref: string | null;
            notes: string | null;
            /** Format: date-time */
            created_at: string;
            confirmed_at: string | null;
            paid_at: string | null;
            completed_at: string | null;
            cancelled_at: string | null;
            line_count: number;
        };
        ErpOrderPageInput: {
            items: components["schemas"]["ErpOrderSummaryInput"][];
            next_cursor: string | null;
        };
        ErpProductImportInput: {
            created: number;
            updated: number;
            stock_adjusted: number;
        };
        ErpWebpayAccountInput: {
            /** @description false: payments go to Transbank’s public integration commerce (no real card is charged) */
            own: boolean;
            commerce_code: string;
            /** @enum {string} */
            environment: "integration" | "production";
            api_key_last4: string | null;
            updated_at: string | null;
        };
        ErpWebpayStartInput: {
            /** Format: uuid */
            payment_id: string;
            token: string;
            /** @description Webpay’s form: POST token_ws there (GET /pay/… does it for a browser) */
            url: string;
            amount: number;
            buy_order: string;
            /** @enum {string} */
            environment: "integration" | "production";
        };
        ErpPaymentLinkInput: {
            url: string;
            /** Format: date-time */
            expires_at: string;
        };
        ErpSyncResultInput: {
            /** Format: uuid */
            connection_id: string;
            /** @enum {string} */
            kind: "odoo" | "shopify";
            /** Format: date-time */
            started_at: string;
            /** Format: date-time */
            finished_at: string;
            products: {
                created: number;
                updated: number;
                skipped: number;
            };
            /** @description Products whose quantity here was set to the other system’s */
            stock: {
                adjusted: number;
            };
            customers: {
                created: number;
                updated: number;
            };
            orders: {
                created: number;
                updated: number;
                unchanged: number;
                skipped: number;
            };
            checkouts: {
                seen: number;
            };
            /** @description true: there is more to pull (a large first sync goes on at the next run, where this one stopped) */
            more: boolean;
            /** @description What was skipped and why (at most 50) */
            problems: {
                ref: string;
                message: string;
            }[];
        };
        ErpConnectionInput: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "odoo" | "shopify";
            /** @description Settings that are not secrets */
            config: {
                [key: string]: unknown;
            };
            /**
             * @description connected: never synced; synced: the last sync ended well; error: see last_error
             * @enum {string}
             */
            status: "connected" | "synced" | "error";
            last_sync_at: string | null;
            last_error: {
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                during: "sync" | "push" | "webhook";
                /** @description auth, access, not_found, validation, server, network, rate_limited, egress_refused… */
                kind: string;
                message: string;
            } | null;
            last_result: components["schemas"]["ErpSyncResultInput"] | null;
            /** @description Shopify: where the shop’s webhooks go (orders/create, orders/updated, products/create, products/update, checkouts/create, checkouts/update) */
            webhook_url: string | null;
            /** @description Which secrets are set (never their values) */
            secrets: {
                name: string;
                last4: string;
                fingerprint: string;
            }[];
            /** Format: date-time */
            created_at: string;
        };
        McpPolicyInput: {
            allowed_tools: string[] | null;
            denied_tools: string[];
            read_only: boolean;
            confirm_writes: boolean;
            /** @enum {string} */
            confirm_min_role: "owner" | "admin" | "agent";
            redact_rut: boolean;
            redact_phone: boolean;
            redact_email: boolean;
            calls_per_minute: number;
            updated_by: string | null;
            updated_at: string | null;
        };
        McpInvocationInput: {
            id: string;
            created_at: string;
            principal: string;
            client_name: string | null;
            client_version: string | null;
            session_id: string | null;
            tool: string;
            arguments: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            outcome: "ok" | "error" | "denied" | "confirmation_required";
            success: boolean;
            error_code: string | null;
            duration_ms: number;
            /**
             * @description Who called: an MCP client, the REST API, the CLI, the assistant or an automation
             * @enum {string}
             */
            source: "mcp" | "api" | "cli" | "assistant" | "automation";
            /** @description The confirmation this call asked for, or ran under (an approval or a token) */
            confirmation_id: string | null;
            /** @description That confirmation's status now */
            confirmation_status: ("pending" | "approved" | "rejected" | "expired" | "used") | null;
        };
        ActionInput: {
            /** @example smarteros.products */
            name: string;
            title: {
                es: string;
                en: string;
            };
            description: string;
            /** @enum {string} */
            kind: "read" | "write";
            /** @enum {string} */
            min_role: "owner" | "admin" | "agent" | "viewer";
            /**
             * @description platform: SmarterOS's own; capability: one of the company's registered APIs
             * @enum {string}
             */
            origin: "platform" | "capability";
            /** @description Running it asks for confirmation first, under the current policy */
            confirm: boolean;
            /** @description JSON Schema (2020-12) of the input */
            input_schema: {
                [key: string]: unknown;
            };
        };
        ActionConfirmationInput: {
            id: string;
            action: string;
            /** @enum {string} */
            kind: "read" | "write";
            /** @description What it would run with (redacted under the policy, secret keys removed) */
            arguments: {
                [key: string]: unknown;
            };
            effect: {
                [key: string]: unknown;
            } | null;
            requested_by: string;
            /** @enum {string} */
            source: "mcp" | "api" | "cli" | "assistant" | "automation";
            /** @enum {string} */
            confirm_min_role: "owner" | "admin" | "agent";
            /** @enum {string} */
            status: "pending" | "approved" | "rejected" | "expired" | "used";
            created_at: string;
            expires_at: string;
            decided_by: string | null;
            decided_at: string | null;
        };
        ConfirmationRequestInput: {
            confirmation_id: string;
            action: string;
            effect: {
                [key: string]: unknown;
            };
            arguments: {
                [key: string]: unknown;
            };
            token: string;
            expires_at: string;
            /** @enum {string} */
            confirm_min_role: "owner" | "admin" | "agent";
        };
        CredentialInput: {
            /** @description Tells secrets apart without revealing them */
            fingerprint: string;
            /** @description The last 4 characters (empty for secrets under 12 characters) */
            last4: string;
            header_name: string | null;
            query_name: string | null;
            username: string | null;
            client_id: string | null;
            token_url: string | null;
            scopes: string[];
            audience: string | null;
            updated_at: string;
        };
        ApiProviderInput: {
            id: string;
            tenant_id: string;
            name: string;
            base_url: string;
            category: string;
            auth_type: string;
            description: string | null;
            enabled: boolean;
            openapi: {
                title: string | null;
                version: string | null;
                sha256: string | null;
                source_url: string | null;
                imported_at: string;
            } | null;
            credential: components["schemas"]["CredentialInput"] | null;
            endpoint_count: number;
            capability_count: number;
            created_at: string;
            updated_at: string;
        };
        ApiEndpointInput: {
            id: string;
            provider_id: string;
            operation_id: string | null;
            semantic_name: string;
            method: string;
            path: string;
            summary: string | null;
            schema_in: {
                [key: string]: unknown;
            };
            schema_out: {
                [key: string]: unknown;
            } | null;
            deprecated: boolean;
            enabled: boolean;
            source: string;
            capabilities: string[];
        };
        CapabilityInput: {
            id: string;
            capability_name: string;
            description: string | null;
            enabled: boolean;
            /** @enum {string} */
            kind: "read" | "write";
            requires_confirmation: boolean;
            rate_limit_per_minute: number | null;
            endpoint: {
                id: string;
                semantic_name: string;
                method: string;
                path: string;
            };
            provider: {
                id: string;
                name: string;
            };
            schema_in: {
                [key: string]: unknown;
            };
            schema_out: {
                [key: string]: unknown;
            } | null;
            created_at: string;
            updated_at: string;
        };
        ErrorInput: {
            error: {
                /**
                 * @description Stable machine-readable code, e.g. rut_taken
                 * @enum {string}
                 */
                code: "already_exists" | "assistant_disabled" | "attachment_unavailable" | "capability_disabled" | "circuit_open" | "confirmation_not_pending" | "connector_sync_failed" | "connector_sync_running" | "delivery_not_dead" | "domain_taken" | "egress_refused" | "forbidden" | "idempotency_in_progress" | "idempotency_key_reused" | "insufficient_stock" | "internal" | "invalid_rut" | "last_owner" | "not_found" | "order_transition_not_allowed" | "payload_too_large" | "payment_exceeds_balance" | "payment_not_refundable" | "product_inactive" | "product_transition_not_allowed" | "rate_limited" | "rut_taken" | "tenant_not_operational" | "tenant_transition_not_allowed" | "trial_already_used" | "trial_transition_not_allowed" | "unauthorized" | "unavailable" | "unprocessable" | "unsupported_media_type" | "upstream_error" | "upstream_timeout" | "validation_failed" | "whatsapp_reconnect" | "whatsapp_waba_missing" | "whatsapp_window_closed";
                message: string;
                details?: {
                    [key: string]: unknown;
                };
            };
        };
        OutboxDeliveryListedInput: {
            /** Format: uuid */
            tenant_id: string;
            event_id: number;
            subscriber: string;
            topic: string;
            aggregate: string | null;
            payload: {
                [key: string]: unknown;
            };
            status: components["schemas"]["OutboxDeliveryStatusInput"];
            attempts: number;
            /** @description Attempts before dead, for this subscriber on this server (null: not registered here) */
            max_attempts: number | null;
            /** @description When a pending delivery is next tried */
            next_attempt_at: string | null;
            /** @description A worker is running it until then */
            leased_until: string | null;
            /** @description The last attempt's error, trimmed, secrets removed */
            last_error: string | null;
            occurred_at: string;
            created_at: string;
            updated_at: string;
            delivered_at: string | null;
            tenant_name: string | null;
            /** @description The RUT, formatted (12.345.678-5) */
            tenant_rut: string | null;
        };
        OutboxDeliveryListedPageInput: {
            items: components["schemas"]["OutboxDeliveryListedInput"][];
            next_cursor: string | null;
        };
        PhoneVerificationInput: {
            /** Format: uuid */
            id: string;
            /** @description E.164 */
            phone: string;
            /** @enum {string} */
            channel: "sms" | "whatsapp";
            /** @description The code is valid for 10 minutes and 5 attempts */
            expires_at: string;
        };
        PhoneVerifiedInput: {
            /** @constant */
            verified: true;
            phone: string;
        };
        /** @enum {string} */
        OutboxDeliveryStatus: "pending" | "delivered" | "dead";
        OutboxDelivery: {
            /** Format: uuid */
            tenant_id: string;
            event_id: number;
            subscriber: string;
            topic: string;
            aggregate: string | null;
            payload: {
                [key: string]: unknown;
            };
            status: components["schemas"]["OutboxDeliveryStatus"];
            attempts: number;
            /** @description Attempts before dead, for this subscriber on this server (null: not registered here) */
            max_attempts: number | null;
            /** @description When a pending delivery is next tried */
            next_attempt_at: string | null;
            /** @description A worker is running it until then */
            leased_until: string | null;
            /** @description The last attempt's error, trimmed, secrets removed */
            last_error: string | null;
            occurred_at: string;
            created_at: string;
            updated_at: string;
            delivered_at: string | null;
        };
        OutboxDeliveryPage: {
            items: components["schemas"]["OutboxDelivery"][];
            next_cursor: string | null;
        };
        OutboxSubscriber: {
            subscriber: string;
            /** @description Registered in this server */
            registered: boolean;
            topics: string[];
            ordered: boolean | null;
            max_attempts: number | null;
            pending: number;
            dead: number;
            delivered: number;
            /** @description Created time of the oldest pending delivery (its lag) */
            oldest_pending_at: string | null;
        };
        KnowledgeEntry: {
            /** Format: uuid */
            id: string;
            question: string;
            answer: string;
            tags: string[];
            enabled: boolean;
            created_by: string;
            created_at: string;
            updated_at: string;
        };
        KnowledgeList: {
            items: components["schemas"]["KnowledgeEntry"][];
        };
        AiProviderProbe: {
            probed_at: string;
            /** @description The endpoint answered for this model */
            reachable: boolean;
            /** @description It made a tool call when offered one (false: the assistant answers in text only); null when unreachable */
            supports_tools: boolean | null;
            /** @description What went wrong, when it did */
            error: string | null;
        };
        AiProvider: {
            /** Format: uuid */
            id: string;
            name: string;
            /**
             * @description ollama: POST {base_url}/api/chat; openai_compatible: POST {base_url}/v1/chat/completions (a base URL ending in /v1 as it is)
             * @enum {string}
             */
            kind: "ollama" | "openai_compatible";
            base_url: string;
            model: string;
            /** @description Whether a key is set (never its value) */
            api_key: {
                last4: string;
                fingerprint: string;
            } | null;
            /** @description The last probe (null: never probed, or changed since) */
            probe: components["schemas"]["AiProviderProbe"] | null;
            created_at: string;
            updated_at: string;
        };
        AiProviderList: {
            items: components["schemas"]["AiProvider"][];
        };
        AiUsage: {
            items: {
                /** Format: uuid */
                provider_id: string;
                day: string;
                requests: number;
                failures: number;
                prompt_tokens: number;
                completion_tokens: number;
            }[];
            total: {
                requests: number;
                failures: number;
                prompt_tokens: number;
                completion_tokens: number;
            };
        };
        CapabilityResult: {
            capability: string;
            /** @description The upstream HTTP status */
            status: number;
            /** @description A safe subset of the upstream headers */
            headers: {
                [key: string]: string;
            };
            /** @description JSON when the upstream answered JSON; text otherwise; { base64 } for binary */
            body: unknown;
            duration_ms: number;
        };
        GatewayRequest: {
            id: string;
            created_at: string;
            capability_name: string;
            capability_id: string | null;
            provider_id: string | null;
            principal: string;
            source: string;
            method: string;
            status: number;
            upstream_status: number | null;
            error_code: string | null;
            latency_ms: number;
            upstream_ms: number | null;
            bytes_in: number;
            bytes_out: number;
            attempts: number;
        };
        WebVisitorMessage: {
            id: string;
            /** @description The visitor's own id of a message it wrote */
            client_message_id: string | null;
            /**
             * @description incoming: the visitor wrote it; outgoing: the team or the assistant
             * @enum {string}
             */
            direction: "incoming" | "outgoing";
            /** @enum {string} */
            sender_type: "contact" | "agent" | "bot" | "system";
            content_type: string;
            content: string | null;
            status: string;
            sent_at: string;
        };
        WebVisitorSession: {
            /** @description Send it as X-Visitor-Token; keep it to resume (it expires) */
            token: string;
            expires_at: string;
            /** @description The visitor is a user the tenant site vouched for (user_hash checked) */
            verified: boolean;
            inbox: {
                name: string;
                greeting: string | null;
            };
        };
        WebVisitorMessages: {
            items: components["schemas"]["WebVisitorMessage"][];
        };
        /** @enum {string} */
        ChatChannel: "whatsapp" | "telegram" | "web" | "api" | "chatwoot";
        /** @enum {string} */
        ConversationStatus: "open" | "pending" | "resolved" | "snoozed";
        ChatInbox: {
            /** Format: uuid */
            id: string;
            channel_type: components["schemas"]["ChatChannel"];
            name: string;
            /** @description The channel's id of the inbox (WhatsApp: phone_number_id) */
            external_id: string | null;
            /** @description Settings that are not secrets */
            config: {
                [key: string]: unknown;
            };
            /** @description Which secrets are set (never their values) */
            secrets: {
                name: string;
                last4: string;
                fingerprint: string;
            }[];
            /** @description Where the channel must send its webhooks */
            webhook_url: string | null;
            assistant_enabled: boolean;
            csat_enabled: boolean;
            /** @description The AI provider its assistant uses (null: the knowledge only) */
            assistant_provider_id: string | null;
            created_at: string;
            /** @description Only in the answer that created a web or API inbox: the secrets SmarterOS generated for it (identity_secret, signing_secret). Shown this once, never again */
            generated_secrets?: {
                [key: string]: string;
            };
        };
        Conversation: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            inbox_id: string;
            channel: components["schemas"]["ChatChannel"];
            status: components["schemas"]["ConversationStatus"];
            /** @enum {string} */
            handled_by: "bot" | "human";
            assignee_id: string | null;
            contact: {
                /** Format: uuid */
                id: string;
                name: string | null;
                phone: string | null;
            };
            labels: {
                /** Format: uuid */
                id: string;
                name: string;
                color: string;
            }[];
            /** @enum {string} */
            priority: "low" | "normal" | "high" | "urgent";
            snoozed_until: string | null;
            first_response_at: string | null;
            resolved_at: string | null;
            csat_score: number | null;
            unread_count: number;
            last_message_at: string | null;
            last_incoming_at: string | null;
            created_at: string;
        };
        ConversationPage: {
            items: components["schemas"]["Conversation"][];
            next_cursor: string | null;
        };
        ChatMessage: {
            id: string;
            external_id: string | null;
            /** @enum {string} */
            direction: "incoming" | "outgoing";
            /** @enum {string} */
            sender_type: "contact" | "agent" | "bot" | "system";
            content_type: string;
            content: string | null;
            payload: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            status: "received" | "pending" | "sent" | "delivered" | "read" | "failed";
            error_code: string | null;
            private: boolean;
            sent_at: string;
        };
        ChatMessagePage: {
            items: components["schemas"]["ChatMessage"][];
            next_cursor: string | null;
        };
        ChatLabel: {
            /** Format: uuid */
            id: string;
            name: string;
            color: string;
            /** @description Conversations that carry it */
            conversations: number;
            created_at: string;
        };
        ChatCannedResponse: {
            /** Format: uuid */
            id: string;
            short_code: string;
            content: string;
            created_at: string;
            updated_at: string;
        };
        ChatContact: {
            /** Format: uuid */
            id: string;
            name: string | null;
            /** @description E.164 */
            phone: string | null;
            email: string | null;
            /** @description Formatted 12.345.678-5 */
            rut: string | null;
            unreachable: boolean;
            identities: {
                /** Format: uuid */
                inbox_id: string;
                inbox_name: string;
                channel: components["schemas"]["ChatChannel"];
                external_id: string;
                business_scoped_id: string | null;
            }[];
            /** @description The contact's conversations, newest first */
            conversations: {
                /** Format: uuid */
                id: string;
                /** Format: uuid */
                inbox_id: string;
                channel: components["schemas"]["ChatChannel"];
                status: components["schemas"]["ConversationStatus"];
                created_at: string;
                last_message_at: string | null;
                resolved_at: string | null;
                csat_score: number | null;
                messages: number;
            }[];
            created_at: string;
        };
        ChatCounts: {
            statuses: {
                open: {
                    conversations: number;
                    /** @description Conversations with unread messages */
                    unread: number;
                };
                pending: {
                    conversations: number;
                    /** @description Conversations with unread messages */
                    unread: number;
                };
                resolved: {
                    conversations: number;
                    /** @description Conversations with unread messages */
                    unread: number;
                };
                snoozed: {
                    conversations: number;
                    /** @description Conversations with unread messages */
                    unread: number;
                };
            };
            inboxes: {
                /** Format: uuid */
                inbox_id: string;
                statuses: {
                    open: {
                        conversations: number;
                        /** @description Conversations with unread messages */
                        unread: number;
                    };
                    pending: {
                        conversations: number;
                        /** @description Conversations with unread messages */
                        unread: number;
                    };
                    resolved: {
                        conversations: number;
                        /** @description Conversations with unread messages */
                        unread: number;
                    };
                    snoozed: {
                        conversations: number;
                        /** @description Conversations with unread messages */
                        unread: number;
                    };
                };
            }[];
            /** @description The caller's conversations that are not resolved */
            mine: {
                conversations: number;
                /** @description Conversations with unread messages */
                unread: number;
            };
            /** @description Open or pending conversations without an assignee */
            unassigned: {
                conversations: number;
                /** @description Conversations with unread messages */
                unread: number;
            };
        };
        ChatwootConnection: {
            /** Format: uuid */
            id: string;
            base_url: string;
            account_id: number;
            chatwoot_inbox_id: number | null;
            /**
             * Format: uuid
             * @description The SmarterOS inbox holding the mirrored conversations
             */
            inbox_id: string;
            agent_bot: boolean;
            mirror_inboxes: boolean;
            /** @description Where Chatwoot sends this connection's webhooks */
            webhook_url: string;
            /** @description Which secrets are set (never their values) */
            secrets: {
                name: string;
                last4: string;
                fingerprint: string;
            }[];
            created_at: string;
        };
        WhatsAppTemplate: {
            name: string;
            /** @description The template's language code (es, es_CL, en_US…) */
            language: string;
            /** @description APPROVED (only these are listed and can be sent), PENDING, REJECTED, PAUSED… */
            status: string;
            /** @description MARKETING, UTILITY or AUTHENTICATION */
            category: string | null;
            /** @description The header's text, when it has no parameter */
            header: string | null;
            /** @description The body with its placeholders ({{1}}, {{2}}…) */
            body: string | null;
            footer: string | null;
            /** @description How many parameters the body needs (template.parameters must have exactly these) */
            parameter_count: number;
            /** @description The placeholder names of a template with named parameters, in order; null for {{1}}, {{2}}… */
            parameter_names: string[] | null;
            /** @description False when the template needs header or button parameters, which cannot be sent from here */
            sendable: boolean;
            /** @description The template's components as Meta lists them */
            components: {
                [key: string]: unknown;
            }[];
        };
        WhatsAppTemplateList: {
            items: components["schemas"]["WhatsAppTemplate"][];
        };
        ErpProduct: {
            /** Format: uuid */
            id: string;
            sku: string;
            name: string;
            description: string | null;
            unit: string;
            /** @description The unit price as written (net or gross, see price_includes_tax) */
            price: string;
            price_includes_tax: boolean;
            /**
             * @description iva: IVA 19%; exempt: exento
             * @enum {string}
             */
            tax: "iva" | "exempt";
            /** @description The unit price with IVA, in whole pesos: what a buyer pays */
            gross_price: number;
            barcode: string | null;
            category: string | null;
            images: string[];
            active: boolean;
            parent_id: string | null;
            attributes: {
                [key: string]: string;
            };
            low_stock_threshold: string | null;
            stock: {
                on_hand: string;
                reserved: string;
                available: string;
            };
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        ErpProductPage: {
            items: components["schemas"]["ErpProduct"][];
            total: number;
        };
        ErpWarehouse: {
            /** Format: uuid */
            id: string;
            code: string;
            name: string;
            is_default: boolean;
        };
        ErpStockMove: {
            id: number;
            /** Format: uuid */
            product_id: string;
            sku: string;
            /** Format: uuid */
            warehouse_id: string;
            kind: string;
            on_hand_delta: string;
            reserved_delta: string;
            reason: string | null;
            reference: string | null;
            order_id: string | null;
            actor: string;
            /** Format: date-time */
            created_at: string;
        };
        ErpStockLevel: {
            /** Format: uuid */
            product_id: string;
            sku: string;
            name: string;
            on_hand: string;
            reserved: string;
            available: string;
            low_stock_threshold: string | null;
            low: boolean;
            warehouses: {
                /** Format: uuid */
                warehouse_id: string;
                code: string;
                on_hand: string;
                reserved: string;
                available: string;
            }[];
        };
        ErpCustomer: {
            /** Format: uuid */
            id: string;
            /** @description Formatted 12.345.678-5 */
            rut: string | null;
            razon_social: string;
            giro: string | null;
            address: string | null;
            comuna: {
                code: string;
                name: string;
                region: string;
            } | null;
            city: string | null;
            email: string | null;
            phone: string | null;
            customer_group: string | null;
            chat_contact_id: string | null;
            /** Format: date-time */
            created_at: string;
        };
        ErpCustomerPage: {
            items: components["schemas"]["ErpCustomer"][];
            total: number;
        };
        ErpPayment: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            order_id: string;
            /** @enum {string} */
            method: "webpay" | "transfer" | "cash" | "card_terminal";
            amount: number;
            /** @enum {string} */
            status: "pending" | "approved" | "failed" | "refunded" | "cancelled";
            provider_ref: string | null;
            details: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        ErpOrder: {
            /** Format: uuid */
            id: string;
            number: number;
            /** @enum {string} */
            status: "draft" | "confirmed" | "paid" | "completed" | "cancelled";
            /** @enum {string} */
            channel: "pos" | "store" | "whatsapp" | "telegram" | "web" | "shopify" | "odoo" | "api";
            customer_id: string | null;
            customer: {
                /** Format: uuid */
                id: string;
                razon_social: string;
                rut: string | null;
            } | null;
            buyer: {
                [key: string]: string;
            };
            /** @enum {string} */
            document_kind: "boleta" | "factura";
            /** Format: uuid */
            warehouse_id: string;
            currency: string;
            amount_untaxed: number;
            amount_exempt: number;
            amount_tax: number;
            amount_total: number;
            amount_paid: number;
            external_ref: string | null;
            notes: string | null;
            lines: {
                line_no: number;
                /** Format: uuid */
                product_id: string;
                sku: string;
                name: string;
                quantity: string;
                unit_price: string;
                price_includes_tax: boolean;
                discount_pct: string;
                /**
                 * @description iva: IVA 19%; exempt: exento
                 * @enum {string}
                 */
                tax: "iva" | "exempt";
                line_total: number;
                line_untaxed: number;
                line_tax: number;
            }[];
            payments: components["schemas"]["ErpPayment"][];
            /** Format: date-time */
            created_at: string;
            confirmed_at: string | null;
            paid_at: string | null;
            completed_at: string | null;
            cancelled_at: string | null;
        };
        ErpOrderSummary: {
            /** Format: uuid */
            id: string;
            number: number;
            /** @enum {string} */
            status: "draft" | "confirmed" | "paid" | "completed" | "cancelled";
            /** @enum {string} */
            channel: "pos" | "store" | "whatsapp" | "telegram" | "web" | "shopify" | "odoo" | "api";
            customer_id: string | null;
            customer: {
                /** Format: uuid */
                id: string;
                razon_social: string;
                rut: string | null;
            } | null;
            buyer: {
                [key: string]: string;
            };
            /** @enum {string} */
            document_kind: "boleta" | "factura";
            /** Format: uuid */
            warehouse_id: string;
            currency: string;
            amount_untaxed: number;
            amount_exempt: number;
            amount_tax: number;
            amount_total: number;
            amount_paid: number;
            external_ref: string | null;
            notes: string | null;
            /** Format: date-time */
            created_at: string;
            confirmed_at: string | null;
            paid_at: string | null;
            completed_at: string | null;
            cancelled_at: string | null;
            line_count: number;
        };
        ErpOrderPage: {
            items: components["schemas"]["ErpOrderSummary"][];
            next_cursor: string | null;
        };
        ErpProductImport: {
            created: number;
            updated: number;
            stock_adjusted: number;
        };
        ErpWebpayAccount: {
            /** @description false: payments go to Transbank’s public integration commerce (no real card is charged) */
            own: boolean;
            commerce_code: string;
            /** @enum {string} */
            environment: "integration" | "production";
            api_key_last4: string | null;
            updated_at: string | null;
        };
        ErpWebpayStart: {
            /** Format: uuid */
            payment_id: string;
            token: string;
            /** @description Webpay’s form: POST token_ws there (GET /pay/… does it for a browser) */
            url: string;
            amount: number;
            buy_order: string;
            /** @enum {string} */
            environment: "integration" | "production";
        };
        ErpPaymentLink: {
            url: string;
            /** Format: date-time */
            expires_at: string;
        };
        ErpSyncResult: {
            /** Format: uuid */
            connection_id: string;
            /** @enum {string} */
            kind: "odoo" | "shopify";
            /** Format: date-time */
            started_at: string;
            /** Format: date-time */
            finished_at: string;
            products: {
                created: number;
                updated: number;
                skipped: number;
            };
            /** @description Products whose quantity here was set to the other system’s */
            stock: {
                adjusted: number;
            };
            customers: {
                created: number;
                updated: number;
            };
            orders: {
                created: number;
                updated: number;
                unchanged: number;
                skipped: number;
            };
            checkouts: {
                seen: number;
            };
            /** @description true: there is more to pull (a large first sync goes on at the next run, where this one stopped) */
            more: boolean;
            /** @description What was skipped and why (at most 50) */
            problems: {
                ref: string;
                message: string;
            }[];
        };
        ErpConnection: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "odoo" | "shopify";
            /** @description Settings that are not secrets */
            config: {
                [key: string]: unknown;
            };
            /**
             * @description connected: never synced; synced: the last sync ended well; error: see last_error
             * @enum {string}
             */
            status: "connected" | "synced" | "error";
            last_sync_at: string | null;
            last_error: {
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                during: "sync" | "push" | "webhook";
                /** @description auth, access, not_found, validation, server, network, rate_limited, egress_refused… */
                kind: string;
                message: string;
            } | null;
            last_result: components["schemas"]["ErpSyncResult"] | null;
            /** @description Shopify: where the shop’s webhooks go (orders/create, orders/updated, products/create, products/update, checkouts/create, checkouts/update) */
            webhook_url: string | null;
            /** @description Which secrets are set (never their values) */
            secrets: {
                name: string;
                last4: string;
                fingerprint: string;
            }[];
            /** Format: date-time */
            created_at: string;
        };
        McpPolicy: {
            allowed_tools: string[] | null;
            denied_tools: string[];
            read_only: boolean;
            confirm_writes: boolean;
            /** @enum {string} */
            confirm_min_role: "owner" | "admin" | "agent";
            redact_rut: boolean;
            redact_phone: boolean;
            redact_email: boolean;
            calls_per_minute: number;
            updated_by: string | null;
            updated_at: string | null;
        };
        McpInvocation: {
            id: string;
            created_at: string;
            principal: string;
            client_name: string | null;
            client_version: string | null;
            session_id: string | null;
            tool: string;
            arguments: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            outcome: "ok" | "error" | "denied" | "confirmation_required";
            success: boolean;
            error_code: string | null;
            duration_ms: number;
            /**
             * @description Who called: an MCP client, the REST API, the CLI, the assistant or an automation
             * @enum {string}
             */
            source: "mcp" | "api" | "cli" | "assistant" | "automation";
            /** @description The confirmation this call asked for, or ran under (an approval or a token) */
            confirmation_id: string | null;
            /** @description That confirmation's status now */
            confirmation_status: ("pending" | "approved" | "rejected" | "expired" | "used") | null;
        };
        Action: {
            /** @example smarteros.products */
            name: string;
            title: {
                es: string;
                en: string;
            };
            description: string;
            /** @enum {string} */
            kind: "read" | "write";
            /** @enum {string} */
            min_role: "owner" | "admin" | "agent" | "viewer";
            /**
             * @description platform: SmarterOS's own; capability: one of the company's registered APIs
             * @enum {string}
             */
            origin: "platform" | "capability";
            /** @description Running it asks for confirmation first, under the current policy */
            confirm: boolean;
            /** @description JSON Schema (2020-12) of the input */
            input_schema: {
                [key: string]: unknown;
            };
        };
        ActionConfirmation: {
            id: string;
            action: string;
            /** @enum {string} */
            kind: "read" | "write";
            /** @description What it would run with (redacted under the policy, secret keys removed) */
            arguments: {
                [key: string]: unknown;
            };
            effect: {
                [key: string]: unknown;
            } | null;
            requested_by: string;
            /** @enum {string} */
            source: "mcp" | "api" | "cli" | "assistant" | "automation";
            /** @enum {string} */
            confirm_min_role: "owner" | "admin" | "agent";
            /** @enum {string} */
            status: "pending" | "approved" | "rejected" | "expired" | "used";
            created_at: string;
            expires_at: string;
            decided_by: string | null;
            decided_at: string | null;
        };
        ConfirmationRequest: {
            confirmation_id: string;
            action: string;
            effect: {
                [key: string]: unknown;
            };
            arguments: {
                [key: string]: unknown;
            };
            token: string;
            expires_at: string;
            /** @enum {string} */
            confirm_min_role: "owner" | "admin" | "agent";
        };
        Credential: {
            /** @description Tells secrets apart without revealing them */
            fingerprint: string;
            /** @description The last 4 characters (empty for secrets under 12 characters) */
            last4: string;
            header_name: string | null;
            query_name: string | null;
            username: string | null;
            client_id: string | null;
            token_url: string | null;
            scopes: string[];
            audience: string | null;
            updated_at: string;
        };
        ApiProvider: {
            id: string;
            tenant_id: string;
            name: string;
            base_url: string;
            category: string;
            auth_type: string;
            description: string | null;
            enabled: boolean;
            openapi: {
                title: string | null;
                version: string | null;
                sha256: string | null;
                source_url: string | null;
                imported_at: string;
            } | null;
            credential: components["schemas"]["Credential"] | null;
            endpoint_count: number;
            capability_count: number;
            created_at: string;
            updated_at: string;
        };
        ApiEndpoint: {
            id: string;
            provider_id: string;
            operation_id: string | null;
            semantic_name: string;
            method: string;
            path: string;
            summary: string | null;
            schema_in: {
                [key: string]: unknown;
            };
            schema_out: {
                [key: string]: unknown;
            } | null;
            deprecated: boolean;
            enabled: boolean;
            source: string;
            capabilities: string[];
        };
        Capability: {
            id: string;
            capability_name: string;
            description: string | null;
            enabled: boolean;
            /** @enum {string} */
            kind: "read" | "write";
            requires_confirmation: boolean;
            rate_limit_per_minute: number | null;
            endpoint: {
                id: string;
                semantic_name: string;
                method: string;
                path: string;
            };
            provider: {
                id: string;
                name: string;
            };
            schema_in: {
                [key: string]: unknown;
            };
            schema_out: {
                [key: string]: unknown;
            } | null;
            created_at: string;
            updated_at: string;
        };
        Error: {
            error: {
                /**
                 * @description Stable machine-readable code, e.g. rut_taken
                 * @enum {string}
                 */
                code: "already_exists" | "assistant_disabled" | "attachment_unavailable" | "capability_disabled" | "circuit_open" | "confirmation_not_pending" | "connector_sync_failed" | "connector_sync_running" | "delivery_not_dead" | "domain_taken" | "egress_refused" | "forbidden" | "idempotency_in_progress" | "idempotency_key_reused" | "insufficient_stock" | "internal" | "invalid_rut" | "last_owner" | "not_found" | "order_transition_not_allowed" | "payload_too_large" | "payment_exceeds_balance" | "payment_not_refundable" | "product_inactive" | "product_transition_not_allowed" | "rate_limited" | "rut_taken" | "tenant_not_operational" | "tenant_transition_not_allowed" | "trial_already_used" | "trial_transition_not_allowed" | "unauthorized" | "unavailable" | "unprocessable" | "unsupported_media_type" | "upstream_error" | "upstream_timeout" | "validation_failed" | "whatsapp_reconnect" | "whatsapp_waba_missing" | "whatsapp_window_closed";
                message: string;
                details?: {
                    [key: string]: unknown;
                };
            };
        };
        OutboxDeliveryListed: {
            /** Format: uuid */
            tenant_id: string;
            event_id: number;
            subscriber: string;
            topic: string;
            aggregate: string | null;
            payload: {
                [key: string]: unknown;
            };
            status: components["schemas"]["OutboxDeliveryStatus"];
            attempts: number;
            /** @description Attempts before dead, for this subscriber on this server (null: not registered here) */
            max_attempts: number | null;
            /** @description When a pending delivery is next tried */
            next_attempt_at: string | null;
            /** @description A worker is running it until then */
            leased_until: string | null;
            /** @description The last attempt's error, trimmed, secrets removed */
            last_error: string | null;
            occurred_at: string;
            created_at: string;
            updated_at: string;
            delivered_at: string | null;
            tenant_name: string | null;
            /** @description The RUT, formatted (12.345.678-5) */
            tenant_rut: string | null;
        };
        OutboxDeliveryListedPage: {
            items: components["schemas"]["OutboxDeliveryListed"][];
            next_cursor: string | null;
        };
        PhoneVerification: {
            /** Format: uuid */
            id: string;
            /** @description E.164 */
            phone: string;
            /** @enum {string} */
            channel: "sms" | "whatsapp";
            /** @description The code is valid for 10 minutes and 5 attempts */
            expires_at: string;
        };
        PhoneVerified: {
            /** @constant */
            verified: true;
            phone: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
