export const id = 846;
export const ids = [846,916];
export const modules = {

/***/ 6766:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VT: () => (/* binding */ aadstsCodes),
/* harmony export */   mk: () => (/* binding */ inspectAzureError),
/* harmony export */   up: () => (/* binding */ hasCode)
/* harmony export */ });
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9809);
/**
 * What an Azure SDK error says, in one shape: HTTP status, every error code in
 * the body (Key Vault's inner codes such as ForbiddenByRbac included), and a
 * Retry-After the service asked for. Works on whatever was thrown.
 */

const CONNECTION_CODES = [
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'REQUEST_SEND_ERROR',
    'UND_ERR_SOCKET',
    'ECONNABORTED',
];
function inspectAzureError(err, nowMs = Date.now()) {
    const e = (typeof err === 'object' && err !== null ? err : {});
    const codes = [];
    if (typeof e.code === 'string')
        codes.push(e.code);
    collectCodes(e.details, codes, 0);
    collectCodes(parseBody(e.response?.bodyAsText), codes, 0);
    const unique = [...new Set(codes)];
    const retryAfter = e.response?.headers?.get?.('retry-after');
    return {
        status: typeof e.statusCode === 'number' ? e.statusCode : undefined,
        codes: unique,
        retryAfterMs: (0,_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .parseRetryAfter */ .mu)(retryAfter, nowMs),
        connection: e.statusCode === undefined && unique.some((c) => CONNECTION_CODES.includes(c)),
    };
}
function parseBody(text) {
    if (!text)
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/** Finds `code` fields in an error body, depth-first, outer codes first. */
function collectCodes(value, into, depth) {
    if (depth > 4 || typeof value !== 'object' || value === null)
        return;
    const record = value;
    if (typeof record.code === 'string')
        into.push(record.code);
    for (const [key, child] of Object.entries(record)) {
        if (key !== 'code')
            collectCodes(child, into, depth + 1);
    }
}
function hasCode(failure, code) {
    return failure.codes.some((c) => c.toLowerCase() === code.toLowerCase());
}
/** AADSTS codes from an @azure/identity error message, e.g. `AADSTS700213`. */
function aadstsCodes(err) {
    const text = err instanceof Error ? `${err.message} ${String(err.cause ?? '')}` : String(err);
    return [...new Set(text.match(/AADSTS\d+/g) ?? [])];
}


/***/ }),

/***/ 9955:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gl: () => (/* binding */ withAzureRetry),
/* harmony export */   Hr: () => (/* binding */ failureReason),
/* harmony export */   PA: () => (/* binding */ forbiddenByRbac),
/* harmony export */   dg: () => (/* binding */ isTransient),
/* harmony export */   rm: () => (/* binding */ explainAzureError)
/* harmony export */ });
/* harmony import */ var _azure_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6766);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9809);
/**
 * Retrying Azure calls: transient failures (408, 429, 5xx, dropped connections)
 * always, and per call whatever else means "not yet" (a principal that has not
 * replicated, RBAC that has not propagated). The SDKs' own retries are turned
 * off so that this is the one place that decides, logs and paces.
 */



/** 408, 429, 5xx except 501 and 505, and connections that failed. */
function isTransient(f) {
    if (f.connection)
        return true;
    if (f.status === undefined)
        return false;
    return (f.status === 408 ||
        f.status === 429 ||
        (f.status >= 500 && f.status !== 501 && f.status !== 505));
}
/** 429s are the service pacing us, not a fault: they get a budget of their own. */
const THROTTLE_ATTEMPTS = 30;
async function withAzureRetry(rt, o, fn) {
    let transient = 0;
    let throttled = 0;
    const classify = (err) => {
        const failure = (0,_azure_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inspectAzureError */ .mk)(err, rt.now());
        const reason = failureReason(failure, err);
        if (o.alsoRetry?.(failure))
            return { retry: true, reason };
        if (failure.status === 429)
            return { retry: ++throttled < THROTTLE_ATTEMPTS, delayMs: failure.retryAfterMs, reason };
        if (isTransient(failure))
            return { retry: ++transient < (o.attempts ?? 6), delayMs: failure.retryAfterMs, reason };
        return { retry: false, reason };
    };
    return (0,_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .retry */ .L5)(() => fn(), {
        attempts: 'until-deadline',
        deadlineMs: o.deadlineMs ?? rt.now() + 600_000,
        now: rt.now,
        sleeper: rt.sleeper,
        random: rt.random,
        baseMs: o.baseMs ?? 1000,
        maxMs: o.maxMs ?? 30_000,
        classify,
        signal: o.signal,
        onRetry: (info) => rt.log.info(`${o.doing}: attempt ${info.attempt} failed: ${info.reason}; retrying in ${info.delayMs} ms`),
    });
}
function failureReason(f, err) {
    const codes = f.codes.filter((c) => c !== 'REQUEST_SEND_ERROR');
    if (f.status !== undefined)
        return `HTTP ${f.status}${codes.length ? ` ${codes.join('/')}` : ''}`;
    if (f.connection)
        return `connection failed (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__.describeError)(err)})`;
    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__.describeError)(err);
}
function forbiddenByRbac(f) {
    return f.status === 403 && (0,_azure_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .hasCode */ .up)(f, 'ForbiddenByRbac');
}
/** "HTTP 403 AuthorizationFailed: <message>": the status and codes first, then the service's words. */
function explainAzureError(err) {
    const f = (0,_azure_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inspectAzureError */ .mk)(err);
    return f.status === undefined
        ? (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__.describeError)(err)
        : `${failureReason(f, err)}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__.describeError)(err)}`;
}


/***/ }),

/***/ 1486:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ resolveCloud),
/* harmony export */   q: () => (/* binding */ vaultUrl)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6455);
/**
 * Azure cloud endpoints. The three public clouds are built in; every endpoint
 * can be overridden for Azure Stack Hub or a local emulator, which is how the
 * tests reach theirs: through the same inputs a user has.
 */


const CLOUDS = {
    azurecloud: {
        name: 'AzureCloud',
        authorityHost: 'https://login.microsoftonline.com',
        resourceManagerEndpoint: 'https://management.azure.com',
        audience: 'https://management.azure.com/',
        keyVaultDnsSuffix: 'vault.azure.net',
    },
    azureusgovernment: {
        name: 'AzureUSGovernment',
        authorityHost: 'https://login.microsoftonline.us',
        resourceManagerEndpoint: 'https://management.usgovcloudapi.net',
        audience: 'https://management.usgovcloudapi.net/',
        keyVaultDnsSuffix: 'vault.usgovcloudapi.net',
    },
    azurechinacloud: {
        name: 'AzureChinaCloud',
        authorityHost: 'https://login.chinacloudapi.cn',
        resourceManagerEndpoint: 'https://management.chinacloudapi.cn',
        audience: 'https://management.chinacloudapi.cn/',
        keyVaultDnsSuffix: 'vault.azure.cn',
    },
};
function resolveCloud(o) {
    const cloud = CLOUDS[o.environment.trim().toLowerCase() || 'azurecloud'];
    if (!cloud) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(_names_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.AzureEnvironment, `'${o.environment}' is not a known cloud. Use AzureCloud, AzureUSGovernment or ` +
            `AzureChinaCloud, and override single endpoints with ${_names_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.AuthorityHost}, ` +
            `${_names_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.ResourceManagerEndpoint} and ${_names_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.KeyVaultDnsSuffix}.`);
    }
    const authorityHost = httpsUrl(o.authorityHost, _names_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.AuthorityHost) ?? cloud.authorityHost;
    const audience = httpsUrl(o.resourceManagerAudience, _names_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.ResourceManagerAudience) ?? cloud.audience;
    return {
        name: cloud.name,
        authorityHost,
        resourceManagerEndpoint: httpsUrl(o.resourceManagerEndpoint, _names_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.ResourceManagerEndpoint) ??
            cloud.resourceManagerEndpoint,
        resourceManagerScope: `${audience.replace(/\/+$/, '')}/.default`,
        keyVaultDnsSuffix: dnsSuffix(o.keyVaultDnsSuffix) ?? cloud.keyVaultDnsSuffix,
        // Host names ignore case, so 'https://Login.microsoftonline.com' is still Microsoft's.
        customAuthority: authorityHost.toLowerCase() !== cloud.authorityHost,
    };
}
/** An https URL without a trailing slash (the audience keeps its own), or undefined if blank. */
function httpsUrl(text, input) {
    const value = text.trim();
    if (!value)
        return undefined;
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `'${value}' is not a URL. Give an absolute https:// URL.`);
    }
    if (url.protocol !== 'https:') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `'${value}' must use https://: Azure's clients refuse to send tokens over plain HTTP.`);
    }
    return input === _names_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.ResourceManagerAudience ? value : value.replace(/\/+$/, '');
}
function dnsSuffix(text) {
    const value = text.trim().replace(/^\.+/, '').toLowerCase();
    if (!value)
        return undefined;
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(_names_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G0.KeyVaultDnsSuffix, `'${text.trim()}' is not a DNS suffix. Give a host suffix such as vault.azure.net, ` +
            'optionally with a port (vault.local:8443), without a scheme or path.');
    }
    return value;
}
/** The https URL of a vault in this cloud. */
function vaultUrl(cloud, vaultName) {
    return `https://${vaultName.toLowerCase()}.${cloud.keyVaultDnsSuffix}`;
}


/***/ }),

/***/ 788:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ runIdentity)
/* harmony export */ });
function runIdentity(env) {
    const repository = env.GITHUB_REPOSITORY ?? 'local/repository';
    const runId = env.GITHUB_RUN_ID ?? 'local';
    const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
    return {
        repository,
        runId,
        runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
        runUrl: `${server}/${repository}/actions/runs/${runId}`,
    };
}


/***/ }),

/***/ 7607:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ parseDuration),
/* harmony export */   f: () => (/* binding */ toIsoDuration)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * Durations as users write them in inputs, and as ISO 8601 text for Azure.
 */

const MS_PER_UNIT = {
    d: 86_400_000,
    h: 3_600_000,
    m: 60_000,
    s: 1000,
    ms: 1,
};
const NUMBER = String.raw `\d+(?:\.\d+)?`;
const PLAIN_SECONDS = new RegExp(`^${NUMBER}$`);
const WITH_UNITS = new RegExp(`^(?:${NUMBER}(?:ms|d|h|m|s))+$`, 'i');
const UNIT_PART = new RegExp(`(${NUMBER})(ms|d|h|m|s)`, 'gi');
const ISO_8601 = new RegExp(`^P(?:(${NUMBER})D)?(?:T(?:(${NUMBER})H)?(?:(${NUMBER})M)?(?:(${NUMBER})S)?)?$`, 'i');
const ACCEPTED_FORMS = 'use seconds (600 or 1.5), a number with units (500ms, 30s, 10m, 1h, 1h30m, 1d) ' +
    'or an ISO 8601 duration (PT45S, PT30M, PT1H30M, P1D).';
/**
 * Reads a duration input and returns milliseconds (rounded to whole ms).
 * Zero is allowed; negative, empty or unreadable text throws an InputError
 * naming `inputName` and the accepted forms.
 */
