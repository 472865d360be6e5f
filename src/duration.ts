/**
 * Durations as users write them in inputs, and as ISO 8601 text for Azure.
 */
import { InputError } from './errors.js';

const MS_PER_UNIT: Record<string, number> = {
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};

const NUMBER = String.raw`\d+(?:\.\d+)?`;
const PLAIN_SECONDS = new RegExp(`^${NUMBER}$`);
const WITH_UNITS = new RegExp(`^(?:${NUMBER}(?:ms|d|h|m|s))+$`, 'i');
const UNIT_PART = new RegExp(`(${NUMBER})(ms|d|h|m|s)`, 'gi');
const ISO_8601 = new RegExp(
  `^P(?:(${NUMBER})D)?(?:T(?:(${NUMBER})H)?(?:(${NUMBER})M)?(?:(${NUMBER})S)?)?$`,
  'i',
);

const ACCEPTED_FORMS =
  'use seconds (600 or 1.5), a number with units (500ms, 30s, 10m, 1h, 1h30m, 1d) ' +
  'or an ISO 8601 duration (PT45S, PT30M, PT1H30M, P1D).';

/**
 * Reads a duration input and returns milliseconds (rounded to whole ms).
 * Zero is allowed; negative, empty or unreadable text throws an InputError
 * naming `inputName` and the accepted forms.
 */
export function parseDuration(text: string, inputName: string): number {
  const trimmed = text.trim();
  const ms = parseMs(trimmed);
  if (ms === undefined || !Number.isSafeInteger(ms)) {
    // Years, months and weeks before the T are valid ISO 8601, but a month
    // has no fixed length, so they are refused with a reason.
    const hint = /^P[^T]*[YMW]/i.test(trimmed) ? ' Years, months and weeks are not accepted;' : '';
    throw new InputError(
      inputName,
      `could not read '${text}' as a duration;${hint} ${ACCEPTED_FORMS}`,
    );
  }
  return ms;
}

function parseMs(text: string): number | undefined {
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
  const parts: Array<[string | undefined, string]> = [
    [days, 'd'],
    [hours, 'h'],
    [minutes, 'm'],
    [seconds, 's'],
  ];
  return Math.round(parts.reduce((sum, [value, unit]) => sum + toMs(value ?? '0', unit), 0));
}

function sumUnits(text: string): number {
  let total = 0;
  for (const match of text.matchAll(UNIT_PART)) {
    total += toMs(match[1] as string, (match[2] as string).toLowerCase());
  }
  return Math.round(total);
}

function toMs(amount: string, unit: string): number {
  return Number(amount) * (MS_PER_UNIT[unit] as number);
}

/**
 * Formats milliseconds as an ISO 8601 duration in hours, minutes and seconds
 * (1800000 -> PT30M, 5400000 -> PT1H30M), rounding up to whole seconds.
 * Days are not used, as a "day" can be read as a calendar day.
 */
export function toIsoDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(
      `Failed to format duration: ${ms} ms is not a finite, non-negative number`,
    );
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
