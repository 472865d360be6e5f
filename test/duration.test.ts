import { describe, expect, it } from 'vitest';
import { parseDuration, toIsoDuration } from '../src/duration.js';
import { InputError } from '../src/errors.js';

describe('parseDuration', () => {
  const cases = [
    { name: 'plain seconds', text: '600', want: 600_000 },
    { name: 'decimal seconds', text: '1.5', want: 1500 },
    { name: 'zero', text: '0', want: 0 },
    { name: 'padded', text: '  30s \n', want: 30_000 },
    { name: 'seconds suffix', text: '30s', want: 30_000 },
    { name: 'minutes suffix', text: '10m', want: 600_000 },
    { name: 'hours suffix', text: '1h', want: 3_600_000 },
    { name: 'days suffix', text: '1d', want: 86_400_000 },
    { name: 'milliseconds suffix', text: '500ms', want: 500 },
    { name: 'combined', text: '1h30m', want: 5_400_000 },
    { name: 'combined with ms', text: '1m5s250ms', want: 65_250 },
    { name: 'decimal with unit', text: '1.5h', want: 5_400_000 },
    { name: 'upper-case units', text: '2H', want: 7_200_000 },
    { name: 'iso minutes', text: 'PT30M', want: 1_800_000 },
    { name: 'iso hours and minutes', text: 'PT1H30M', want: 5_400_000 },
    { name: 'iso seconds', text: 'PT45S', want: 45_000 },
    { name: 'iso day', text: 'P1D', want: 86_400_000 },
    { name: 'iso day and time', text: 'P1DT2H', want: 93_600_000 },
    { name: 'iso fractional seconds', text: 'PT0.5S', want: 500 },
    { name: 'iso lower case', text: 'pt2m', want: 120_000 },
    { name: 'iso zero', text: 'PT0S', want: 0 },
  ];

  it.each(cases)('$name: $text', ({ text, want }) => {
    expect(parseDuration(text, 'max-duration')).toBe(want);
  });

  const errorCases = [
    { name: 'empty', text: '' },
    { name: 'blank', text: '   ' },
    { name: 'negative', text: '-5' },
    { name: 'negative with unit', text: '-5m' },
    { name: 'NaN', text: 'NaN' },
    { name: 'words', text: 'ten minutes' },
    { name: 'unknown unit', text: '5w' },
    { name: 'unit without number', text: 'm' },
    { name: 'space between parts', text: '1h 30m' },
    { name: 'exponent', text: '1e3' },
    { name: 'trailing dot', text: '5.' },
    { name: 'iso without amount', text: 'P' },
    { name: 'iso time without amount', text: 'PT' },
    { name: 'iso dangling T', text: 'P1DT' },
    { name: 'iso months are ambiguous', text: 'P1M' },
    { name: 'iso years', text: 'P1Y' },
    { name: 'iso wrong order', text: 'PT30M1H' },
    { name: 'too large', text: '9'.repeat(400) },
  ];

  it.each(errorCases)('rejects $name', ({ text }) => {
    const run = () => parseDuration(text, 'max-duration');

    expect(run).toThrow(InputError);
    expect(run).toThrow(`Input 'max-duration': could not read '${text}' as a duration`);
    expect(run).toThrow('ISO 8601 duration (PT45S, PT30M, PT1H30M, P1D)');
  });

  it.each(['P1M', 'P1Y', 'P2W', 'P1Y2M'])('explains why %s is refused', (text) => {
    expect(() => parseDuration(text, 'max-duration')).toThrow(
      'Years, months and weeks are not accepted',
    );
  });
});

describe('toIsoDuration', () => {
  const cases = [
    { name: 'zero', ms: 0, want: 'PT0S' },
    { name: 'rounds up a fraction', ms: 1, want: 'PT1S' },
    { name: 'seconds', ms: 45_000, want: 'PT45S' },
    { name: 'minutes', ms: 1_800_000, want: 'PT30M' },
    { name: 'hours and minutes', ms: 5_400_000, want: 'PT1H30M' },
    { name: 'hours, minutes and seconds', ms: 3_661_000, want: 'PT1H1M1S' },
    { name: 'rounds up to the next minute', ms: 59_001, want: 'PT1M' },
    { name: 'a day stays in hours', ms: 86_400_000, want: 'PT24H' },
    { name: 'hours and seconds', ms: 3_600_500, want: 'PT1H1S' },
  ];

  it.each(cases)('$name', ({ ms, want }) => {
    expect(toIsoDuration(ms)).toBe(want);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s', (ms) => {
    expect(() => toIsoDuration(ms)).toThrow(RangeError);
  });

  it.each(['PT30M', 'PT1H30M', 'PT45S', 'PT2H0M5S'])('round-trips %s', (text) => {
    expect(parseDuration(toIsoDuration(parseDuration(text, 'x')), 'x')).toBe(
      parseDuration(text, 'x'),
    );
  });
});