function parseDuration(text, inputName) {
    const trimmed = text.trim();
    const ms = parseMs(trimmed);
    if (ms === undefined || !Number.isSafeInteger(ms)) {
        // Years, months and weeks before the T are valid ISO 8601, but a month
        // has no fixed length, so they are refused with a reason.
        const hint = /^P[^T]*[YMW]/i.test(trimmed) ? ' Years, months and weeks are not accepted;' : '';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(inputName, `could not read '${text}' as a duration;${hint} ${ACCEPTED_FORMS}`);
    }
    return ms;
}
function parseMs(text) {
    if (PLAIN_SECONDS.test(text)) {
        return Math.round(Number(text) * 1000);
    }
    if (WITH_UNITS.test(text)) {
        return sumUnits(text);
    }
    const iso = ISO_8601.exec(text);
    // "P" and "PT" alone match the pattern but name no amount at all.
    if (!iso || /^PT?$/i.test(text) || /T$/i.test(text)) {
        return undefined;
    }
    const [, days, hours, minutes, seconds] = iso;
    const parts = [
        [days, 'd'],
        [hours, 'h'],
        [minutes, 'm'],
        [seconds, 's'],
    ];
    return Math.round(parts.reduce((sum, [value, unit]) => sum + toMs(value ?? '0', unit), 0));
}
function sumUnits(text) {
    let total = 0;
    for (const match of text.matchAll(UNIT_PART)) {
        total += toMs(match[1], match[2].toLowerCase());
    }
    return Math.round(total);
}
function toMs(amount, unit) {
    return Number(amount) * MS_PER_UNIT[unit];
}
/**
 * Formats milliseconds as an ISO 8601 duration in hours, minutes and seconds
 * (1800000 -> PT30M, 5400000 -> PT1H30M), rounding up to whole seconds.
 * Days are not used, as a "day" can be read as a calendar day.
 */
function toIsoDuration(ms) {
    if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`Failed to format duration: ${ms} ms is not a finite, non-negative number`);
    }
    const totalSeconds = Math.ceil(ms / 1000);
    const hours = Math.floor(totalSeconds / 3600);
    const minutes = Math.floor((totalSeconds % 3600) / 60);
    const seconds = totalSeconds % 60;
    if (totalSeconds === 0) {
        return 'PT0S';
    }
    const parts = [
        hours > 0 ? `${hours}H` : '',
        minutes > 0 ? `${minutes}M` : '',
        seconds > 0 ? `${seconds}S` : '',
    ];
    return `PT${parts.join('')}`;
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J4: () => (/* binding */ wrapError),
/* harmony export */   describeError: () => (/* binding */ describeError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   lZ: () => (/* binding */ ActionError)
/* harmony export */ });
/**
 * Error types shared by every module, and one way to turn any thrown value
 * into a readable line for logs and `core.setFailed`.
 */
/** How many `cause` links `describeError` follows before it stops. */
const MAX_CAUSE_DEPTH = 3;
/** A bad action input. The message names the input so the user knows what to fix. */
class InputError extends Error {
    /** The kebab-case input name, as written in action.yml. */
    input;
    constructor(input, message) {
        super(`Input '${input}': ${message}`);
        this.name = 'InputError';
        this.input = input;
    }
}
/** A failed step, worded "Failed to <verb> <object>: <cause>", keeping `cause`. */
class ActionError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'ActionError';
    }
}
/**
 * Wraps a thrown value with what this layer was doing, e.g.
 * `wrapError('assign role Reader on vault kv-prod', err)`.
 */
function wrapError(doing, err) {
    return new ActionError(`Failed to ${doing}: ${describeError(err)}`, { cause: err });
}
/**
 * Turns any thrown value (Error, string, object, undefined) into one line.
 * Errors contribute their message and up to three `cause` links; stacks are
 * never included.
 */
function describeError(err) {
    return oneLine(describeAt(err, 0));
}
function describeAt(err, depth) {
    if (!(err instanceof Error)) {
        return describeValue(err);
    }
    const text = err.message || err.name;
    if (err.cause === undefined || depth >= MAX_CAUSE_DEPTH) {
        return text;
    }
    // A wrapped error usually repeats its cause already ("Failed to x: cause");
    // saying it twice makes the line harder to read, not more helpful.
    const causeText = describeAt(err.cause, depth + 1);
    if (text.includes(causeText)) {
        return text;
    }
    return `${text} (caused by: ${causeText})`;
}
function describeValue(value) {
    if (typeof value === 'string') {
        return value;
    }
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
        return String(value);
    }
    try {
        return JSON.stringify(value) ?? String(value);
    }
    catch {
        // Circular structures and BigInt values cannot be serialized.
        return String(value);
    }
}
function oneLine(text) {
    return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}


/***/ }),

/***/ 9815:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  rn: () => (/* binding */ createGrant),
  wl: () => (/* binding */ newGrantRecord),
  BX: () => (/* binding */ revokeGrant)
});

// UNUSED EXPORTS: describeGrant, runTag

// EXTERNAL MODULE: ./src/azure-errors.ts
var azure_errors = __webpack_require__(6766);
// EXTERNAL MODULE: ./src/azure-retry.ts
var azure_retry = __webpack_require__(9955);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/names.ts
var names = __webpack_require__(6455);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/uuid.ts

/** This action's namespace for name-based UUIDs (RFC 9562 version 5). */
const ACTION_NAMESPACE = '6f1d3b0a-4c59-4b7e-9a3c-2f6e8d1c5a47';
/** A version 5 UUID: the same inputs always give the same assignment name. */
function uuidV5(name, namespace = ACTION_NAMESPACE) {
    const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    const hash = (0,external_node_crypto_.createHash)('sha1').update(ns).update(name, 'utf8').digest();
    hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
    hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
    const hex = hash.subarray(0, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(7607);
;// CONCATENATED MODULE: ./src/pim.ts




async function pimAssign(client, r) {
    try {
        // Request names are single-use in PIM, so a re-run of the same run needs a new one.
        await client.roleAssignmentScheduleRequests.create(r.scope, uuidV5(`${r.baseName}:assign:${r.startMs}`), {
            roleDefinitionId: r.roleDefinitionId,
            principalId: r.principalId,
            requestType: 'AdminAssign',
            justification: r.justification.slice(0, 500),
            scheduleInfo: {
                startDateTime: new Date(r.startMs),
                expiration: { type: 'AfterDuration', duration: (0,duration/* toIsoDuration */.f)(r.durationMs) },
            },
        });
    }
    catch (err) {
        if ((0,azure_errors/* hasCode */.up)((0,azure_errors/* inspectAzureError */.mk)(err), 'AadPremiumLicenseRequired')) {
            throw new errors/* ActionError */.lZ('Failed to request a PIM assignment: the tenant has no Microsoft Entra ID P2 or Governance licence, ' +
                "so PIM for Azure resources is not available. Use 'assignment-mode: rbac' (the post step and " +
                "'command: sweep' then remove the grant).", { cause: err });
        }
        throw err;
    }
}
/** Ends the PIM assignment now. One that no longer exists is already what we want. */
async function pimRemove(client, r, attempt) {
    try {
        await client.roleAssignmentScheduleRequests.create(r.scope, uuidV5(`${r.baseName}:remove:${attempt}`), {
            roleDefinitionId: r.roleDefinitionId,
            principalId: r.principalId,
            requestType: 'AdminRemove',
            justification: 'jit-rbac-action: access no longer needed',
        });
    }
    catch (err) {
        if ((0,azure_errors/* hasCode */.up)((0,azure_errors/* inspectAzureError */.mk)(err), 'RoleAssignmentDoesNotExist'))
            return;
        throw err;
    }
}

;// CONCATENATED MODULE: ./src/grants.ts






/** `run=<repo>/<run id>`: how an assignment is recognised as this run's, in any attempt. */
function runTag(run) {
    return `run=${run.repository}/${run.runId}`;
}
function describeGrant(run, justification, deadline, approvers = []) {
    const parts = [
        names/* DESCRIPTION_MARKER */.eE,
        runTag(run),
        `attempt=${run.runAttempt}`,
        `deadline=${deadline.toISOString()}`,
        run.runUrl,
        approvers.length ? `Approved by: ${approvers.join(', ')}.` : '',
        justification ? `Justification: ${justification}` : '',
    ];
    return parts.filter(Boolean).join(' ').slice(0, 2000);
}
function newGrantRecord(run, req, now) {
    const name = uuidV5([
        run.repository,
        run.runId,
        run.runAttempt,
        req.role.guid,
        req.vault.id.toLowerCase(),
        req.principalId.toLowerCase(),
    ].join('|'));
    return {
        mode: req.mode,
        id: `${req.vault.id}/providers/Microsoft.Authorization/roleAssignments/${name}`,
        name,
        scope: req.vault.id,
        vaultName: req.vault.name,
        roleDefinitionId: req.role.definitionId,
        roleName: req.role.roleName,
        principalId: req.principalId,
        principalType: req.principalType,
        owned: true,
        status: 'pending',
        requestedAt: now.toISOString(),
        verifiedGone: false,
        endsAt: req.deadline.toISOString(),
    };
}
/**
 * Creates the assignment. The record is persisted as `pending` before the
 * request, so a run killed mid-request still knows which id to clean up.
 */
async function createGrant(ctx, req, record) {
    ctx.persist();
    const doing = `assign ${record.roleName} to ${record.principalId} on vault ${record.vaultName}`;
    try {
        const createdOn = await (0,azure_retry/* withAzureRetry */.Gl)(ctx.rt, { doing, deadlineMs: req.deadlineMs, alsoRetry: (f) => (0,azure_errors/* hasCode */.up)(f, 'PrincipalNotFound') }, () => record.mode === 'pim'
            ? assignThroughPim(ctx, req, record)
            : assignDirectly(ctx, req, record));
        Object.assign(record, { status: 'active', createdAt: isoOf(createdOn, ctx.rt) });
    }
    catch (err) {
        if (!(0,azure_errors/* hasCode */.up)((0,azure_errors/* inspectAzureError */.mk)(err), 'RoleAssignmentExists')) {
            Object.assign(record, { status: 'failed', error: (0,azure_retry/* explainAzureError */.rm)(err) });
            ctx.persist();
            throw new errors/* ActionError */.lZ(`Failed to ${doing}: ${(0,azure_retry/* explainAzureError */.rm)(err)}${grantHint(err)}`, {
                cause: err,
            });
        }
        await adoptOrRecordExisting(ctx, record);
    }
    ctx.persist();
    return record;
}
async function assignDirectly(ctx, req, record) {
    const created = await ctx.client.roleAssignments.create(record.scope, record.name, {
        roleDefinitionId: record.roleDefinitionId,
        principalId: record.principalId,
        principalType: record.principalType,
        description: describeGrant(ctx.run, req.justification, req.deadline, req.approvers),
    });
    return created.createdOn;
}
/** A PIM request creates the assignment under a name Azure picks: find it by this run's tag. */
async function assignThroughPim(ctx, req, record) {
    const startMs = ctx.rt.now();
    await pimAssign(ctx.client, {
        scope: record.scope,
        baseName: record.name,
        roleDefinitionId: record.roleDefinitionId,
        principalId: record.principalId,
        justification: describeGrant(ctx.run, req.justification, req.deadline, req.approvers),
        startMs,
        durationMs: req.deadline.getTime() - startMs,
    });
    const made = await findExisting(ctx, record);
    if (made?.id)
        Object.assign(record, { id: made.id, name: made.name ?? record.name });
    return made?.createdOn;
}
function isoOf(date, rt) {
    return (date ?? new Date(rt.now())).toISOString();
}
function grantHint(err) {
    const f = (0,azure_errors/* inspectAzureError */.mk)(err);
    if ((0,azure_errors/* hasCode */.up)(f, 'AuthorizationFailed')) {
        return " Hint: the action's identity needs Microsoft.Authorization/roleAssignments/write at the vault, e.g. Role Based Access Control Administrator with a condition that allows only Key Vault Secrets Officer (see infra/main.bicep).";
    }
    if ((0,azure_errors/* hasCode */.up)(f, 'PrincipalNotFound'))
        return ' Hint: the assignee does not exist in the tenant, or it was created moments ago; check assignee-object-id and principal-type.';
    return '';
}
/**
 * The same role is already assigned to the principal at the vault. If an
 * earlier attempt of this run made it, this run adopts and later removes it;
 * otherwise it is someone's standing access and is left alone.
 */
async function adoptOrRecordExisting(ctx, record) {
    const existing = await findExisting(ctx, record);
    record.status = 'active';
    if (existing?.id && existing.description?.includes(runTag(ctx.run))) {
        ctx.rt.log.info(`Adopting ${existing.id}, created by an earlier attempt of this run.`);
        Object.assign(record, {
            id: existing.id,
            name: existing.name ?? record.name,
            createdAt: isoOf(existing.createdOn, ctx.rt),
        });
        return;
    }
    ctx.rt.log.warning(`${record.roleName} is already assigned to ${record.principalId} on vault ${record.vaultName}${existing?.id ? ` (${existing.id})` : ''}, not by this run. It is used as it is and will not be removed.`);
    Object.assign(record, {
        owned: false,
        status: 'pre-existing',
        id: existing?.id ?? record.id,
        createdAt: isoOf(existing?.createdOn, ctx.rt),
    });
}
async function findExisting(ctx, record) {
    const filter = `principalId eq '${record.principalId}'`;
    const scope = record.scope.toLowerCase();
    const role = record.roleDefinitionId.split('/').pop()?.toLowerCase();
    for await (const a of ctx.client.roleAssignments.listForScope(record.scope, { filter })) {
        if (a.scope?.toLowerCase() === scope &&
            a.roleDefinitionId?.split('/').pop()?.toLowerCase() === role)
            return a;
    }
    return undefined;
}
/**
 * Deletes an owned assignment by its id and confirms ARM no longer has it.
 * Never throws: the outcome is in the record, so every grant gets its turn.
 */
async function revokeGrant(ctx, record) {
    if (!record.owned || record.verifiedGone)
        return record;
    const doing = `remove role assignment ${record.id}`;
    try {
        for (let round = 1; round <= 3 && !record.verifiedGone; round++) {
            await (0,azure_retry/* withAzureRetry */.Gl)(ctx.rt, { doing, attempts: 6 }, () => record.mode === 'pim'
                ? pimRemove(ctx.client, {
                    scope: record.scope,
                    baseName: record.name,
                    roleDefinitionId: record.roleDefinitionId,
                    principalId: record.principalId,
                }, `${ctx.rt.now()}-${round}`)
                : deleteIfPresent(ctx, record.id));
            record.verifiedGone = await (0,azure_retry/* withAzureRetry */.Gl)(ctx.rt, { doing: `verify ${record.id} is gone`, attempts: 6 }, () => isGone(ctx, record.id));
        }
        Object.assign(record, record.verifiedGone
            ? { status: 'removed', removedAt: new Date(ctx.rt.now()).toISOString(), error: undefined }
            : { status: 'remove-failed', error: 'ARM still lists the assignment after three deletes' });
    }
    catch (err) {
        Object.assign(record, { status: 'remove-failed', error: (0,errors.describeError)(err) });
    }
    ctx.persist();
    return record;
}
async function deleteIfPresent(ctx, id) {
    try {
        await ctx.client.roleAssignments.deleteById(id);
    }
    catch (err) {
        const f = (0,azure_errors/* inspectAzureError */.mk)(err);
        if (f.status === 404 || (0,azure_errors/* hasCode */.up)(f, 'RoleAssignmentNotFound'))
            return;
        throw err;
    }
}
async function isGone(ctx, id) {
    try {
        await ctx.client.roleAssignments.getById(id);
        return false;
    }
    catch (err) {
        const f = (0,azure_errors/* inspectAzureError */.mk)(err);
        if (f.status === 404 || (0,azure_errors/* hasCode */.up)(f, 'RoleAssignmentNotFound'))
            return true;
        throw err;
    }
}


/***/ }),

