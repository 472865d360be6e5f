/**
 * Grants through Privileged Identity Management: an `AdminAssign` schedule
 * request with an `AfterDuration` expiry, so Azure ends the access on its own
 * even if nothing runs the revoke (a killed runner). Revoke is `AdminRemove`.
 * Shapes per the roleAssignmentScheduleRequests REST API (2020-10-01).
 */
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import { toIsoDuration } from './duration.js';
import { hasCode, inspectAzureError } from './azure-errors.js';
import { ActionError } from './errors.js';
import { uuidV5 } from './uuid.js';

export interface PimRequest {
  scope: string;
  /** Name of the assignment this run would have made; request names derive from it. */
  baseName: string;
  roleDefinitionId: string;
  principalId: string;
  justification: string;
  startMs: number;
  durationMs: number;
}

export async function pimAssign(
  client: AuthorizationManagementClient,
  r: PimRequest,
): Promise<void> {
  try {
    // Request names are single-use in PIM, so a re-run of the same run needs a new one.
    await client.roleAssignmentScheduleRequests.create(
      r.scope,
      uuidV5(`${r.baseName}:assign:${r.startMs}`),
      {
        roleDefinitionId: r.roleDefinitionId,
        principalId: r.principalId,
        requestType: 'AdminAssign',
        justification: r.justification.slice(0, 500),
        scheduleInfo: {
          startDateTime: new Date(r.startMs),
          expiration: { type: 'AfterDuration', duration: toIsoDuration(r.durationMs) },
        },
      },
    );
  } catch (err) {
    if (hasCode(inspectAzureError(err), 'AadPremiumLicenseRequired')) {
      throw new ActionError(
        'Failed to request a PIM assignment: the tenant has no Microsoft Entra ID P2 or Governance licence, ' +
          "so PIM for Azure resources is not available. Use 'assignment-mode: rbac' (the post step and " +
          "'command: sweep' then remove the grant).",
        { cause: err },
      );
    }
    throw err;
  }
}

/** Ends the PIM assignment now. One that no longer exists is already what we want. */
export async function pimRemove(
  client: AuthorizationManagementClient,
  r: Omit<PimRequest, 'durationMs' | 'startMs' | 'justification'>,
  attempt: string,
): Promise<void> {
  try {
    await client.roleAssignmentScheduleRequests.create(
      r.scope,
      uuidV5(`${r.baseName}:remove:${attempt}`),
      {
        roleDefinitionId: r.roleDefinitionId,
        principalId: r.principalId,
        requestType: 'AdminRemove',
        justification: 'jit-rbac-action: access no longer needed',
      },
    );
  } catch (err) {
    if (hasCode(inspectAzureError(err), 'RoleAssignmentDoesNotExist')) return;
    throw err;
  }
}
