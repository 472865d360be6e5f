/**
 * The `scheduleInfo` of a PIM request (REST API spec 2020-10-01):
 * `startDateTime` and `expiration` of type AfterDuration (an ISO 8601
 * duration), AfterDateTime (`endDateTime`) or NoExpiration.
 */
import { azureError, type EmulatorResponse } from './http.js';

export interface ScheduleInfo {
  startDateTime?: string | null;
  expiration?: {
    type?: 'AfterDuration' | 'AfterDateTime' | 'NoExpiration' | string;
    endDateTime?: string | null;
    duration?: string | null;
  };
}

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const UNIT_MS = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000];

/**
 * Milliseconds of an ISO 8601 duration in weeks, days, hours, minutes and
 * seconds (`PT5M30S`, `PT1H`, `P1D`); undefined when it is not one. Years and
 * months have no fixed length, so they are refused.
 */
export function isoDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match || /^PT?$/i.test(text.trim()) || /T$/i.test(text.trim())) return undefined;
  return match
    .slice(1)
    .reduce((total, part, i) => total + (part ? Number(part) * (UNIT_MS[i] ?? 0) : 0), 0);
}

/** PIM's refusal of a schedule its policy does not allow. */
function expirationRuleFailed(detail: string): { response: EmulatorResponse } {
  return {
    response: azureError(
      400,
      'RoleAssignmentRequestPolicyValidationFailed',
      `The following policy rules failed: ["ExpirationRule"]. ${detail}`,
    ),
  };
}

export function parseSchedule(
  info: ScheduleInfo | undefined,
  now: number,
): { startsAt: number; endsAt?: number } | { response: EmulatorResponse } {
  const startsAt = info?.startDateTime ? Date.parse(info.startDateTime) : now;
  if (Number.isNaN(startsAt)) return expirationRuleFailed('startDateTime is not a date.');
  const expiration = info?.expiration;
  switch (expiration?.type ?? 'NoExpiration') {
    case 'NoExpiration':
      return { startsAt };
    case 'AfterDuration': {
      const ms = isoDurationMs(expiration?.duration ?? '');
      if (!ms) return expirationRuleFailed(`'${String(expiration?.duration)}' is not a duration.`);
      return { startsAt, endsAt: startsAt + ms };
    }
    case 'AfterDateTime': {
      const endsAt = Date.parse(expiration?.endDateTime ?? '');
      if (Number.isNaN(endsAt) || endsAt <= Math.max(startsAt, now)) {
        return expirationRuleFailed('endDateTime must be a date after the start.');
      }
      return { startsAt, endsAt };
    }
    default:
      return expirationRuleFailed(`Unknown expiration type '${String(expiration?.type)}'.`);
  }
}