/***/ 7515:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  sb: () => (/* binding */ readSettings),
  SA: () => (/* binding */ refusePrivileged)
});

// UNUSED EXPORTS: PRIVILEGED_ROLES

// EXTERNAL MODULE: ./src/cloud.ts
var cloud = __webpack_require__(1486);
// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(7607);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/glob.ts
/**
 * Glob patterns for choosing Key Vault secrets by name, and the filter that
 * combines include patterns, exclude patterns and required tags.
 */

/** Characters a Key Vault secret name may contain. */
const NAME_CHAR = /^[0-9a-zA-Z-]$/;
const PATTERN_HELP = "Patterns may use letters, digits and '-', plus * (any run of characters), " +
    '? (one character) and classes such as [abc], [a-z] or [!0-9].';
/**
 * Compiles a glob pattern into a case-insensitive matcher for secret names,
 * as Key Vault treats names case-insensitively. Throws an InputError naming
 * `inputName` when the pattern is empty, malformed, or uses a character no
 * secret name can contain.
 */
function compileGlob(pattern, inputName) {
    const tokens = tokenize(pattern, inputName);
    return (name) => matchTokens(tokens, name.toLowerCase());
}
/**
 * Builds the secret filter: a secret is chosen when it matches at least one
 * include pattern (no include patterns means every secret), no exclude
 * pattern, and carries every required tag with exactly that value (Key Vault
 * tag keys and values are case-sensitive).
 */
function compileSecretFilter(opts) {
    const inputNames = opts.inputNames ?? { include: 'secret-include', exclude: 'secret-exclude' };
    const includes = opts.include.map((pattern) => compileGlob(pattern, inputNames.include));
    const excludes = opts.exclude.map((pattern) => compileGlob(pattern, inputNames.exclude));
    const requiredTags = Object.entries(opts.tags);
    return (secret) => {
        const included = includes.length === 0 || includes.some((matches) => matches(secret.name));
        if (!included || excludes.some((matches) => matches(secret.name))) {
            return false;
        }
        const tags = secret.tags ?? {};
        return requiredTags.every(([key, value]) => Object.hasOwn(tags, key) && tags[key] === value);
    };
}
function tokenize(pattern, inputName) {
    const fail = (reason) => new errors/* InputError */.dz(inputName, `pattern '${pattern}' is not valid: ${reason}. ${PATTERN_HELP}`);
    if (pattern.length === 0) {
        throw fail('it is empty');
    }
    const tokens = [];
    let index = 0;
    while (index < pattern.length) {
        const char = pattern[index];
        if (char === '[') {
            const parsed = parseClass(pattern, index + 1, fail);
            tokens.push(parsed.token);
            index = parsed.next;
            continue;
        }
        if (char === '*') {
            // Consecutive stars mean the same as one; keeping one keeps matching fast.
            if (tokens.at(-1)?.kind !== 'star')
                tokens.push({ kind: 'star' });
        }
        else if (char === '?') {
            tokens.push({ kind: 'one' });
        }
        else if (NAME_CHAR.test(char)) {
            tokens.push({ kind: 'literal', char: char.toLowerCase() });
        }
        else {
            throw fail(describeBadChar(char, index));
        }
        index += 1;
    }
    return tokens;
}
function describeBadChar(char, index) {
    const where = `'${char}' at position ${index + 1}`;
    if (char === ']')
        return `${where} closes a class that was never opened`;
    if (char === '!')
        return `${where} only negates a class, as in [!a-z]`;
    return `${where} can never appear in a secret name`;
}
/** Parses a class whose body starts at `start` (just after '['). */
function parseClass(pattern, start, fail) {
    const close = pattern.indexOf(']', start);
    if (close < 0) {
        throw fail(`the class opened at position ${start} has no closing ']'`);
    }
    let body = pattern.slice(start, close);
    const negated = body.startsWith('!');
    if (negated)
        body = body.slice(1);
    if (body.length === 0) {
        throw fail(`the class at position ${start} is empty`);
    }
    const ranges = [];
    for (let index = 0; index < body.length; index += 1) {
        const first = body[index];
        const isRange = body[index + 1] === '-' && index + 2 < body.length;
        const last = isRange ? body[index + 2] : first;
        ranges.push(checkRange(first, last, fail));
        if (isRange)
            index += 2;
    }
    return { token: { kind: 'class', negated, ranges }, next: close + 1 };
}
function checkRange(first, last, fail) {
    for (const char of [first, last]) {
        if (!NAME_CHAR.test(char)) {
            throw fail(`'${char}' inside a class can never appear in a secret name`);
        }
    }
    const low = first.toLowerCase();
    const high = last.toLowerCase();
    const sameKind = /^[0-9]$/.test(low) === /^[0-9]$/.test(high) && low !== '-' && high !== '-';
    if (first !== last && (!sameKind || low > high)) {
        throw fail(`the range '${first}-${last}' must run upwards within digits or within letters`);
    }
    return [low, high];
}
function matchesOne(token, char) {
    switch (token.kind) {
        case 'star':
            return false;
        case 'one':
            return true;
        case 'literal':
            return token.char === char;
        case 'class':
            return token.ranges.some(([low, high]) => char >= low && char <= high) !== token.negated;
    }
}
/**
 * Matches with a single backtrack point per star, which runs in
 * O(pattern x name) time; a regular expression built from several stars can
 * backtrack exponentially on names that almost match.
 */
function matchTokens(tokens, name) {
    let tokenIndex = 0;
    let nameIndex = 0;
    let starToken = -1;
    let starName = 0;
    while (nameIndex < name.length) {
        const token = tokens[tokenIndex];
        if (token?.kind === 'star') {
            starToken = tokenIndex;
            starName = nameIndex;
            tokenIndex += 1;
        }
        else if (token && matchesOne(token, name[nameIndex])) {
            tokenIndex += 1;
            nameIndex += 1;
        }
        else if (starToken >= 0) {
            // Let the last star swallow one more character and try again from there.
            starName += 1;
            tokenIndex = starToken + 1;
            nameIndex = starName;
        }
        else {
            return false;
        }
    }
    while (tokens[tokenIndex]?.kind === 'star')
        tokenIndex += 1;
    return tokenIndex === tokens.length;
}

// EXTERNAL MODULE: ./src/names.ts
var names = __webpack_require__(6455);
// EXTERNAL MODULE: ./src/journal.ts
var journal = __webpack_require__(2588);
;// CONCATENATED MODULE: ./src/pairing.ts
/**
 * Decides which role is granted on which resource, from the two lists the
 * user gave.
 */

/**
 * Chooses the pairing for `roleCount` roles and `resourceCount` resources:
 * equal lengths pair by index (1 x 1 included), a single role or resource is
 * used with every item of the other list, and any other mismatch pairs every
 * role with every resource.
 */
