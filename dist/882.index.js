export const id = 882;
export const ids = [882];
export const modules = {

/***/ 3882:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./src/azure-errors.ts
var azure_errors = __webpack_require__(6766);
// EXTERNAL MODULE: ./src/azure-retry.ts
var azure_retry = __webpack_require__(9955);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/retry.ts
var retry = __webpack_require__(9809);
;// CONCATENATED MODULE: ./src/access.ts




/** A name no secret has: reading it answers 404 once access works, and never returns a value. */
const PROBE_SECRET_NAME = 'jit-rbac-action-access-probe';
/**
 * One cheap read and what it means. It reads a secret that does not exist:
 * 404 means RBAC let the request through.
 * Note: a list call would do, but @azure/keyvault-secrets 4.12 drops the error
 * body of a failed page, so 403 ForbiddenByRbac (wait) and 403
 * ForbiddenByFirewall (fail now) could not be told apart.
 */
async function probe(client, vaultName) {
    try {
        await client.getSecret(PROBE_SECRET_NAME);
        return 'allowed';
    }
    catch (err) {
        const f = (0,azure_errors/* inspectAzureError */.mk)(err);
        if (f.status === 404)
            return 'allowed';
        if (f.status === 403 && (0,azure_errors/* hasCode */.up)(f, 'ForbiddenByRbac'))
            return 'propagating';
        if ((0,azure_retry/* isTransient */.dg)(f))
            return 'transient';
        throw misconfiguration(vaultName, err);
    }
}
/** Failures no amount of waiting fixes, each with what to check. */
function misconfiguration(vaultName, err) {
    const f = (0,azure_errors/* inspectAzureError */.mk)(err);
    let hint = '';
    if ((0,azure_errors/* hasCode */.up)(f, 'ForbiddenByFirewall')) {
        hint =
            " The vault's firewall refuses this runner: allow its address or use a runner inside the vault's network. This is not an RBAC delay.";
    }
    else if ((0,azure_errors/* aadstsCodes */.VT)(err).length > 0) {
        hint = " Entra ID refused the token for Key Vault; check the app's federated credential.";
    }
    else if (f.status === 401) {
        hint = " Key Vault refused the token; check that the vault is in tenant-id's tenant.";
    }
    else if (f.status === 404) {
        hint =
            ' The vault does not answer at that address; check resource-ids and key-vault-dns-suffix.';
    }
    return new errors/* ActionError */.lZ(`Failed to reach vault ${vaultName}: ${(0,azure_retry/* failureReason */.Hr)(f, err)}: ${(0,errors.describeError)(err)}.${hint}`, { cause: err });
}
/**
 * Probes until access works, backing off with jitter up to a few seconds so
 * the first working moment is caught quickly, and fails at `deadlineMs`.
 */
async function waitForAccess(rt, client, vaultName, grantedAtMs, deadlineMs, signal) {
    for (let attempt = 1;; attempt++) {
        const outcome = await probe(client, vaultName);
        if (outcome === 'allowed')
            return { seconds: (rt.now() - grantedAtMs) / 1000, probes: attempt };
        const delay = (0,retry/* backoffDelay */.EY)(attempt, { baseMs: 250, maxMs: 500, random: rt.random });
        if (rt.now() + delay > deadlineMs) {
            throw new errors/* ActionError */.lZ(`Failed to get access to vault ${vaultName} within the propagation timeout (${Math.round((deadlineMs - grantedAtMs) / 1000)} s): Key Vault still answers 403 ForbiddenByRbac. Azure documents up to 10 minutes for role assignments to take effect; raise propagation-timeout if this recurs.`);
        }
        if (attempt % 5 === 0)
            rt.log.info(`Waiting for access to vault ${vaultName}: ${outcome} after ${attempt} probes`);
        await rt.sleeper.sleep(delay, signal);
    }
}
/**
 * After a revoke, how long the data plane still lets us in. A figure for the
 * report, never a failure: returns undefined if access outlasts `timeoutMs`.
 */
async function measureLinger(rt, client, vaultName, revokedAtMs, timeoutMs) {
    for (let attempt = 1;; attempt++) {
        let outcome;
        try {
            outcome = await probe(client, vaultName);
        }
        catch {
            return (rt.now() - revokedAtMs) / 1000;
        }
        if (outcome === 'propagating')
            return (rt.now() - revokedAtMs) / 1000;
        const delay = (0,retry/* backoffDelay */.EY)(attempt, { baseMs: 250, maxMs: 5000, random: rt.random });
        if (rt.now() + delay > revokedAtMs + timeoutMs)
            return undefined;
        await rt.sleeper.sleep(delay);
    }
}

// EXTERNAL MODULE: ./src/grants.ts + 2 modules
var grants = __webpack_require__(9815);
// EXTERNAL MODULE: ./src/names.ts
var names = __webpack_require__(6455);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/markdown.ts
var markdown = __webpack_require__(3758);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./src/secret-value.ts
var secret_value = __webpack_require__(4699);
;// CONCATENATED MODULE: ./src/rotation.ts
/**
 * Rotates the selected secrets of one vault: streams the list page by page,
 * gives each selected secret a new version that keeps its content type, tags,
 * enabled state and expiry policy, and records the outcome of every one.
 * Writes run with bounded concurrency under the vault's pacer; 429s, 5xx,
 * dropped connections and 403s while RBAC propagates are retried.
 */






async function rotateVault(o) {
    const result = { records: [], listed: 0, filteredOut: 0 };
    const running = new Set();
    const finish = (record) => {
        result.records.push(record);
        o.journal?.append(record);
        o.onRecord?.(record);
    };
    try {
        for await (const page of listPages(o)) {
            for (const properties of page) {
                result.listed++;
                const decision = triage(o, properties);
                if (decision === 'filtered') {
                    result.filteredOut++;
                    continue;
                }
                o.onListed?.(result.listed - result.filteredOut, false);
                if (decision) {
                    finish(decision);
                    continue;
                }
                // Backpressure: the next page is fetched only when a worker is free,
                // so memory stays flat however many secrets the vault holds.
                while (running.size >= o.maxConcurrency)
                    await Promise.race(running);
                const task = rotateOne(o, properties).then(finish);
                running.add(task);
                void task.finally(() => running.delete(task));
            }
        }
        o.onListed?.(result.listed - result.filteredOut, true);
    }
    catch (err) {
        result.listError = (0,errors.describeError)(err);
    }
    await Promise.all(running);
    return result;
}
/**
 * Whether a listed secret is selected, and if so whether it can be written:
 * the same rules for `plan` and `rotate`, so what was approved is what runs.
 */
function selectionVerdict(selection, p) {
    if (!selection.matches({ name: p.name, tags: p.tags }))
        return 'filtered';
    if (p.managed)
        return { skip: 'certificate-backed secret: rotate its certificate instead' };
    if (p.enabled === false && !selection.includeDisabled)
        return { skip: 'disabled (set include-disabled to rotate it)' };
    return 'rotate';
}
/** A final record for secrets that are not written, 'filtered' for those not selected, or undefined to rotate. */
function triage(o, p) {
    const verdict = selectionVerdict(o.selection, p);
    if (verdict === 'filtered')
        return 'filtered';
    const skip = (reason) => ({
        vault: o.vaultName,
        secret: p.name,
        status: 'skipped',
        reason,
    });
    if (verdict !== 'rotate')
        return skip(verdict.skip);
    if (o.approvedNames && !o.approvedNames.has(p.name.toLowerCase()))
        return skip('not in the approved plan');
    if (o.alreadyRotated?.has(p.name.toLowerCase())) {
        return skip('already rotated by the run this one resumes');
    }
    if (o.dryRun)
        return skip('dry run: would be rotated');
    if (o.signal?.aborted)
        return skip('cancelled before it was written');
    if (o.rt.now() >= o.writeDeadlineMs)
        return skip('not started: too little time left before the grant must be revoked');
    return undefined;
}
/** Restarts of the listing after a failed page, before giving up. */
const LIST_RESTARTS = 8;
/**
 * Secret pages. A failed page fetch restarts the listing from the first page
 * and skips names already handed out.
 * Note: @azure/keyvault-secrets 4.12 drops `continuationToken` from the pages
 * of listPropertiesOfSecrets (its mapper returns a plain array), so a listing
 * cannot resume mid-way; and after a page throws, its iterator is finished,
 * so carrying on with it would silently miss the remaining secrets.
 */
async function* listPages(o) {
    const seen = new Set();
    for (let restart = 0;; restart++) {
        const pages = o.client.listPropertiesOfSecrets().byPage({ maxPageSize: 25 });
        try {
            for (;;) {
                await o.pacer.take();
                const next = await pages.next();
                if (next.done)
                    return;
                const fresh = next.value.filter((p) => !seen.has(p.name.toLowerCase()));
                fresh.forEach((p) => seen.add(p.name.toLowerCase()));
                yield fresh;
            }
        }
        catch (err) {
            await pauseBeforeRelisting(o, err, restart);
        }
    }
}
async function pauseBeforeRelisting(o, err, restart) {
    const f = (0,azure_errors/* inspectAzureError */.mk)(err, o.rt.now());
    const retryable = ((0,azure_retry/* isTransient */.dg)(f) && restart < LIST_RESTARTS) || stillPropagating(o, true)(f);
    if (!retryable)
        throw err;
    noteThrottle(o, err);
    const delay = f.retryAfterMs ??
        (0,retry/* backoffDelay */.EY)(restart + 1, { baseMs: 500, maxMs: 10_000, random: o.rt.random });
    o.rt.log.info(`list secrets of vault ${o.vaultName}: page failed: ${(0,azure_retry/* failureReason */.Hr)(f, err)}; listing again in ${delay} ms`);
    await o.rt.sleeper.sleep(delay);
}
function noteThrottle(o, err) {
    const f = (0,azure_errors/* inspectAzureError */.mk)(err, o.rt.now());
    if (f.status === 429)
        o.pacer.pauseUntil(o.rt.now() + (f.retryAfterMs ?? 1000));
}
async function rotateOne(o, listed) {
    const base = { vault: o.vaultName, secret: listed.name };
    o.journal?.append({ ...base, status: 'started' });
    try {
        const current = await currentVersion(o, listed);
        const { version: previousVersion, contentType, tags, enabled, expiresOn, createdOn } = current;
        const value = (0,secret_value/* generateSecretValue */.xV)(o.secretLength, o.secretAlphabet);
        core/* setSecret */.Pq(value);
        const written = await call(o, `write secret ${listed.name} in ${o.vaultName}`, () => o.client.setSecret(listed.name, value, {
            contentType,
            tags,
            enabled,
            expiresOn: newExpiry(o, expiresOn, createdOn),
        }));
        return {
            ...base,
            status: 'rotated',
            version: written.properties.version,
            previousVersion,
            rotatedAt: new Date(o.rt.now()).toISOString(),
        };
    }
    catch (err) {
        return { ...base, status: 'failed', reason: (0,azure_retry/* explainAzureError */.rm)(err) };
    }
}
/**
 * The current version's id and metadata. An enabled secret is read directly
 * (the value that comes with it is dropped at once); Key Vault refuses to read
 * a disabled one, so its versions are listed instead and the newest taken.
 */
async function currentVersion(o, listed) {
    if (listed.enabled !== false) {
        const secret = await call(o, `read secret ${listed.name} in ${o.vaultName}`, () => o.client.getSecret(listed.name));
        return secret.properties;
    }
    return call(o, `list versions of secret ${listed.name} in ${o.vaultName}`, async () => {
        let newest;
        for await (const v of o.client.listPropertiesOfSecretVersions(listed.name)) {
            if (!newest || (v.createdOn?.getTime() ?? 0) >= (newest.createdOn?.getTime() ?? 0))
                newest = v;
        }
        return newest ?? listed;
    });
}
/** `secret-expires-in` if set, else the old version's lifetime carried over to the new one. */
function newExpiry(o, expiresOn, createdOn) {
    const now = o.rt.now();
    if (o.secretExpiresInMs !== undefined)
        return new Date(now + o.secretExpiresInMs);
    if (!expiresOn)
        return undefined;
    const lifetime = expiresOn.getTime() - (createdOn?.getTime() ?? now);
    return lifetime > 0 ? new Date(now + lifetime) : expiresOn;
}
/**
 * A 403 ForbiddenByRbac is "not yet" only until the propagation timeout.
 * Note: a failed list page arrives without its error body (see access.ts), so
 * for pages a bare 403 Forbidden counts too.
 */
function stillPropagating(o, page = false) {
    const bareForbidden = (f) => page && f.status === 403 && f.codes.every((c) => c === 'Forbidden');
    return (f) => ((0,azure_retry/* forbiddenByRbac */.PA)(f) || bareForbidden(f)) && o.rt.now() < o.propagationDeadlineMs;
}
/** One data-plane call under the vault's pacer, retried as Key Vault asks. */
function call(o, doing, fn) {
    return (0,azure_retry/* withAzureRetry */.Gl)(o.rt, {
        doing,
        deadlineMs: o.rt.now() + 120_000,
        // Five retries, from a quarter second: a vault failing one request in
        // seven still loses no secret, and one broken secret costs seconds.
        attempts: 6,
        baseMs: 250,
        maxMs: 10_000,
        alsoRetry: stillPropagating(o),
    }, async () => {
        await o.pacer.take();
        try {
            return await fn();
        }
        catch (err) {
            noteThrottle(o, err);
            throw err;
        }
    });
}

;// CONCATENATED MODULE: ./src/plan.ts
/**
 * The plan a human approves: which role goes to which principal on which
 * vault, and which secrets will be rotated. Its canonical JSON is hashed, and
 * the rotate job refuses to elevate if the plan it computes differs.
 */





/** JSON with sorted keys and no whitespace: equal plans give equal text whatever the key order. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
    if (value && typeof value === 'object') {
        const entries = Object.entries(value).filter(([, v]) => v !== undefined);
        entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}
function planHash(plan) {
    return (0,external_node_crypto_.createHash)('sha256').update(canonicalJson(plan)).digest('hex');
}
function plannedGrants(settings, roles) {
    const grants = settings.grants.map((g, i) => plannedGrant(g.vault, roles[i]));
    return grants.sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b)));
}
function plannedGrant(vault, role) {
    return {
        roleId: role.guid,
        roleName: role.roleName,
        scope: vault.id.toLowerCase(),
        resourceName: vault.name.toLowerCase(),
        resourceType: 'Microsoft.KeyVault/vaults',
        resourceGroup: vault.resourceGroup.toLowerCase(),
        subscriptionId: vault.subscriptionId,
    };
}
/**
 * Names of the secrets `rotate` would write, with the action's current access
 * (no grant is made for a plan). Listing needs the secrets' metadata only:
 * Key Vault Reader is enough and exposes no value.
 */
async function plannedSecrets(rt, client, vaultName, settings) {
    try {
        return await (0,azure_retry/* withAzureRetry */.Gl)(rt, { doing: `list secrets of vault ${vaultName} for the plan`, attempts: 4 }, async () => {
            const names = [];
            for await (const p of client.listPropertiesOfSecrets()) {
                if (selectionVerdict(settings.selection, p) === 'rotate')
                    names.push(p.name.toLowerCase());
            }
            return names.sort();
        });
    }
    catch (err) {
        throw new errors/* ActionError */.lZ(`Failed to list the secrets of vault ${vaultName} for the plan: ${err.message ?? String(err)}. ` +
            'A plan makes no grant, so the identity needs standing read access to secret metadata on the vault ' +
            '(Key Vault Reader, which exposes no value).', { cause: err });
    }
}
function buildPlan(settings, principal, roles, secrets) {
    return {
        schemaVersion: 1,
        principal: { objectId: principal.objectId.toLowerCase(), type: principal.type },
        grants: plannedGrants(settings, roles),
        secrets,
        generation: {
            length: settings.secretLength,
            alphabet: settings.secretAlphabet,
            expiresInMs: settings.secretExpiresInMs ?? null,
            includeDisabled: settings.selection.includeDisabled,
        },
    };
}
/** The approval table: every pair that will be executed, and every secret, escaped. */
function renderApprovalTable(plan, principalName) {
    const principal = principalName
        ? `${principalName} (${plan.principal.objectId})`
        : plan.principal.objectId;
    const grants = (0,markdown/* renderTable */.bo)(['Role', 'Role ID', 'Resource', 'Resource type', 'Resource group', 'Principal'], plan.grants.map((g) => [
        g.roleName,
        g.roleId,
        g.resourceName,
        g.resourceType,
        g.resourceGroup,
        principal,
    ]));
    const secretRows = Object.entries(plan.secrets).flatMap(([vault, names]) => names.map((n) => [vault, n]));
    const secrets = (0,markdown/* renderTable */.bo)(['Vault', 'Secret to rotate'], secretRows);
    return `#### Access to approve\n\n${grants}\n#### Secrets to rotate (${secretRows.length})\n\n${secrets}`;
}
/** What differs between the approved plan and the one computed now, in words. */
function describePlanDifference(approved, current) {
    const differences = [];
    const grantKey = (g) => `${g.roleName} (${g.roleId}) on ${g.resourceName}`;
    const approvedGrants = new Set(approved.grants.map(grantKey));
    const currentGrants = new Set(current.grants.map(grantKey));
    for (const g of currentGrants)
        if (!approvedGrants.has(g))
            differences.push(`grant added: ${g}`);
    for (const g of approvedGrants)
        if (!currentGrants.has(g))
            differences.push(`grant removed: ${g}`);
    if (approved.principal.objectId !== current.principal.objectId)
        differences.push(`principal changed: ${approved.principal.objectId} -> ${current.principal.objectId}`);
    for (const vault of new Set([
        ...Object.keys(approved.secrets),
        ...Object.keys(current.secrets),
    ])) {
        const before = new Set(approved.secrets[vault] ?? []);
        const now = new Set(current.secrets[vault] ?? []);
        for (const n of now)
            if (!before.has(n))
                differences.push(`secret added: ${vault}/${n}`);
        for (const n of before)
            if (!now.has(n))
                differences.push(`secret removed: ${vault}/${n}`);
    }
    if (canonicalJson(approved.generation) !== canonicalJson(current.generation))
        differences.push('secret generation settings changed');
    const approvedScopes = new Set(approved.grants.map((g) => g.scope));
    for (const g of current.grants) {
        if (!approvedScopes.has(g.scope) && approvedGrants.has(grantKey(g)))
            differences.push(`grant scope changed: ${grantKey(g)} is now at ${g.scope}`);
    }
    if (approved.principal.type !== current.principal.type) {
        differences.push(`principal type changed: ${approved.principal.type} -> ${current.principal.type}`);
    }
    // Anything the list above does not itemise still counts: the hashes differ.
    if (differences.length === 0 && planHash(approved) !== planHash(current)) {
        differences.push('the plans differ in a detail not itemised here; compare the plan outputs');
    }
    return differences;
}

// EXTERNAL MODULE: ./src/session.ts + 2 modules
var src_session = __webpack_require__(6839);
;// CONCATENATED MODULE: ./src/plan-command.ts
/**
 * `command: plan`: changes nothing in Azure. Resolves the roles, vaults and
 * principal, lists the secrets that would be rotated, and publishes the plan,
 * its hash and the approval table (step summary, outputs, pull request).
 */




/** Builds the plan as `rotate` would see it now: used by both commands. */
async function computePlan(ctx, settings, session) {
    const secrets = {};
    for (const g of settings.grants) {
        const vault = g.vault.name.toLowerCase();
        secrets[vault] ??= await plannedSecrets(ctx.rt, session.secretClient(g.vault.name), g.vault.name, settings);
    }
    return buildPlan(settings, { objectId: session.principalId, type: settings.principalType }, session.roles, secrets);
}
async function runPlan(ctx, settings) {
    try {
        const session = await (0,src_session/* openSession */.f)(ctx.io, ctx.rt, settings);
        const plan = await computePlan(ctx, settings, session);
        const hash = planHash(plan);
        const table = renderApprovalTable(plan);
        ctx.io.setOutput(names/* Outputs */.tY.Plan, canonicalJson(plan));
        ctx.io.setOutput(names/* Outputs */.tY.PlanHash, hash);
        ctx.io.setOutput(names/* Outputs */.tY.ApprovalTable, table);
        const body = `### Just-in-time access plan\n\nPlan hash: \`${hash}\`\n\n${table}`;
        await ctx.io.appendSummary(body);
        if (settings.githubToken) {
            const { upsertPlanComment } = await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(248)]).then(__webpack_require__.bind(__webpack_require__, 9248));
            await upsertPlanComment(settings.githubToken, body, ctx.rt.log, Object.keys(plan.secrets).sort().join(','));
        }
        ctx.rt.log.info(`Plan ${hash}: ${plan.grants.length} grant(s), ${Object.values(plan.secrets).flat().length} secret(s) to rotate.`);
    }
    catch (err) {
        ctx.io.setFailed(`Plan failed: ${(0,errors.describeError)(err)}`);
    }
}

