export const id = 916;
export const ids = [916];
export const modules = {

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


/***/ })

};