function pairingMode(roleCount, resourceCount) {
    if (roleCount === resourceCount) {
        return 'zip';
    }
    if (roleCount === 1) {
        return 'broadcast-role';
    }
    if (resourceCount === 1) {
        return 'broadcast-resource';
    }
    return 'cartesian';
}
/**
 * Pairs role IDs with resource IDs (see `pairingMode`). Pairs that repeat an
 * earlier one, ignoring case as Azure does for IDs, are left out of `pairs`
 * and listed in `duplicates` so the caller can warn about them.
 */
function pairRolesWithResources(roles, resources) {
    if (roles.length === 0) {
        throw new errors/* InputError */.dz('role-ids', 'no role given; list at least one role definition ID.');
    }
    if (resources.length === 0) {
        throw new errors/* InputError */.dz('resource-ids', 'no resource given; list at least one resource ID.');
    }
    return splitDuplicates(combine(roles, resources));
}
function combine(roles, resources) {
    switch (pairingMode(roles.length, resources.length)) {
        case 'zip':
            return roles.map((roleId, index) => ({ roleId, resourceId: resources[index] }));
        case 'broadcast-role':
            return resources.map((resourceId) => ({ roleId: roles[0], resourceId }));
        case 'broadcast-resource':
            return roles.map((roleId) => ({ roleId, resourceId: resources[0] }));
        case 'cartesian':
            return roles.flatMap((roleId) => resources.map((resourceId) => ({ roleId, resourceId })));
    }
}
function splitDuplicates(all) {
    const seen = new Set();
    const pairs = [];
    const duplicates = [];
    for (const pair of all) {
        // A newline cannot occur in an Azure ID, so the key is unambiguous.
        const key = `${pair.roleId.toLowerCase()}\n${pair.resourceId.toLowerCase()}`;
        if (seen.has(key)) {
            duplicates.push(pair);
        }
        else {
            seen.add(key);
            pairs.push(pair);
        }
    }
    return { pairs, duplicates };
}

;// CONCATENATED MODULE: ./src/resources.ts
/**
 * Parsing of what the user names: Key Vault resource IDs (the only scopes this
 * action grants on) and role references (GUID, role definition ID, or name).
 */


const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUBSCRIPTION_PLACEHOLDER = '<AZURE_SUBSCRIPTION_ID>';
const VAULT_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)$/i;
/**
 * Parses a Key Vault resource ID. Scopes above a vault (a subscription or a
 * resource group) and other resource types are refused: the grant must be no
 * wider than the vault whose secrets are rotated.
 */
function parseVaultId(raw, subscriptionId) {
    const given = raw.trim();
    const id = given.split(SUBSCRIPTION_PLACEHOLDER).join(subscriptionId).replace(/\/+$/, '');
    if (/<[^<>/]*>/.test(id)) {
        throw new errors/* InputError */.dz(names/* Inputs */.G0.ResourceIds, `'${given}' still has a placeholder after substitution. Only ${SUBSCRIPTION_PLACEHOLDER} is replaced (by ${names/* Inputs */.G0.SubscriptionId}).`);
    }
    const match = VAULT_ID.exec(id);
    if (!match)
        throw new errors/* InputError */.dz(names/* Inputs */.G0.ResourceIds, `'${given}' is not a Key Vault resource ID. ${scopeHint(id)}`);
    const [, subscription = '', resourceGroup = '', name = ''] = match;
    if (!GUID_PATTERN.test(subscription)) {
        throw new errors/* InputError */.dz(names/* Inputs */.G0.ResourceIds, `'${given}' has subscription '${subscription}', which is not a GUID. Use ${SUBSCRIPTION_PLACEHOLDER} or the subscription's ID.`);
    }
    validateVaultName(name, given);
    return {
        id: `/subscriptions/${subscription.toLowerCase()}/resourceGroups/${resourceGroup}/providers/Microsoft.KeyVault/vaults/${name}`,
        subscriptionId: subscription.toLowerCase(),
        resourceGroup,
        name,
    };
}
function scopeHint(id) {
    const expected = 'Expected /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>.';
    if (/^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?$/i.test(id)) {
        return `It names a scope above a vault; this action only grants access to one vault at a time. ${expected}`;
    }
    if (/\/vaults\/[^/]+\/.+/i.test(id))
        return `It names something inside a vault; give the vault itself. ${expected}`;
    const type = /\/providers\/([^/]+\/[^/]+)\/[^/]+$/i.exec(id)?.[1];
    if (type)
        return `It names a ${type} resource; this action only grants access to Key Vaults. ${expected}`;
    return expected;
}
/** Key Vault's naming rules, each with the words that tell the user which one a name breaks. */
const VAULT_NAME_RULES = [
    [/^.{3,24}$/, 'a vault name has 3-24 characters'],
    [/^[a-zA-Z0-9-]*$/, 'a vault name has only letters, digits and hyphens'],
    [/^[a-zA-Z]/, 'a vault name must start with a letter'],
    [/[a-zA-Z0-9]$/, 'a vault name must end with a letter or digit'],
    [/^(?!.*--)/, "a vault name has single hyphens only, never '--'"],
];
function validateVaultName(name, given) {
    const broken = VAULT_NAME_RULES.find(([rule]) => !rule.test(name));
    if (broken) {
        throw new errors/* InputError */.dz(names/* Inputs */.G0.ResourceIds, `'${given}' has vault name '${name}', which Key Vault does not allow: ${broken[1]}. Copy the vault's resource ID from its Properties page or 'az keyvault show'.`);
    }
}
/** A role as given: a GUID, a role definition resource ID, or a built-in role's name. */
function parseRoleRef(raw) {
    const given = raw.trim();
    if (GUID_PATTERN.test(given))
        return { kind: 'guid', guid: given.toLowerCase(), given };
    if (looksLikeGuid(given)) {
        throw new errors/* InputError */.dz(names/* Inputs */.G0.RoleIds, `'${given}' looks like a role GUID but is not one: a GUID is 32 hex digits as 8-4-4-4-12. Copy it from 'az role definition list --name <role name> --query [].name'.`);
    }
    const definition = /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i.exec(given);
    if (definition) {
        const guid = definition[1] ?? '';
        if (!GUID_PATTERN.test(guid)) {
            throw new errors/* InputError */.dz(names/* Inputs */.G0.RoleIds, `'${given}' ends in '${guid}', which is not a GUID. A role definition ID ends in the role's GUID.`);
        }
        return { kind: 'guid', guid: guid.toLowerCase(), given };
    }
    if (given.includes('/') || !/^[\w .()-]{2,128}$/.test(given)) {
        throw new errors/* InputError */.dz(names/* Inputs */.G0.RoleIds, `'${given}' is neither a role GUID, a role definition ID (…/providers/Microsoft.Authorization/roleDefinitions/<GUID>) nor a role name such as 'Key Vault Secrets Officer'.`);
    }
    return { kind: 'name', name: given, given };
}
/**
 * Eight or more hex digits and hyphens with a digit among them, or the
 * 8-4-4-4-12 shape with other characters: no role name looks like that, a
 * mistyped or truncated GUID does.
 */
function looksLikeGuid(text) {
    const hexOnly = /^[0-9a-f-]{8,}$/i.test(text) && /\d/.test(text);
    return hexOnly || /^\w{8}-\w{4}-\w{4}-\w{4}-\w{12}$/.test(text);
}
/**
 * Reads a list input: a JSON array of strings, or one entry per line. Blank
 * lines between entries are ignored; null, blank or non-string array entries
 * are errors, as is an empty list.
 */
