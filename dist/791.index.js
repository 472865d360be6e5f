export const id = 791;
export const ids = [791];
export const modules = {

/***/ 9791:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  post: () => (/* binding */ post)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/grants.ts + 2 modules
var src_grants = __webpack_require__(9815);
// EXTERNAL MODULE: ./src/session.ts + 2 modules
var session = __webpack_require__(6839);
// EXTERNAL MODULE: ./src/inputs.ts + 3 modules
var inputs = __webpack_require__(7515);
// EXTERNAL MODULE: ./src/journal.ts
var journal = __webpack_require__(2588);
// EXTERNAL MODULE: ./src/context.ts
var src_context = __webpack_require__(788);
// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(665);
// EXTERNAL MODULE: ./src/names.ts
var names = __webpack_require__(6455);
;// CONCATENATED MODULE: ./src/cleanup.ts
/**
 * The post step. It runs after success, failure and cancellation alike; if the
 * main step did not verify every grant gone (it was cancelled, killed or
 * crashed), this removes what is left, by id, and verifies it.
 */








async function runPost(ctx) {
    const { io, rt } = ctx;
    reportJournal(ctx);
    if (io.getState(names/* State */.Uw.Revoked) === 'true') {
        rt.log.info('The main step removed every grant and verified it gone; nothing to clean up.');
        return;
    }
    const leftover = parseGrants(io.getState(names/* State */.Uw.Grants)).filter((g) => g.owned && !g.verifiedGone);
    if (leftover.length === 0) {
        rt.log.info('No grant of this run is left to remove.');
        return;
    }
    rt.log.warning(`The main step did not finish its revoke; removing ${leftover.length} grant(s) now.`);
    try {
        await removeLeftovers(ctx, leftover);
    }
    catch (err) {
        io.setFailed(`Post step could not clean up: ${(0,errors.describeError)(err)}. Remove these role assignments by hand: ${leftover.map((g) => g.id).join(', ')}`);
    }
}
function parseGrants(text) {
    if (!text)
        return [];
    try {
        const parsed = JSON.parse(text);
        return Array.isArray(parsed) ? parsed : [];
    }
    catch {
        return [];
    }
}
async function removeLeftovers(ctx, grants) {
    const { io, rt } = ctx;
    const settings = (0,inputs/* readSettings */.sb)((name) => io.getInput(name));
    const { arm: client } = await (0,session/* connect */.N)(io, settings);
    const context = {
        rt,
        client,
        run: (0,src_context/* runIdentity */.y)(io.env),
        persist: () => io.saveState(names/* State */.Uw.Grants, JSON.stringify(grants)),
    };
    for (const g of grants) {
        await (0,src_grants/* revokeGrant */.BX)(context, g);
        if (g.verifiedGone)
            rt.log.info(`Removed and verified gone: ${g.id}`);
        else
            rt.log.warning(`Could not remove ${g.id}: ${g.error ?? g.status}`);
    }
    await io.appendSummary(`### Post-step cleanup\n\n${(0,report/* renderGrantTable */.bs)(grants)}\n`);
    const remaining = grants.filter((g) => !g.verifiedGone);
    if (remaining.length > 0) {
        io.setFailed(`Post step could not verify the removal of: ${remaining.map((g) => g.id).join(', ')}. Remove them with 'az role assignment delete --ids <id>'.`);
    }
}
/** What the journal says was done, so a killed main step's work is still accounted for. */
function reportJournal(ctx) {
    const path = ctx.io.getState(names/* State */.Uw.Journal);
    if (!path)
        return;
    const latest = (0,journal/* latestPerSecret */.Hd)((0,journal/* readJournal */.a0)(path));
    const count = (s) => latest.filter((r) => r.status === s).length;
    const unknown = latest.filter((r) => r.status === 'started');
    ctx.rt.log.info(`Rotation journal ${path}: ${count('rotated')} rotated, ${count('skipped')} skipped, ${count('failed')} failed, ${unknown.length} interrupted.`);
    for (const r of unknown)
        ctx.rt.log.warning(`Secret ${r.secret} in ${r.vault} was being written when the step stopped: it may or may not have a new version.`);
}

// EXTERNAL MODULE: ./src/io.ts
var io = __webpack_require__(5027);
// EXTERNAL MODULE: ./src/runtime.ts
var runtime = __webpack_require__(3683);
;// CONCATENATED MODULE: ./src/post.ts



/** The post step: removes whatever the main step could not. */
async function post() {
    await runPost({ io: io/* coreIO */.I, rt: runtime/* realRuntime */.D });
}


/***/ })

};