// EXTERNAL MODULE: ./src/context.ts
var context = __webpack_require__(788);
;// CONCATENATED MODULE: ./src/sweep.ts






/** The `deadline=<ISO time>` the action writes into its descriptions. */
function recordedDeadline(description) {
    const match = /\bdeadline=(\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(description ?? '');
    const date = match?.[1] ? new Date(match[1]) : undefined;
    return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
async function runSweep(ctx, s) {
    try {
        const { arm: client } = await (0,src_session/* connect */.N)(ctx.io, s);
        const entries = [];
        const scopes = [...new Set(s.grants.map((g) => g.vault.id))];
        for (const scope of scopes)
            entries.push(...(await sweepScope(ctx, client, scope)));
        await report(ctx, entries);
    }
    catch (err) {
        ctx.io.setFailed(`Sweep failed: ${(0,errors.describeError)(err)}`);
    }
}
async function sweepScope(ctx, client, scope) {
    const entries = [];
    const now = ctx.rt.now();
    for await (const a of client.roleAssignments.listForScope(scope)) {
        if (!a.id || !a.description?.includes(names/* DESCRIPTION_MARKER */.eE))
            continue;
        if (!a.scope?.toLowerCase().startsWith(scope.toLowerCase()))
            continue;
        const deadline = recordedDeadline(a.description);
        const base = {
            id: a.id,
            scope: a.scope,
            principalId: a.principalId ?? '',
            deadline: deadline?.toISOString(),
        };
        if (!deadline)
            entries.push({ ...base, action: 'kept: no deadline recorded' });
        else if (deadline.getTime() > now)
            entries.push({ ...base, action: 'kept: deadline not reached' });
        else
            entries.push(await remove(ctx, client, a, base));
    }
    return entries;
}
async function remove(ctx, client, a, base) {
    const record = {
        mode: 'rbac',
        id: a.id,
        name: a.name ?? '',
        scope: a.scope ?? '',
        vaultName: (a.scope ?? '').split('/').pop() ?? '',
        roleDefinitionId: a.roleDefinitionId ?? '',
        roleName: a.roleDefinitionId?.split('/').pop() ?? '',
        principalId: a.principalId ?? '',
        principalType: a.principalType ?? 'ServicePrincipal',
        owned: true,
        status: 'active',
        requestedAt: a.createdOn?.toISOString() ?? '',
        verifiedGone: false,
    };
    await (0,grants/* revokeGrant */.BX)({ rt: ctx.rt, client, run: (0,context/* runIdentity */.y)(ctx.io.env), persist: () => undefined }, record);
    ctx.rt.log.info(`${record.verifiedGone ? 'Removed and verified gone' : 'Could not remove'}: ${record.id} (deadline ${base.deadline})`);
    return {
        ...base,
        action: record.verifiedGone ? 'removed' : 'remove-failed',
        error: record.error,
    };
}
async function report(ctx, entries) {
    const removed = entries.filter((e) => e.action === 'removed').length;
    const failed = entries.filter((e) => e.action === 'remove-failed');
    ctx.io.setOutput(names/* Outputs */.tY.Assignments, JSON.stringify(entries));
    ctx.io.setOutput(names/* Outputs */.tY.Result, JSON.stringify({ schemaVersion: 1, command: 'sweep', removed, failed: failed.length, entries }));
    const table = (0,markdown/* renderTable */.bo)(['Assignment', 'Principal', 'Deadline', 'Action'], entries.map((e) => [
        e.id,
        e.principalId,
        e.deadline ?? '',
        e.action + (e.error ? `: ${e.error}` : ''),
    ]));
    await ctx.io.appendSummary(`### Sweep of expired just-in-time grants\n\n${removed} removed, ${failed.length} failed, ${entries.length - removed - failed.length} kept.\n\n${table}`);
    if (failed.length)
        ctx.io.setFailed(`Sweep could not remove: ${failed.map((e) => e.id).join(', ')}`);
}

// EXTERNAL MODULE: ./src/inputs.ts + 3 modules
var inputs = __webpack_require__(7515);
// EXTERNAL MODULE: ./src/journal.ts
var journal = __webpack_require__(2588);
// EXTERNAL MODULE: ./src/heap.ts + 2 modules
var heap = __webpack_require__(4349);
;// CONCATENATED MODULE: ./src/pacer.ts
class VaultPacer {
    ratePerSecond;
    now;
    sleeper;
    burst;
    tokens;
    last;
    pausedUntil = 0;
    queue = Promise.resolve();
    constructor(ratePerSecond, now, sleeper, burst = Math.max(1, Math.min(ratePerSecond, 32))) {
        this.ratePerSecond = ratePerSecond;
        this.now = now;
        this.sleeper = sleeper;
        this.burst = burst;
        this.tokens = this.burst;
        this.last = now();
    }
    /** Waits for a turn. Callers are served in the order they asked. */
    take(signal) {
        const turn = this.queue.then(() => this.waitForToken(signal));
        this.queue = turn.catch(() => undefined);
        return turn;
    }
    /** Holds every request until `untilMs` (a server's Retry-After). */
    pauseUntil(untilMs) {
        this.pausedUntil = Math.max(this.pausedUntil, untilMs);
    }
    refill() {
        const now = this.now();
        this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
        this.last = now;
    }
    async waitForToken(signal) {
        for (;;) {
            const pause = this.pausedUntil - this.now();
            if (pause > 0) {
                await this.sleeper.sleep(pause, signal);
                continue;
            }
            this.refill();
            if (this.tokens >= 1) {
                this.tokens -= 1;
                return;
            }
            await this.sleeper.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000), signal);
        }
    }
}