function parseList(text, input) {
    const value = text.trim();
    if (!value)
        throw new errors/* InputError */.dz(input, 'is empty. Give a JSON array of strings or one entry per line.');
    // JSON is recognised by its opening character: no role or resource ID starts so.
    if (/^[[{"]/.test(value))
        return parseJsonList(value, input);
    return value
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '');
}
function parseJsonList(value, input) {
    let parsed;
    try {
        parsed = JSON.parse(value);
    }
    catch (err) {
        throw new errors/* InputError */.dz(input, `'${excerpt(value)}' is not valid JSON (${err.message}). Give a JSON array of strings, or one entry per line.`);
    }
    if (!Array.isArray(parsed))
        throw new errors/* InputError */.dz(input, `'${excerpt(value)}' is JSON but not an array. Give a JSON array of strings such as ["<first>", "<second>"], or one entry per line.`);
    if (parsed.length === 0)
        throw new errors/* InputError */.dz(input, `'${value}' is an empty array. Give at least one entry.`);
    parsed.forEach((entry, i) => {
        if (typeof entry !== 'string' || entry.trim() === '') {
            throw new errors/* InputError */.dz(input, `entry ${i} is ${JSON.stringify(entry)}; every entry must be a non-blank string.`);
        }
    });
    return parsed.map((s) => s.trim());
}
/** The start of a long value, on one line, for an error message. */
function excerpt(text, max = 160) {
    const line = text.replace(/\s*[\r\n]+\s*/g, ' ');
    return line.length > max ? `${line.slice(0, max)}…` : line;
}

// EXTERNAL MODULE: ./src/secret-value.ts
var secret_value = __webpack_require__(4699);
;// CONCATENATED MODULE: ./src/inputs.ts
/**
 * Reads and validates every input before any network call. Each problem is an
 * InputError that names the input, shows what was given and says how to fix it.
 */









const COMMANDS = ['rotate', 'plan', 'sweep', 'rollback'];
const PRINCIPAL_TYPES = ['ServicePrincipal', 'User', 'Group', 'ForeignGroup', 'Device'];
/** Built-in roles that can grant access or change anything: refused unless allowed. */
const PRIVILEGED_ROLES = {
    '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
    'b24988ac-6180-42a0-ab88-3bd38f1c7a8c': 'Contributor',
    '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': 'User Access Administrator',
    'f58310d9-a9f6-439a-9e8d-f62e7b41a168': 'Role Based Access Control Administrator',
};
function readSettings(getInput) {
    if (command(getInput) === 'rollback' && !getInput(names/* Inputs */.G0.RollbackFrom).trim()) {
        throw new errors/* InputError */.dz(names/* Inputs */.G0.RollbackFrom, "is required with 'command: rollback'. Pass the rotations output of the run to undo.");
    }
    const subscriptionId = guid(getInput, names/* Inputs */.G0.SubscriptionId);
    const allowPrivilegedRoles = bool(getInput, names/* Inputs */.G0.AllowPrivilegedRoles, false);
    const propagationTimeoutMs = positiveDuration(getInput(names/* Inputs */.G0.PropagationTimeout) || '600', names/* Inputs */.G0.PropagationTimeout);
    const secretLength = integer(getInput, names/* Inputs */.G0.SecretLength, 44, 16, 4096);
    const secretAlphabet = alphabet(getInput);
    (0,secret_value/* validateSecretSpec */.qE)(secretLength, secretAlphabet);
    const expires = getInput(names/* Inputs */.G0.SecretExpiresIn).trim();
    return {
        command: command(getInput),
        expectedPlanHash: planHash(getInput),
        expectedPlan: getInput(names/* Inputs */.G0.ExpectedPlan).trim() || undefined,
        githubToken: getInput(names/* Inputs */.G0.GithubToken).trim() || undefined,
        requireEnvironment: getInput(names/* Inputs */.G0.RequireEnvironment).trim() || undefined,
        assignmentMode: assignmentMode(getInput),
        grantDurationMs: grantDuration(getInput, propagationTimeoutMs),
        resumeFrom: priorRotations(getInput, names/* Inputs */.G0.ResumeFrom),
        rollbackFrom: priorRotations(getInput, names/* Inputs */.G0.RollbackFrom),
        tenantId: guid(getInput, names/* Inputs */.G0.TenantId),
        clientId: guid(getInput, names/* Inputs */.G0.ClientId),
        subscriptionId,
        audience: getInput(names/* Inputs */.G0.Audience).trim() || 'api://AzureADTokenExchange',
        ...readGrants(getInput, subscriptionId, allowPrivilegedRoles),
        assigneeObjectId: optionalGuid(getInput, names/* Inputs */.G0.AssigneeObjectId),
        principalType: principalType(getInput),
        justification: justification(getInput),
        allowPrivilegedRoles,
        selection: readSelection(getInput),
        secretLength,
        secretAlphabet,
        secretExpiresInMs: expires ? positiveDuration(expires, names/* Inputs */.G0.SecretExpiresIn) : undefined,
        propagationTimeoutMs,
        lingerTimeoutMs: inputs_duration(getInput(names/* Inputs */.G0.LingerTimeout) || '120', names/* Inputs */.G0.LingerTimeout),
        maxConcurrency: integer(getInput, names/* Inputs */.G0.MaxConcurrency, 64, 1, 256),
        vaultRequestRate: integer(getInput, names/* Inputs */.G0.VaultRequestRate, 380, 1, 2000),
        dryRun: bool(getInput, names/* Inputs */.G0.DryRun, false),
        cloud: (0,cloud/* resolveCloud */.a)({
            environment: getInput(names/* Inputs */.G0.AzureEnvironment),
            authorityHost: getInput(names/* Inputs */.G0.AuthorityHost),
            resourceManagerEndpoint: getInput(names/* Inputs */.G0.ResourceManagerEndpoint),
            resourceManagerAudience: getInput(names/* Inputs */.G0.ResourceManagerAudience),
            keyVaultDnsSuffix: getInput(names/* Inputs */.G0.KeyVaultDnsSuffix),
        }),
    };
}
function readGrants(getInput, subscriptionId, allowPrivileged) {
    const roles = parseList(getInput(names/* Inputs */.G0.RoleIds), names/* Inputs */.G0.RoleIds).map(parseRoleRef);
    const vaults = parseList(getInput(names/* Inputs */.G0.ResourceIds), names/* Inputs */.G0.ResourceIds).map((r) => parseVaultId(r, subscriptionId));
    if (!allowPrivileged)
        roles.forEach(refusePrivileged);
    const roleKey = (r) => (r.kind === 'guid' ? r.guid : `name:${r.name.toLowerCase()}`);
    const { pairs, duplicates } = pairRolesWithResources(roles.map(roleKey), vaults.map((v) => v.id));
    // The first spelling given is the one kept, so the plan reads like the input.
    const roleByKey = firstByKey(roles, roleKey);
    const vaultById = firstByKey(vaults, (v) => v.id);
    const grants = pairs.map((p) => ({
        role: roleByKey.get(p.roleId),
        vault: vaultById.get(p.resourceId),
    }));
    return { grants, duplicateGrants: duplicates };
}
function firstByKey(items, key) {
    const byKey = new Map();
    for (const item of items)
        if (!byKey.has(key(item)))
            byKey.set(key(item), item);
    return byKey;
}
function refusePrivileged(role) {
    const name = role.kind === 'guid'
        ? PRIVILEGED_ROLES[role.guid]
        : Object.values(PRIVILEGED_ROLES).find((n) => n.toLowerCase() === role.name.toLowerCase());
    if (name) {
        throw new errors/* InputError */.dz(names/* Inputs */.G0.RoleIds, `'${role.given}' is ${name}, a privileged role that can change access or anything else in scope. Rotating secrets needs only 'Key Vault Secrets Officer' (b86a8fe4-44ce-4948-aee5-eccb2c155cd7). Set ${names/* Inputs */.G0.AllowPrivilegedRoles}: true only if you really mean it.`);
    }
}
function command(getInput) {
    const value = getInput(names/* Inputs */.G0.Command).trim().toLowerCase() || 'rotate';
    const found = COMMANDS.find((c) => c === value);
    if (!found) {
        throw new errors/* InputError */.dz(names/* Inputs */.G0.Command, `'${value}' is not a command. Use rotate (default), plan, sweep or rollback.`);
    }
    return found;
}
function assignmentMode(getInput) {
    const value = getInput(names/* Inputs */.G0.AssignmentMode).trim().toLowerCase() || 'rbac';
    if (value !== 'rbac' && value !== 'pim') {
        throw new errors/* InputError */.dz(names/* Inputs */.G0.AssignmentMode, `'${value}' is not a mode. Use rbac (a plain role assignment) or pim (a PIM assignment that Azure ends by itself).`);
    }
    return value;
}
/** Default: long enough to wait out propagation and rotate a large vault. */
function grantDuration(getInput, propagationTimeoutMs) {
    const text = getInput(names/* Inputs */.G0.GrantDuration).trim();
    if (!text)
        return propagationTimeoutMs + 50 * 60_000;
    const ms = (0,duration/* parseDuration */.E)(text, names/* Inputs */.G0.GrantDuration);
    if (ms < 20_000 || ms > 8 * 3_600_000) {
        throw new errors/* InputError */.dz(names/* Inputs */.G0.GrantDuration, `'${text}' must be from 20 seconds to 8 hours (e.g. PT30M). The grant ends when it runs out.`);
    }
    return ms;
}
/**
 * The `rotations` output of an earlier run, or its rotation journal (JSON
 * lines, the record a killed run leaves; the last line per secret counts).
 */
function priorRotations(getInput, name) {
    const text = getInput(name).trim();
    if (!text)
        return undefined;
    let parsed;
    try {
        if (text.startsWith('[')) {
            parsed = JSON.parse(text);
        }
        else {
            // Journal lines: text in which no line parses is not a journal.
            parsed = (0,journal/* latestPerSecret */.Hd)((0,journal/* parseJournal */.z8)(text));
            if (parsed.length === 0)
                throw new Error('no journal record');
        }
    }
    catch {
        throw new errors/* InputError */.dz(name, `is not JSON. Pass an earlier run's 'rotations' output (a JSON array) unchanged.`);
    }
    const valid = Array.isArray(parsed) &&
        parsed.every((r) => r &&
            typeof r === 'object' &&
            typeof r.vault === 'string' &&
            typeof r.secret === 'string' &&
            typeof r.status === 'string');
    if (!valid)
        throw new errors/* InputError */.dz(name, `must be an earlier run's 'rotations' output: a JSON array of {vault, secret, status, …}.`);
    return parsed;
}
function planHash(getInput) {
    const value = getInput(names/* Inputs */.G0.ExpectedPlanHash).trim().toLowerCase();
    if (!value)
        return undefined;
    if (!/^[0-9a-f]{64}$/.test(value)) {
        throw new errors/* InputError */.dz(names/* Inputs */.G0.ExpectedPlanHash, `'${value}' is not a SHA-256 hex digest. Pass the plan job's plan-hash output unchanged.`);
    }
    return value;
}
function readSelection(getInput) {
    const include = lines(getInput(names/* Inputs */.G0.SecretInclude));
    const exclude = lines(getInput(names/* Inputs */.G0.SecretExclude));
    const tags = readTags(getInput(names/* Inputs */.G0.SecretTags));
    return {
        include,
        exclude,
        tags,
        includeDisabled: bool(getInput, names/* Inputs */.G0.IncludeDisabled, false),
        matches: compileSecretFilter({
            include,
            exclude,
            tags,
            inputNames: { include: names/* Inputs */.G0.SecretInclude, exclude: names/* Inputs */.G0.SecretExclude },
        }),
    };
}
function readTags(text) {
    const tags = {};
    for (const line of lines(text)) {
        const eq = line.indexOf('=');
        if (eq <= 0)
            throw new errors/* InputError */.dz(names/* Inputs */.G0.SecretTags, `'${line}' is not key=value. Give one key=value per line; a secret must carry every tag listed.`);
        tags[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
    }
    return tags;
}
function lines(text) {
    return text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '');
}
function guid(getInput, name) {
    const value = getInput(name).trim();
    if (!value)
        throw new errors/* InputError */.dz(name, 'is required. Give the GUID from the Azure portal or `az account show`.');
    if (!GUID_PATTERN.test(value))
        throw new errors/* InputError */.dz(name, `'${value}' is not a GUID. Give the ID itself, as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, from the Azure portal or \`az account show\`.`);
    return value.toLowerCase();
}
function optionalGuid(getInput, name) {
    return getInput(name).trim() ? guid(getInput, name) : undefined;
}
function principalType(getInput) {
    const value = getInput(names/* Inputs */.G0.PrincipalType).trim() || 'ServicePrincipal';
    const match = PRINCIPAL_TYPES.find((t) => t.toLowerCase() === value.toLowerCase());
    if (!match)
        throw new errors/* InputError */.dz(names/* Inputs */.G0.PrincipalType, `'${value}' is not one of ${PRINCIPAL_TYPES.join(', ')}.`);
    return match;
}
function justification(getInput) {
    const value = getInput(names/* Inputs */.G0.Justification).trim().replace(/\s+/g, ' ');
    if (value.length > 500)
        throw new errors/* InputError */.dz(names/* Inputs */.G0.Justification, `is ${value.length} characters; keep it under 500 so the assignment description fits.`);
    return value;
}
function bool(getInput, name, fallback) {
    const given = getInput(name).trim();
    const value = given.toLowerCase();
    if (!value)
        return fallback;
    if (['true', 'yes', '1'].includes(value))
        return true;
    if (['false', 'no', '0'].includes(value))
        return false;
    throw new errors/* InputError */.dz(name, `'${given}' is not a boolean. Use true or false.`);
}
/**
 * 'base64url' or a literal set of distinct characters. Checked here so the
 * message can show the alphabet given; secret-value.ts checks it again.
 */
function alphabet(getInput) {
    const value = getInput(names/* Inputs */.G0.SecretAlphabet).trim() || 'base64url';
    if (value === 'base64url')
        return value;
    const chars = Array.from(value);
    const repeated = [...new Set(chars.filter((c, i) => chars.indexOf(c) !== i))];
    if (new Set(chars).size < 2)
        throw new errors/* InputError */.dz(names/* Inputs */.G0.SecretAlphabet, `'${value}' has fewer than two distinct characters. Give 'base64url' or at least two different characters.`);
    if (repeated.length > 0)
        throw new errors/* InputError */.dz(names/* Inputs */.G0.SecretAlphabet, `'${value}' repeats '${repeated.join('')}'. List each character once, since a repeated one would be picked more often.`);
    return value;
}
function integer(getInput, name, fallback, min, max) {
    const text = getInput(name).trim();
    if (!text)
        return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new errors/* InputError */.dz(name, `'${text}' must be a whole number from ${min} to ${max}.`);
    }
    return value;
}
function inputs_duration(text, name) {
    return (0,duration/* parseDuration */.E)(text, name);
}
function positiveDuration(text, name) {
    const ms = (0,duration/* parseDuration */.E)(text, name);
    if (ms <= 0)
        throw new errors/* InputError */.dz(name, `'${text}' must be longer than zero, e.g. 600 (seconds), 10m or PT10M.`);
    return ms;
}


/***/ }),

