export const id = 248;
export const ids = [248];
export const modules = {

/***/ 9248:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readApprovals: () => (/* binding */ readApprovals),
/* harmony export */   upsertPlanComment: () => (/* binding */ upsertPlanComment)
/* harmony export */ });
/* unused harmony export COMMENT_MARKER_PREFIX */
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/**
 * What the action asks GitHub, through @actions/github: the sticky plan
 * comment on a pull request, and who approved the run's environment.
 * Both are best effort: a missing permission is a warning that names it.
 */


/** Hidden in the comment so the next plan updates it instead of adding another. */
const COMMENT_MARKER_PREFIX = '<!-- jit-rbac-action:plan';
function status(err) {
    return typeof err === 'object' && err !== null ? err.status : undefined;
}
function pullRequestNumber() {
    const { eventName, payload } = _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._;
    if (eventName !== 'pull_request' && eventName !== 'pull_request_target')
        return undefined;
    return payload.pull_request?.number ?? payload.number;
}
/** Creates or updates this workflow job's one plan comment on the pull request. */
async function upsertPlanComment(token, body, log, key = '') {
    const issueNumber = pullRequestNumber();
    if (!issueNumber)
        return 'skipped';
    const { owner, repo } = _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.repo;
    // One comment per workflow job and set of vaults, so matrix legs do not overwrite each other.
    const marker = `${COMMENT_MARKER_PREFIX} ${_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.workflow}/${_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.job}${key ? ` ${key}` : ''} -->`;
    const octokit = _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q(token);
    try {
        const comments = await octokit.paginate(octokit.rest.issues.listComments, {
            owner,
            repo,
            issue_number: issueNumber,
            per_page: 100,
        });
        const mine = comments.find((c) => c.body?.includes(marker));
        const text = `${marker}\n${body}`;
        if (mine) {
            await octokit.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body: text });
            return 'updated';
        }
        await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body: text });
        return 'created';
    }
    catch (err) {
        const hint = status(err) === 403 || status(err) === 404
            ? " Give the job 'permissions: pull-requests: write' to let it comment."
            : '';
        log.warning(`Could not post the plan on pull request #${issueNumber}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__.describeError)(err)}.${hint} The plan is in the step summary.`);
        return 'skipped';
    }
}
/** The run's environment approvals (who approved the deployment, and for which environment). */
async function readApprovals(token, log) {
    const { owner, repo } = _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.repo;
    const runId = _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .context */ ._.runId;
    try {
        const octokit = _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q(token);
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals', { owner, repo, run_id: runId });
        return data.map((a) => ({
            login: a.user?.login ?? 'unknown',
            state: a.state,
            comment: a.comment ?? '',
            environments: (a.environments ?? []).map((e) => e.name ?? ''),
        }));
    }
    catch (err) {
        const hint = status(err) === 403 || status(err) === 404
            ? " Give the job 'permissions: actions: read' to record who approved."
            : '';
        log.warning(`Could not read the run's environment approvals: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__.describeError)(err)}.${hint}`);
        return [];
    }
}


/***/ })

};