// EXTERNAL MODULE: ./src/report.ts
var src_report = __webpack_require__(665);
;// CONCATENATED MODULE: ./src/rollback.ts
/**
 * `command: rollback`: after a rotation whose consumers failed their smoke
 * test, writes each rotated secret's previous value back as a new version
 * (Key Vault cannot delete one version), keeping the current metadata.
 * A secret changed again since that rotation is left alone.
 */



async function rollbackVault(o) {
    const results = [];
    const vault = o.vaultName.toLowerCase();
    for (const prior of o.records.filter((r) => r.vault.toLowerCase() === vault)) {
        const record = o.signal?.aborted
            ? skipped(o, prior, 'cancelled before it was restored')
            : await restoreOne(o, prior);
        o.journal?.append(record);
        results.push(record);
    }
    return results;
}
function skipped(o, prior, reason) {
    return { vault: o.vaultName, secret: prior.secret, status: 'skipped', reason };
}
async function restoreOne(o, prior) {
    if (prior.status !== 'rotated')
        return skipped(o, prior, `not rotated by that run (${prior.status})`);
    if (!prior.previousVersion || !prior.version)
        return skipped(o, prior, 'the record has no version to restore');
    const name = prior.secret;
    o.journal?.append({ vault: o.vaultName, secret: name, status: 'started' });
    try {
        const current = await call(o, `read secret ${name} in ${o.vaultName}`, () => o.client.getSecret(name));
        if (current.properties.version !== prior.version) {
            return skipped(o, prior, `changed since that rotation (current version ${current.properties.version ?? 'unknown'}): left alone`);
        }
        const previous = await call(o, `read version ${prior.previousVersion} of ${name}`, () => o.client.getSecret(name, { version: prior.previousVersion }));
        const value = previous.value ?? '';
        core/* setSecret */.Pq(value);
        const { contentType, tags, enabled, expiresOn } = current.properties;
        const written = await call(o, `write secret ${name} in ${o.vaultName}`, () => o.client.setSecret(name, value, { contentType, tags, enabled, expiresOn }));
        return {
            vault: o.vaultName,
            secret: name,
            status: 'restored',
            reason: `restored the value of version ${prior.previousVersion}`,
            version: written.properties.version,
            previousVersion: prior.version,
            rotatedAt: new Date(o.rt.now()).toISOString(),
        };
    }
    catch (err) {
        return { vault: o.vaultName, secret: name, status: 'failed', reason: (0,azure_retry/* explainAzureError */.rm)(err) };
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/io.ts
var io = __webpack_require__(5027);
;// CONCATENATED MODULE: ./src/lifecycle.ts


















/**
 * No new write starts this close to the grant's deadline, so the revoke (and
 * its verification) happens while the grant is still this run's to remove:
 * a tenth of the grant's life, at least 10 seconds and at most 5 minutes.
 */
function safetyMargin(grantDurationMs) {
    return Math.min(5 * 60_000, Math.max(10_000, grantDurationMs / 10));
}
async function runMain(ctx) {
    let settings;
    try {
        settings = (0,inputs/* readSettings */.sb)((name) => ctx.io.getInput(name));
    }
    catch (err) {
        // Nothing has touched Azure yet: fail with the input's own message.
        ctx.io.setFailed((0,errors.describeError)(err));
        return;
    }
    // GitHub masks its own tokens, but a token passed another way may not be.
    if (settings.githubToken)
        ctx.io.setSecret(settings.githubToken);
    if (settings.command === 'plan')
        await runPlan(ctx, settings);
    else if (settings.command === 'sweep')
        await runSweep(ctx, settings);
    else
        await new RotationRun(ctx, settings).execute();
}
class RotationRun {
    ctx;
    settings;
    run;
    timings;
    grants = [];
    rotations = [];
    errors = [];
    listed = 0;
    filteredOut = 0;
    session;
    /** Lower-case secret names of the approved plan, when a plan hash was given. */
    approvedNames;
    approvers = [];
    journal;
    propagationSeconds;
    lingerSeconds;
    deadlineMs;
    constructor(ctx, settings) {
        this.ctx = ctx;
        this.settings = settings;
        this.run = (0,context/* runIdentity */.y)(ctx.io.env);
        this.timings = { startedAt: ctx.rt.now() };
        this.deadlineMs = this.timings.startedAt + settings.grantDurationMs;
        const journalPath = (0,external_node_path_.join)((0,io/* tempDir */.y)(ctx.io.env), `rotations-${this.run.runId}-${this.run.runAttempt}.jsonl`);
        this.journal = new journal/* Journal */.CQ(journalPath);
        ctx.io.saveState(names/* State */.Uw.Journal, journalPath);
    }
    async execute() {
        try {
            const roles = await this.prepare();
            if (this.settings.dryRun) {
                await this.rotateAll(true);
            }
            else {
                await this.grantAll(roles);
                await this.rotateAll(false);
            }
        }
        catch (err) {
            this.errors.push((0,errors.describeError)(err));
            if (err instanceof errors/* InputError */.dz)
                this.ctx.rt.log.warning(err.message);
        }
        finally {
            await this.revokeAll();
        }
        await this.report();
    }
    get log() {
        return this.ctx.rt.log;
    }
    /**
     * Reads only: sign in, resolve roles, check the approved plan and who
     * approved. Anything wrong here fails before any grant.
     */
    async prepare() {
        const s = this.settings;
        this.session = await (0,src_session/* openSession */.f)(this.ctx.io, this.ctx.rt, s);
        const roles = this.session.roles;
        this.log.info(`Plan: ${s.grants.map((g, i) => `${roles[i]?.roleName} on ${g.vault.name}`).join('; ')} for principal ${this.session.principalId}.`);
        if (s.expectedPlanHash)
            await this.checkApprovedPlan(s.expectedPlanHash);
        if (s.githubToken)
            await this.recordApprovers(s.githubToken);
        return roles;
    }
    /** The plan computed now must be the one a human approved, or nothing is granted. */
    async checkApprovedPlan(expectedHash) {
        const plan = await computePlan(this.ctx, this.settings, this.session);
        const hash = planHash(plan);
        if (hash !== expectedHash) {
            const differences = this.describeDifferences(plan);
            throw new errors/* ActionError */.lZ(`Refusing to elevate: the plan computed now (${hash}) differs from the approved plan (${expectedHash}). ${differences} Run the plan job again and have it approved.`);
        }
        this.approvedNames = new Set(Object.entries(plan.secrets).flatMap(([, names]) => names));
        this.log.info(`The plan matches the approved plan ${hash}.`);
    }
    describeDifferences(current) {
        const approvedText = this.settings.expectedPlan;
        if (!approvedText)
            return `Pass the plan job's plan output as ${names/* Inputs */.G0.ExpectedPlan} to see what differs.`;
        try {
            const approved = JSON.parse(approvedText);
            if (planHash(approved) !== this.settings.expectedPlanHash)
                return `(${names/* Inputs */.G0.ExpectedPlan} does not match ${names/* Inputs */.G0.ExpectedPlanHash} either.)`;
            return `What differs: ${describePlanDifference(approved, current).join('; ')}.`;
        }
        catch {
            return `(${names/* Inputs */.G0.ExpectedPlan} is not valid JSON.)`;
        }
    }
    async recordApprovers(token) {
        // Octokit loads only when a token asks for it.
        const { readApprovals } = await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(248)]).then(__webpack_require__.bind(__webpack_require__, 9248));
        const approvals = await readApprovals(token, this.log);
        this.approvers = approvals.filter((a) => a.state === 'approved').map((a) => a.login);
        if (this.approvers.length)
            this.log.info(`Approved by: ${this.approvers.join(', ')}.`);
    }
    grantContext() {
        return {
            rt: this.ctx.rt,
            client: this.session.arm,
            run: this.run,
            persist: () => this.persist(),
        };
    }
    persist() {
        this.ctx.io.saveState(names/* State */.Uw.Grants, JSON.stringify(this.grants));
    }
    async grantAll(roles) {
        const s = this.settings;
        const deadline = new Date(this.deadlineMs);
        await this.log.group('Grant temporary access', async () => {
            for (const [i, g] of s.grants.entries()) {
                if (this.ctx.signal.aborted)
                    throw new Error('Cancelled before every grant was made');
                const request = {
                    role: roles[i],
                    vault: g.vault,
                    principalId: this.session.principalId,
                    principalType: s.principalType,
                    justification: s.justification,
                    approvers: this.approvers,
                    deadline,
                    deadlineMs: this.ctx.rt.now() + s.propagationTimeoutMs,
                    mode: s.assignmentMode,
                };
                const record = (0,grants/* newGrantRecord */.wl)(this.run, request, new Date(this.ctx.rt.now()));
                this.grants.push(record);
                await (0,grants/* createGrant */.rn)(this.grantContext(), request, record);
                this.log.info(`${record.status === 'pre-existing' ? 'Found existing' : 'Granted'} ${record.roleName} on ${record.vaultName}: ${record.id}`);
            }
        });
        this.timings.grantedAt = this.ctx.rt.now();
    }
    /** Every vault in the plan, once, in the order given. */
    vaults() {
        const seen = new Map();
        for (const g of this.settings.grants)
            seen.set(g.vault.id.toLowerCase(), g.vault);
        return [...seen.values()];
    }
    secretClient(vaultName) {
        return this.session.secretClient(vaultName);
    }
    async rotateAll(dryRun) {
        for (const vault of this.vaults()) {
            if (this.ctx.signal.aborted)
                break;
            const client = this.secretClient(vault.name);
            if (!dryRun)
                await this.log.group(`Wait for access to ${vault.name}`, () => this.awaitAccess(client, vault.name));
            this.timings.rotationStartedAt ??= this.ctx.rt.now();
            await this.log.group(`${dryRun ? 'List' : 'Rotate'} secrets in ${vault.name}`, () => this.rotateOneVault(client, vault.name, dryRun));
            this.timings.rotationFinishedAt = this.ctx.rt.now();
        }
    }
    async awaitAccess(client, vaultName) {
        const grantedAt = this.timings.grantedAt ?? this.ctx.rt.now();
        const waited = await waitForAccess(this.ctx.rt, client, vaultName, grantedAt, grantedAt + this.settings.propagationTimeoutMs, this.ctx.signal);
        this.timings.accessAt = this.ctx.rt.now();
        this.propagationSeconds = Math.max(this.propagationSeconds ?? 0, waited.seconds);
        for (const g of this.grants)
            if (g.vaultName === vaultName)
                g.propagationSeconds = waited.seconds;
        this.persist();
        this.log.info(`Access to ${vaultName} works after ${waited.seconds.toFixed(1)} s (${waited.probes} probes).`);
    }
    async rotateOneVault(client, vaultName, dryRun) {
        const s = this.settings;
        if (s.command === 'rollback')
            return this.rollbackOneVault(client, vaultName);
        const progress = new Progress(this.ctx.rt, vaultName);
        const result = await rotateVault({
            rt: this.ctx.rt,
            client,
            vaultName,
            pacer: new VaultPacer(s.vaultRequestRate, this.ctx.rt.now, this.ctx.rt.sleeper),
            selection: s.selection,
            secretLength: s.secretLength,
            secretAlphabet: s.secretAlphabet,
            secretExpiresInMs: s.secretExpiresInMs,
            maxConcurrency: s.maxConcurrency,
            propagationDeadlineMs: (this.timings.grantedAt ?? this.ctx.rt.now()) + s.propagationTimeoutMs,
            writeDeadlineMs: this.deadlineMs - safetyMargin(s.grantDurationMs),
            journal: this.journal,
            signal: this.ctx.signal,
            dryRun,
            approvedNames: this.approvedNames,
            alreadyRotated: alreadyRotated(s, vaultName),
            onRecord: (r) => progress.tick(r),
            onListed: (selected, complete) => progress.listed(selected, complete),
        });
        progress.done();
        this.rotations.push(...result.records);
        this.listed += result.listed;
        this.filteredOut += result.filteredOut;
        if (result.listError)
            this.errors.push(`Listing the secrets of ${vaultName} failed part-way: ${result.listError}`);
        const late = result.records.filter((r) => r.reason?.startsWith('not started')).length;
        if (late) {
            this.errors.push(`${late} secret(s) in ${vaultName} were not started because the grant's deadline (${new Date(this.deadlineMs).toISOString()}) was near; run again with resume-from set to this run's rotations output`);
        }
    }
    async rollbackOneVault(client, vaultName) {
        const s = this.settings;
        const records = await rollbackVault({
            rt: this.ctx.rt,
            client,
            vaultName,
            pacer: new VaultPacer(s.vaultRequestRate, this.ctx.rt.now, this.ctx.rt.sleeper),
            propagationDeadlineMs: (this.timings.grantedAt ?? this.ctx.rt.now()) + s.propagationTimeoutMs,
            records: s.rollbackFrom ?? [],
            journal: this.journal,
            signal: this.ctx.signal,
        });
        this.rotations.push(...records);
        this.listed += records.length;
    }
    async revokeAll() {
        const owned = this.grants.filter((g) => g.owned);
        if (owned.length === 0 || !this.session)
            return;
        this.timings.revokeStartedAt = this.ctx.rt.now();
        await this.log.group('Revoke and verify', async () => {
            for (const g of owned) {
                await (0,grants/* revokeGrant */.BX)(this.grantContext(), g);
                if (g.verifiedGone)
                    this.log.info(`Removed and verified gone: ${g.id}`);
                else
                    this.errors.push(`Could not verify that ${g.id} was removed: ${g.error ?? g.status}`);
            }
        });
        this.timings.revokedAt = this.ctx.rt.now();
        if (owned.every((g) => g.verifiedGone))
            this.ctx.io.saveState(names/* State */.Uw.Revoked, 'true');
        await this.measureLingering();
    }
    /** Only meaningful where this run's grant was the identity's only way in. */
    async measureLingering() {
        const self = this.session?.identity.objectId;
        const revokedAt = this.timings.revokedAt;
        for (const vault of this.vaults()) {
            const grants = this.grants.filter((g) => g.vaultName === vault.name);
            if (!grants.length ||
                grants.some((g) => !g.owned || !g.verifiedGone || g.principalId !== self))
                continue;
            const seconds = await measureLinger(this.ctx.rt, this.secretClient(vault.name), vault.name, revokedAt, this.settings.lingerTimeoutMs);
            for (const g of grants)
                g.lingerSeconds = seconds;
            if (seconds !== undefined)
                this.lingerSeconds = Math.max(this.lingerSeconds ?? 0, seconds);
            else
                this.log.warning(`Access to ${vault.name} still worked ${Math.round(this.settings.lingerTimeoutMs / 1000)} s after the revoke; Azure will end it as the removal propagates.`);
        }
        this.timings.accessEndedAt =
            this.lingerSeconds === undefined ? undefined : revokedAt + this.lingerSeconds * 1000;
    }
    async report() {
        this.timings.finishedAt = this.ctx.rt.now();
        const counts = {
            listed: this.listed,
            filteredOut: this.filteredOut,
            ...(0,src_report/* countRotations */.tP)(this.rotations),
        };
        const failed = this.errors.length > 0 ||
            counts.failed > 0 ||
            this.grants.some((g) => g.owned && !g.verifiedGone);
        const result = {
            schemaVersion: 1,
            command: this.settings.command === 'rollback' ? 'rollback' : 'rotate',
            outcome: this.ctx.signal.aborted ? 'cancelled' : failed ? 'failed' : 'succeeded',
            dryRun: this.settings.dryRun,
            ...this.run,
            actor: this.ctx.io.env.GITHUB_ACTOR ?? '',
            principalId: this.session?.principalId,
            approvers: this.approvers,
            planHash: this.settings.expectedPlanHash,
            grants: this.grants,
            rotations: this.rotations,
            counts,
            timings: (0,src_report/* timingsJson */._z)(this.timings),
            propagationSeconds: this.propagationSeconds,
            lingerSeconds: this.lingerSeconds,
            errors: this.errors,
        };
        await writeReport(this.ctx.io, result, this.timings, (m) => this.log.warning(m));
        if (result.outcome !== 'succeeded')
            this.ctx.io.setFailed(failureMessage(result));
    }
}
/** Lower-case names that `resume-from` says were rotated in this vault already. */
function alreadyRotated(s, vaultName) {
    if (!s.resumeFrom)
        return undefined;
    const vault = vaultName.toLowerCase();
    return new Set(s.resumeFrom
        .filter((r) => r.status === 'rotated' && r.vault.toLowerCase() === vault)
        .map((r) => r.secret.toLowerCase()));
}
function failureMessage(r) {
    const parts = [...r.errors];
    if (r.counts.failed)
        parts.push(`${r.counts.failed} secret(s) failed to rotate`);
    if (r.outcome === 'cancelled')
        parts.push('the run was cancelled');
    return `Rotation ${r.outcome}: ${parts.join('; ')}`;
}
/**
 * GitHub caps a step output at 1 MB. Past this, the outputs keep only what
 * needs attention (failed and skipped secrets) and point at the audit file,
 * which always has every record.
 */