/***/ 5027:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ coreIO),
/* harmony export */   y: () => (/* binding */ tempDir)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/**
 * The runner's protocol, behind one interface: inputs, outputs, saved state,
 * masking, the step summary and the OIDC token. The action uses @actions/core;
 * the interface keeps the lifecycle readable and lets unit tests look inside.
 */




function tempDir(env) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_3__.tmpdir)(), 'jit-rbac-action');
}
const coreIO = {
    getInput: (name) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name),
    setOutput: (name, value) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value),
    saveState: (name, value) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(name, value),
    getState: (name) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getState */ .Gu(name),
    setSecret: (value) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(value),
    getIDToken: (audience) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getIDToken */ .V9(audience),
    appendSummary: async (markdown) => {
        if (!process.env.GITHUB_STEP_SUMMARY) {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(markdown);
            return;
        }
        await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw(markdown, true).write();
    },
    setFailed: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(message),
    writeTempFile: (name, content) => {
        const dir = tempDir(process.env);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)(dir, { recursive: true });
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(path, content, { mode: 0o600 });
        return path;
    },
    env: process.env,
};


/***/ }),

/***/ 2588:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CQ: () => (/* binding */ Journal),
/* harmony export */   Hd: () => (/* binding */ latestPerSecret),
/* harmony export */   a0: () => (/* binding */ readJournal),
/* harmony export */   z8: () => (/* binding */ parseJournal)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/**
 * An append-only record of each secret's outcome, one JSON line per secret,
 * written the moment it is known. If the runner kills the main step, the post
 * step (or a person) can still read which secrets were rotated.
 */


class Journal {
    path;
    constructor(path) {
        this.path = path;
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path), { recursive: true });
    }
    append(record) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.appendFileSync)(this.path, JSON.stringify(record) + '\n', { mode: 0o600 });
    }
}
/** Reads a journal file; see parseJournal. */
function readJournal(path) {
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path) ? parseJournal((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8')) : [];
}
/** Journal lines as records, skipping a last line cut short by a kill. */
function parseJournal(text) {
    const records = [];
    for (const line of text.split(/\r?\n/)) {
        if (!line.trim())
            continue;
        try {
            records.push(JSON.parse(line));
        }
        catch {
            // A line the kill cut short: that secret's outcome is unknown, and a
            // secret still marked `started` is reported as such.
        }
    }
    return records;
}
/** The last record of each secret: a journal appends `started`, then the outcome. */
function latestPerSecret(records) {
    const latest = new Map();
    for (const r of records)
        latest.set(`${r.vault}/${r.secret}`.toLowerCase(), r);
    return [...latest.values()];
}


/***/ }),

/***/ 3758:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bo: () => (/* binding */ renderTable),
/* harmony export */   kq: () => (/* binding */ escapeCell),
/* harmony export */   x2: () => (/* binding */ escapeMermaidLabel)
/* harmony export */ });
/* unused harmony export codeCell */
/**
 * Safe rendering of untrusted text (secret names, Azure IDs, error messages)
 * into GitHub-flavoured Markdown tables and Mermaid gantt charts for the job
 * summary.
 */
const CELL_ESCAPES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
};
/** Characters that GFM could read as markup inside a table cell. */
const CELL_SPECIALS = /\r\n|\r|\n|[&<>\\|`*_[\]~]/g;
/**
 * Escapes text for one GFM table cell: HTML entities for `&`, `<` and `>`, a
 * backslash before Markdown punctuation (so `|` becomes `\|` and an existing
 * `\|` becomes `\\\|`, which still shows as `\|`), and `<br>` for line breaks.
 */
function escapeCell(text) {
    return text.trim().replace(CELL_SPECIALS, (match) => {
        if (match.startsWith('\r') || match === '\n')
            return '<br>';
        return CELL_ESCAPES[match] ?? `\\${match}`;
    });
}
/**
 * Renders a GFM table; every header and cell goes through `escapeCell`, so
 * pass plain text. Short rows are padded with empty cells.
 */
function renderTable(headers, rows) {
    if (headers.length === 0) {
        throw new Error('Failed to render table: it has no columns');
    }
    const lines = [renderRow(headers.map(escapeCell)), renderRow(headers.map(() => '---'))];
    rows.forEach((row, index) => {
        if (row.length > headers.length) {
            throw new Error(`Failed to render table: row ${index + 1} has ${row.length} cells ` +
                `but there are ${headers.length} columns`);
        }
        const cells = headers.map((_, column) => escapeCell(row[column] ?? ''));
        lines.push(renderRow(cells));
    });
    return `${lines.join('\n')}\n`;
}
function renderRow(cells) {
    return `| ${cells.join(' | ')} |`;
}
const CODE_ESCAPES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    '|': '&#124;',
    '\\': '&#92;',
    '`': '&#96;',
    '*': '&#42;',
    _: '&#95;',
    '[': '&#91;',
    ']': '&#93;',
    '~': '&#126;',
};
const CODE_SPECIALS = /\r\n|\r|\n|[&<>"|\\`*_[\]~]/g;
/**
 * Renders text as inline code inside a table cell.
 *
 * A backtick code span cannot be used: backslash escapes do not work inside
 * it, so a backtick in the text would end the span early. Instead the text
 * goes in an HTML `<code>` element. Markdown is still parsed between HTML
 * tags, so Markdown punctuation becomes numeric entities too, which show as
 * the plain character and never act as markup; `|` becomes `&#124;` so the
 * table never sees a column break.
 */
function codeCell(text) {
    const escaped = text.replace(CODE_SPECIALS, (match) => {
        if (match.startsWith('\r') || match === '\n')
            return '<br>';
        return CODE_ESCAPES[match] ?? match;
    });
    return `<code>${escaped}</code>`;
}
/** Words that Mermaid's gantt lexer reads as statements when a line starts with them. */
const GANTT_KEYWORDS = /^(gantt|dateformat|axisformat|tickinterval|excludes|includes|weekday|weekend|todaymarker|inclusiveenddates|topaxis|title|section|click|call|href|acctitle|accdescr|displaymode|\d{4}-\d{2}-\d{2})/i;
/**
 * Makes text safe as a Mermaid gantt task label: characters that end the
 * label or start a comment, string, entity or directive (`: ; # " ' `` ` < >
 * % { }` and line breaks) become spaces, parentheses become brackets (some
 * Mermaid versions stop a label at them), and runs of spaces collapse.
 */
function escapeMermaidLabel(text) {
    const cleaned = text
        .replace(/[:;#"'`<>%{}]/g, ' ')
        .replace(/\(/g, '[')
        .replace(/\)/g, ']')
        .replace(/\s+/g, ' ')
        .trim();
    if (cleaned.length === 0) {
        return '-';
    }
    // Note: a label that starts like a statement ("title x", "section y", a
    // date) would be read as that statement, so it gets a neutral prefix.
    return GANTT_KEYWORDS.test(cleaned) ? `- ${cleaned}` : cleaned;
}


/***/ }),

/***/ 665:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Br: () => (/* binding */ renderSummary),
/* harmony export */   _z: () => (/* binding */ timingsJson),
/* harmony export */   bs: () => (/* binding */ renderGrantTable),
/* harmony export */   tP: () => (/* binding */ countRotations)
/* harmony export */ });
/* unused harmony exports renderTimeline, renderRotationTable */
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3758);

function countRotations(records) {
    const count = (s) => records.filter((r) => r.status === s).length;
    return {
        rotated: count('rotated'),
        restored: count('restored'),
        skipped: count('skipped'),
        failed: count('failed'),
    };
}
function timingsJson(t) {
    const iso = (ms) => (ms === undefined ? undefined : new Date(ms).toISOString());
    const span = (a, b) => a === undefined || b === undefined ? undefined : Math.round(b - a) / 1000;
    return {
        startedAt: iso(t.startedAt),
        grantedAt: iso(t.grantedAt),
        accessAt: iso(t.accessAt),
        rotationStartedAt: iso(t.rotationStartedAt),
        rotationFinishedAt: iso(t.rotationFinishedAt),
        revokedAt: iso(t.revokedAt),
        accessEndedAt: iso(t.accessEndedAt),
        finishedAt: iso(t.finishedAt),
        rotationSeconds: span(t.rotationStartedAt, t.rotationFinishedAt),
        totalSeconds: span(t.startedAt, t.finishedAt),
    };
}
/** A Mermaid gantt chart of the phases that happened, on a millisecond axis. */
function renderTimeline(t) {
    const tasks = [];
    const add = (section, label, tag, from, to) => {
        if (from === undefined || to === undefined)
            return;
        tasks.push(`  section ${section}`, `  ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMermaidLabel */ .x2)(label)} :${tag}${Math.round(from)}, ${Math.max(Math.round(to), Math.round(from) + 1)}`);
    };
    add('Grant', 'Create role assignment', 'done, ', t.startedAt, t.grantedAt);
    add('Grant', 'Wait for RBAC propagation', 'active, ', t.grantedAt, t.accessAt);
    add('Rotate', 'Rotate secrets', '', t.rotationStartedAt, t.rotationFinishedAt);
    add('Revoke', 'Delete and verify', 'done, ', t.revokeStartedAt, t.revokedAt);
    add('Revoke', 'Lingering data-plane access', 'crit, ', t.revokedAt, t.accessEndedAt);
    if (tasks.length === 0)
        return '';
    return [
        '```mermaid',
        'gantt',
        '  title Just-in-time access timeline',
        '  dateFormat x',
        '  axisFormat %H:%M:%S',
        ...tasks,
        '```',
        '',
    ].join('\n');
}
/** Rows shown in the summary; the full list is in the outputs and audit file. */
const MAX_SUMMARY_ROWS = 300;
function renderRotationTable(records) {
    // Failures first, then skips, so what needs attention is never cut off.
    const order = { failed: 0, skipped: 1, rotated: 2, restored: 2, started: 3 };
    const sorted = [...records].sort((a, b) => order[a.status] - order[b.status]);
    const rows = sorted
        .slice(0, MAX_SUMMARY_ROWS)
        .map((r) => [
        r.secret,
        r.vault,
        r.status + (r.reason ? `: ${r.reason}` : ''),
        r.version ?? '',
        r.rotatedAt ?? '',
    ]);
    const table = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .renderTable */ .bo)(['Secret', 'Vault', 'Status', 'Version', 'Rotated at (UTC)'], rows);
    const more = sorted.length > MAX_SUMMARY_ROWS
        ? `\n${sorted.length - MAX_SUMMARY_ROWS} more rows are in the \`rotations\` output and the audit file.\n`
        : '';
    return table + more;
}
function renderGrantTable(grants) {
    const rows = grants.map((g) => [
        g.roleName,
        g.scope,
        g.principalId,
        g.owned ? (g.createdAt ?? '') : `pre-existing (not created by this run)`,
        g.owned
            ? g.verifiedGone
                ? `${g.removedAt ?? ''} (verified)`
                : `NOT REMOVED: ${g.error ?? g.status}`
            : 'left in place',
        g.propagationSeconds === undefined ? '' : g.propagationSeconds.toFixed(1),
    ]);
    return (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .renderTable */ .bo)(['Role', 'Scope', 'Principal', 'Created', 'Removed', 'Propagation (s)'], rows);
}
function renderSummary(result, timings) {
    const c = result.counts;
    const headline = `### Key Vault secret ${result.command === 'rollback' ? 'rollback' : 'rotation'}: ${result.outcome}${result.dryRun ? ' (dry run)' : ''}\n\n` +
        (result.command === 'rollback' ? `${c.restored} restored, ` : `${c.rotated} rotated, `) +
        `${c.skipped} skipped, ${c.failed} failed of ${c.listed} listed (${c.filteredOut} not selected).` +
        (result.propagationSeconds === undefined
            ? ''
            : ` Access took ${result.propagationSeconds.toFixed(1)} s to propagate.`) +
        (result.approvers.length
            ? ` Approved by ${result.approvers.join(', ').replace(/[<>|`*_[\]]/g, '')}.`
            : '') +
        (result.planHash ? ` Matches approved plan ${result.planHash.slice(0, 12)}.` : '') +
        (result.lingerSeconds === undefined
            ? ''
            : ` Access lingered ${result.lingerSeconds.toFixed(1)} s after the revoke.`) +
        '\n\n';
    const errors = result.errors.length
        ? `**Errors**\n\n${result.errors.map((e) => `- ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeCell */ .kq)(e)}`).join('\n')}\n\n`
        : '';
    return [
        headline,
        renderTimeline(timings),
        '\n#### Rotations\n\n',
        renderRotationTable(result.rotations),
        '\n#### Grants\n\n',
        renderGrantTable(result.grants),
        '\n',
        errors,
    ].join('');
}


/***/ }),

/***/ 9809:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EY: () => (/* binding */ backoffDelay),
/* harmony export */   L5: () => (/* binding */ retry),
/* harmony export */   Nn: () => (/* binding */ realSleeper),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * Retrying with capped exponential backoff, a deadline, and server-given
 * delays (Retry-After). Time and randomness are passed in so tests never wait.
 */

/** A Sleeper on `setTimeout`. */
const realSleeper = {
    sleep(ms, signal) {
        return new Promise((resolve, reject) => {
            if (signal?.aborted) {
                reject(signal.reason);
                return;
            }
            const onAbort = () => {
                clearTimeout(timer);
                reject(signal?.reason);
            };
            const timer = setTimeout(() => {
                signal?.removeEventListener('abort', onAbort);
                resolve();
            }, ms);
            signal?.addEventListener('abort', onAbort, { once: true });
        });
    },
};
/**
 * Capped exponential backoff with equal jitter: for attempt n (from 1) the cap
 * is min(maxMs, baseMs * 2^(n-1)) and the delay is a whole number of ms in
 * [cap/2, cap], so retries spread out but never come back too soon.
 */
function backoffDelay(attempt, opts) {
    if (!Number.isInteger(attempt) || attempt < 1) {
        throw new RangeError(`Failed to compute backoff: attempt must be 1 or more, got ${attempt}`);
    }
    // The exponent is bounded so a long run of attempts cannot overflow to Infinity.
    const growth = 2 ** Math.min(attempt - 1, 52);
    const cap = Math.max(0, Math.min(opts.maxMs, opts.baseMs * growth));
    const half = cap / 2;
    return Math.min(cap, Math.ceil(half + opts.random() * half));
}
/**
 * Calls `fn` until it succeeds. After a failure, `classify` decides whether
 * to retry; the last error is rethrown when it says no, when attempts run
 * out, or when the next sleep would end after `deadlineMs`.
 */
async function retry(fn, opts) {
    const maxAttempts = checkAttempts(opts);
    for (let attempt = 1;; attempt += 1) {
        opts.signal?.throwIfAborted();
        try {
            return await fn(attempt);
        }
        catch (err) {
            const next = planRetry(err, attempt, maxAttempts, opts);
            if (next === undefined) {
                throw err;
            }
            opts.onRetry?.({ attempt, maxAttempts, error: err, ...next });
            await opts.sleeper.sleep(next.delayMs, opts.signal);
        }
    }
}
function checkAttempts(opts) {
    if (opts.attempts === 'until-deadline') {
        if (opts.deadlineMs === undefined) {
            throw new RangeError("Failed to start retries: 'until-deadline' needs deadlineMs");
        }
        return undefined;
    }
    if (!Number.isInteger(opts.attempts) || opts.attempts < 1) {
        throw new RangeError(`Failed to start retries: attempts must be 1 or more, got ${opts.attempts}`);
    }
    return opts.attempts;
}
/** Returns the delay before the next attempt, or undefined to give up. */
function planRetry(err, attempt, maxAttempts, opts) {
    if (maxAttempts !== undefined && attempt >= maxAttempts) {
        return undefined;
    }
    const decision = opts.classify(err);
    if (!decision.retry) {
        return undefined;
    }
    const asked = decision.delayMs;
    const delayMs = asked !== undefined && Number.isFinite(asked)
        ? Math.max(0, Math.ceil(asked))
        : backoffDelay(attempt, opts);
    if (opts.deadlineMs !== undefined && opts.now() + delayMs > opts.deadlineMs) {
        return undefined;
    }
    return { delayMs, reason: decision.reason ?? (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__.describeError)(err) };
}
/**
 * Reads an HTTP Retry-After value: delay-seconds (decimals tolerated) or an
 * HTTP date. Returns milliseconds from `nowMs` (0 for a date in the past), or
 * undefined when the value is missing or unreadable.
 */
function parseRetryAfter(value, nowMs) {
    const text = value?.trim();
    if (!text) {
        return undefined;
    }
    if (/^\d+(\.\d+)?$/.test(text)) {
        return Math.ceil(Number(text) * 1000);
    }
    const dateMs = parseHttpDate(text);
    return dateMs === undefined ? undefined : Math.max(0, dateMs - nowMs);
}
/** The three HTTP date forms of RFC 9110; other text is refused. */
const IMF_FIXDATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_850 = /^[A-Za-z]+, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;
function parseHttpDate(text) {
    // Date.parse alone accepts almost anything ("1" is a year), so the shape
    // is checked first. asctime has no zone but means GMT.
    let normalized;
    if (IMF_FIXDATE.test(text) || RFC_850.test(text))
        normalized = text;
    else if (ASCTIME.test(text))
        normalized = `${text} GMT`;
    if (normalized === undefined) {
        return undefined;
    }
    // Note: Date.parse rolls an impossible day such as 31 Feb into the next
    // month rather than refusing it; servers do not send such dates.
    const ms = Date.parse(normalized);
    return Number.isNaN(ms) ? undefined : ms;
}


/***/ }),

/***/ 3683:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ realRuntime)
/* harmony export */ });
/* unused harmony export coreLogger */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9809);
/**
 * What the lifecycle needs from the world besides Azure: a clock, a way to
 * sleep, randomness for jitter, a log, and the GitHub runner's state and
 * output files. Tests can pass their own; the action uses the real ones.
 */


const coreLogger = {
    debug: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(m),
    info: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(m),
    warning: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(m),
    group: (name, fn) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .group */ .Os(name, fn),
};
const realRuntime = {
    now: () => Date.now(),
    sleeper: _retry_js__WEBPACK_IMPORTED_MODULE_1__/* .realSleeper */ .Nn,
    random: Math.random,
    log: coreLogger,
};


/***/ }),

/***/ 4699:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   qE: () => (/* binding */ validateSecretSpec),
/* harmony export */   xV: () => (/* binding */ generateSecretValue)
/* harmony export */ });
/* unused harmony export DEFAULT_ALPHABET */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/**
 * Generation of new secret values, and the checks that keep them strong.
 */


/** The alphabet keyword for URL-safe base64 (`A-Z a-z 0-9 - _`, 6 bits a character). */
const DEFAULT_ALPHABET = 'base64url';
const MIN_LENGTH = 16;
const MAX_LENGTH = 4096;
const MIN_ENTROPY_BITS = 128;
/** Literal alphabets are sampled with one or two random bytes per character. */
const MAX_ALPHABET_SIZE = 65536;
/** Bound on refills so a broken random source fails instead of spinning forever. */
const MAX_REFILLS = 1000;
/**
 * Checks a secret length and alphabet (`base64url` or a literal set of
 * distinct characters) and returns the entropy of one generated value.
 * Throws an InputError on `secret-length` or `secret-alphabet` otherwise.
 */
function validateSecretSpec(length, alphabet) {
    if (!Number.isInteger(length) || length < MIN_LENGTH || length > MAX_LENGTH) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('secret-length', `got ${length}; use a whole number from ${MIN_LENGTH} to ${MAX_LENGTH}.`);
    }
    // base64url draws ceil(length * 6 / 8) bytes, so every kept character carries 6 full bits.
    const bitsPerChar = alphabet === DEFAULT_ALPHABET ? 6 : Math.log2(literalAlphabet(alphabet).length);
    const entropyBits = length * bitsPerChar;
    if (entropyBits < MIN_ENTROPY_BITS) {
        const needed = Math.ceil(MIN_ENTROPY_BITS / bitsPerChar);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('secret-length', `${length} characters from this alphabet give only ${Math.floor(entropyBits)} bits of ` +
            `entropy; use at least ${needed} to reach ${MIN_ENTROPY_BITS} bits.`);
    }
    return { entropyBits };
}
/**
 * Generates a secret value of `length` characters. With `base64url` it
 * encodes ceil(length * 3 / 4) random bytes (44 characters = 33 bytes = 264
 * bits); with a literal alphabet each character is drawn by rejection
 * sampling, so every character is equally likely.
 */
function generateSecretValue(length, alphabet, randomBytes = node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes) {
    validateSecretSpec(length, alphabet);
    if (alphabet === DEFAULT_ALPHABET) {
        return randomBytes(Math.ceil((length * 3) / 4))
            .toString('base64url')
            .slice(0, length);
    }
    return sampleFrom(literalAlphabet(alphabet), length, randomBytes);
}
function literalAlphabet(alphabet) {
    // Array.from splits by code point, so an emoji counts as one character.
    const chars = Array.from(alphabet);
    const distinct = new Set(chars);
    if (distinct.size < 2) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('secret-alphabet', `it has ${distinct.size} distinct character(s); give '${DEFAULT_ALPHABET}' or at least two ` +
            'different characters.');
    }
    if (distinct.size !== chars.length) {
        const repeated = [...new Set(chars.filter((char, index) => chars.indexOf(char) !== index))];
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('secret-alphabet', `'${repeated.join('')}' appear(s) more than once; list each character once, since a ` +
            'repeated one would be picked more often.');
    }
    if (chars.length > MAX_ALPHABET_SIZE) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('secret-alphabet', `it has more than ${MAX_ALPHABET_SIZE} characters.`);
    }
    return chars;
}
/**
 * Draws `length` characters uniformly. A random value is only used when it
 * falls below the largest multiple of the alphabet size; taking the rest
 * modulo the size would favour the first characters.
 */
function sampleFrom(chars, length, randomBytes) {
    const bytesPerDraw = chars.length <= 256 ? 1 : 2;
    const range = 256 ** bytesPerDraw;
    const limit = range - (range % chars.length);
    const picked = [];
    for (let refill = 0; picked.length < length; refill += 1) {
        if (refill >= MAX_REFILLS) {
            throw new Error('Failed to generate secret value: the random source kept giving rejected values');
        }
        const bytes = randomBytes((length - picked.length) * bytesPerDraw * 2);
        for (let offset = 0; offset + bytesPerDraw <= bytes.length; offset += bytesPerDraw) {
            const value = bytesPerDraw === 1 ? bytes[offset] : bytes.readUInt16BE(offset);
            if (value < limit && picked.length < length) {
                picked.push(chars[value % chars.length]);
            }
        }
    }
    return picked.join('');
}


/***/ }),

/***/ 6839:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  N: () => (/* binding */ connect),
  f: () => (/* binding */ openSession)
});

// EXTERNAL MODULE: ./node_modules/@azure/arm-authorization/dist/index.js
var dist = __webpack_require__(1043);
// EXTERNAL MODULE: ./node_modules/@azure/keyvault-secrets/dist/esm/index.js + 47 modules
var esm = __webpack_require__(9336);
// EXTERNAL MODULE: ./src/cloud.ts
var cloud = __webpack_require__(1486);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/@azure/identity/dist/esm/index.js + 182 modules
var dist_esm = __webpack_require__(5563);
// EXTERNAL MODULE: ./src/azure-errors.ts
var azure_errors = __webpack_require__(6766);
// EXTERNAL MODULE: ./src/names.ts
var names = __webpack_require__(6455);
;// CONCATENATED MODULE: ./src/identity.ts
/**
 * Signs in to Entra ID with the workflow's GitHub OIDC token: no stored secret.
 * The assertion callback asks GitHub for a fresh token whenever Entra ID needs
 * one, so a run that outlives the GitHub token's ~5 minutes keeps working.
 */




/** Decodes a JWT's payload without verifying it: for reading claims we were just given. */
function decodeClaims(jwt) {
    const payload = jwt.split('.')[1] ?? '';
    try {
        return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    }
    catch {
        return {};
    }
}
async function signIn(o) {
    let githubClaims = {};
    const getAssertion = async () => {
        const token = await requestGitHubToken(o.getIdToken, o.audience);
        githubClaims = decodeClaims(token);
        return token;
    };
    const credential = new dist_esm/* ClientAssertionCredential */.XI(o.tenantId, o.clientId, getAssertion, {
        authorityHost: o.cloud.authorityHost,
        disableInstanceDiscovery: o.cloud.customAuthority,
    });
    let accessToken;
    try {
        const token = await credential.getToken(o.cloud.resourceManagerScope);
        accessToken = token.token;
    }
    catch (err) {
        throw new errors/* ActionError */.lZ(`Failed to sign in to Entra ID as app ${o.clientId} in tenant ${o.tenantId}: ${(0,errors.describeError)(err)}${signInHint(err, githubClaims)}`, { cause: err });
    }
    const objectId = String(decodeClaims(accessToken).oid ?? '');
    if (!objectId)
        throw new errors/* ActionError */.lZ('Failed to read the signed-in identity: the ARM token has no oid claim.');
    return { credential, objectId, githubClaims };
}
async function requestGitHubToken(getIdToken, audience) {
    try {
        return await getIdToken(audience);
    }
    catch (err) {
        throw new errors/* ActionError */.lZ(`Failed to get a GitHub OIDC token for audience '${audience}': ${(0,errors.describeError)(err)}. ` +
            "The job needs 'permissions: id-token: write' (and, in a reusable workflow, the caller must grant it too).", { cause: err });
    }
}
/** A sentence that says what to fix for the AADSTS codes Entra ID answered. */
function signInHint(err, claims) {
    const codes = (0,azure_errors/* aadstsCodes */.VT)(err);
    const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
    const subject = sub ? ` The workflow presented subject '${sub}'.` : '';
    if (codes.includes('AADSTS700213') || codes.includes('AADSTS7002138')) {
        return ` Hint: the app's federated credential subject must equal the token's subject exactly (case-sensitive).${subject} A job with 'environment: NAME' presents repo:ORG/REPO:environment:NAME.`;
    }
    if (codes.includes('AADSTS700211'))
        return ` Hint: the federated credential's issuer must be https://token.actions.githubusercontent.com (or your enterprise's issuer).`;
    if (codes.includes('AADSTS700212'))
        return ` Hint: the federated credential's audience must equal the '${names/* Inputs */.G0.Audience}' input (default api://AzureADTokenExchange).`;
    if (codes.includes('AADSTS700016'))
        return ` Hint: '${names/* Inputs */.G0.ClientId}' must be the application (client) ID of an app registered in tenant '${names/* Inputs */.G0.TenantId}'.`;
    if (codes.includes('AADSTS90002'))
        return ` Hint: check '${names/* Inputs */.G0.TenantId}' and '${names/* Inputs */.G0.AzureEnvironment}'.`;
    if (/endpoints_resolution_error/.test(String(err?.message ?? err))) {
        return ` Hint: Entra ID did not recognise the tenant or authority: check '${names/* Inputs */.G0.TenantId}', '${names/* Inputs */.G0.AzureEnvironment}' and '${names/* Inputs */.G0.AuthorityHost}'.`;
    }
    if (codes.includes('AADSTS700024'))
        return ' Hint: the GitHub token expired before it was used; check the runner clock.';
    return '';
}