const MAX_OUTPUT_CHARS = 900_000;
function boundedRotations(result, auditPath, warn) {
    const full = JSON.stringify(result.rotations);
    if (full.length <= MAX_OUTPUT_CHARS)
        return { rotations: full, result: JSON.stringify(result) };
    const attention = result.rotations.filter((r) => r.status === 'failed' || r.status === 'skipped');
    warn(`The rotations output would exceed GitHub's 1 MB output limit: it lists only the ${attention.length} failed or skipped secret(s); every record is in ${auditPath}.`);
    return {
        rotations: JSON.stringify(attention),
        result: JSON.stringify({
            ...result,
            rotations: attention,
            rotationsTruncated: true,
            auditFile: auditPath,
        }),
    };
}
/** Outputs, audit file and step summary; each written even if another fails. */
async function writeReport(io, result, timings, warn = () => undefined) {
    const audit = io.writeTempFile(`audit-${result.runId}-${result.runAttempt}.json`, JSON.stringify(result, null, 2));
    const bounded = boundedRotations(result, audit, warn);
    io.setOutput(names/* Outputs */.tY.Rotations, bounded.rotations);
    io.setOutput(names/* Outputs */.tY.Assignments, JSON.stringify(result.grants));
    io.setOutput(names/* Outputs */.tY.Result, bounded.result);
    io.setOutput(names/* Outputs */.tY.AuditFile, audit);
    try {
        await io.appendSummary((0,src_report/* renderSummary */.Br)(result, timings));
    }
    catch (err) {
        io.setFailed(`Failed to write the step summary: ${(0,errors.describeError)(err)}`);
    }
}
/** Secrets between full collections (see heap.ts): about 2.5 s of work at full pace. */
const COLLECT_EVERY = 500;
/** Progress on long work: rotated so far, rate and time left, every 10 seconds. */
class Progress {
    rt;
    vaultName;
    handled = 0;
    selected = 0;
    listingComplete = false;
    started;
    lastLog;
    constructor(rt, vaultName) {
        this.rt = rt;
        this.vaultName = vaultName;
        this.started = rt.now();
        this.lastLog = this.started;
    }
    listed(selected, complete) {
        this.selected = selected;
        this.listingComplete = complete;
    }
    tick(_record) {
        this.handled++;
        if (this.handled % COLLECT_EVERY === 0)
            (0,heap/* collectGarbage */.i)();
        const now = this.rt.now();
        if (now - this.lastLog < 10_000)
            return;
        this.lastLog = now;
        const rate = this.handled / Math.max(0.001, (now - this.started) / 1000);
        this.rt.log.info(`${this.vaultName}: ${this.handled} of ${this.selected} selected secrets handled${this.remaining(rate)}, ${rate.toFixed(0)}/s`);
    }
    /** Time left once the total is known; while listing, only that it goes on. */
    remaining(rate) {
        if (!this.listingComplete)
            return ' (still listing)';
        const seconds = (this.selected - this.handled) / Math.max(rate, 0.001);
        return `, about ${Math.ceil(seconds)} s left`;
    }
    done() {
        const seconds = (this.rt.now() - this.started) / 1000;
        this.rt.log.info(`${this.vaultName}: ${this.handled} secrets handled in ${seconds.toFixed(1)} s`);
    }
}

// EXTERNAL MODULE: ./src/runtime.ts
var runtime = __webpack_require__(3683);
;// CONCATENATED MODULE: ./src/main.ts



/** The main step: wires the real runner, clock and cancellation to the lifecycle. */
async function main() {
    const cancel = new AbortController();
    const onSignal = (signal) => {
        runtime/* realRuntime */.D.log.warning(`Received ${signal}: no new secret writes will start; revoking now.`);
        cancel.abort(new Error(`Cancelled by ${signal}`));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    await runMain({ io: io/* coreIO */.I, rt: runtime/* realRuntime */.D, signal: cancel.signal });
}


/***/ })

};