// EXTERNAL MODULE: ./src/inputs.ts + 3 modules
var inputs = __webpack_require__(7515);
// EXTERNAL MODULE: ./src/azure-retry.ts
var azure_retry = __webpack_require__(9955);
;// CONCATENATED MODULE: ./src/roles.ts




async function resolveRole(rt, client, ref, scope, subscriptionId) {
    const definition = await (0,azure_retry/* withAzureRetry */.Gl)(rt, { doing: `look up role '${ref.given}'`, attempts: 4 }, () => (ref.kind === 'guid' ? getById(client, scope, ref) : findByName(client, scope, ref)));
    const guid = definition.name ?? '';
    return {
        guid,
        definitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
        roleName: definition.roleName ?? guid,
        privileged: isPrivileged(definition),
    };
}
async function getById(client, scope, ref) {
    try {
        return await client.roleDefinitions.get(scope, ref.guid);
    }
    catch (err) {
        const failure = (0,azure_errors/* inspectAzureError */.mk)(err);
        if (failure.status === 404 || (0,azure_errors/* hasCode */.up)(failure, 'RoleDefinitionDoesNotExist')) {
            throw new errors/* InputError */.dz(names/* Inputs */.G0.RoleIds, `'${ref.given}' is not a role definition that exists at ${scope}. Check the GUID with 'az role definition list --name <role name>'.`);
        }
        throw (0,errors/* wrapError */.J4)(`look up role definition ${ref.guid} at ${scope}`, err);
    }
}
async function findByName(client, scope, ref) {
    const filter = `roleName eq '${ref.name.replace(/'/g, "''")}'`;
    for await (const definition of client.roleDefinitions.list(scope, { filter })) {
        if (definition.roleName?.toLowerCase() === ref.name.toLowerCase())
            return definition;
    }
    throw new errors/* InputError */.dz(names/* Inputs */.G0.RoleIds, `'${ref.given}' is not the name of a role at ${scope}. Use the exact name (e.g. 'Key Vault Secrets Officer') or the role's GUID.`);
}
const PRIVILEGED_ACTIONS = [
    '*',
    'Microsoft.Authorization/*',
    'Microsoft.Authorization/*/write',
    'Microsoft.Authorization/roleAssignments/*',
    'Microsoft.Authorization/roleAssignments/write',
];
/** A role that can assign roles can grant itself anything: treat it as privileged. */
function isPrivileged(definition) {
    return (definition.permissions ?? []).some((p) => {
        const blocked = (p.notActions ?? []).map((a) => a.toLowerCase());
        return (p.actions ?? []).some((a) => {
            const action = a.toLowerCase();
            return (PRIVILEGED_ACTIONS.some((x) => x.toLowerCase() === action) &&
                !blocked.includes('microsoft.authorization/*/write'));
        });
    });
}

;// CONCATENATED MODULE: ./src/session.ts
/**
 * What every command does first, reading only: sign in, check the job is the
 * one allowed to elevate, build the ARM client, pick the principal, and
 * resolve every role (a bad or privileged role fails here, before any grant).
 */








async function openSession(io, rt, s) {
    for (const d of s.duplicateGrants)
        rt.log.warning(`Role ${d.roleId} on ${d.resourceId} was given more than once; it is granted once.`);
    const { identity, arm } = await connect(io, s);
    checkEnvironment(s, identity);
    const principalId = s.assigneeObjectId ?? identity.objectId;
    if (principalId !== identity.objectId) {
        rt.log.warning(`${names/* Inputs */.G0.AssigneeObjectId} (${principalId}) is not the action's own identity (${identity.objectId}); secrets are written as the action's identity, which must reach the vault through that grant (for example as a member of the group).`);
    }
    const roles = await Promise.all(s.grants.map((g) => resolveRole(rt, arm, g.role, g.vault.id, g.vault.subscriptionId)));
    roles.forEach((role, i) => checkPrivilege(s, role, i));
    return {
        identity,
        arm,
        principalId,
        roles,
        secretClient: (vaultName) => new esm/* SecretClient */._V((0,cloud/* vaultUrl */.q)(s.cloud, vaultName), identity.credential, {
            retryOptions: { maxRetries: 0 },
        }),
    };
}
/**
 * Signs in with the job's OIDC token and builds the ARM client. The SDK's own
 * retries are off: azure-retry.ts decides, logs and paces every retry.
 */
async function connect(io, s) {
    const identity = await signIn({
        tenantId: s.tenantId,
        clientId: s.clientId,
        audience: s.audience,
        cloud: s.cloud,
        getIdToken: (a) => io.getIDToken(a),
    });
    const arm = new dist/* AuthorizationManagementClient */.IK(identity.credential, s.subscriptionId, {
        endpoint: s.cloud.resourceManagerEndpoint,
        credentialScopes: [s.cloud.resourceManagerScope],
        retryOptions: { maxRetries: 0 },
    });
    return { identity, arm };
}
/** With require-environment, only a job in that GitHub Environment may elevate. */
function checkEnvironment(s, identity) {
    if (!s.requireEnvironment)
        return;
    const environment = identity.githubClaims.environment;
    if (environment !== s.requireEnvironment) {
        throw new errors/* ActionError */.lZ(`Refusing to elevate: ${names/* Inputs */.G0.RequireEnvironment} is '${s.requireEnvironment}' but this job's OIDC token ` +
            `has environment ${environment === undefined ? '(none)' : `'${String(environment)}'`}. Run this step in a job with ` +
            `'environment: ${s.requireEnvironment}', whose approval gate protects the elevation.`);
    }
}
function checkPrivilege(s, role, index) {
    if (!role.privileged || s.allowPrivilegedRoles)
        return;
    const given = s.grants[index]?.role;
    if (given)
        (0,inputs/* refusePrivileged */.SA)({ kind: 'name', name: role.roleName, given: given.given });
    throw new errors/* InputError */.dz(names/* Inputs */.G0.RoleIds, `'${given?.given}' (${role.roleName}) can write role assignments, so it could grant anything. Use a data-plane role such as Key Vault Secrets Officer, or set ${names/* Inputs */.G0.AllowPrivilegedRoles}: true.`);
}


/***/ })

};
