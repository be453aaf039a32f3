import { formatRut } from '@smarteros/kernel';
import Table from 'cli-table3';
import { t } from './i18n.ts';

/** Chile's time zone: every date the CLI shows is Santiago time in the es-CL format. */
export const TIME_ZONE = 'America/Santiago';

const dateTime = new Intl.DateTimeFormat('es-CL', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const clp = new Intl.NumberFormat('es-CL', { style: 'currency', currency: 'CLP', maximumFractionDigits: 0, minimumFractionDigits: 0 });

/** `02-03-2026, 09:00` (Santiago time); empty for null. */
export function formatDate(value: string | Date | null | undefined): string {
  if (value == null) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return dateTime.format(date);
}

/** Chilean pesos have no decimals: `$12.345`. */
export function formatClp(amount: number): string {
  return clp.format(Math.round(amount));
}

/** `12.345.678-5`; the input as given when it is not a valid RUT (never throws while printing). */
export function displayRut(rut: string): string {
  try {
    return formatRut(rut);
  } catch {
    return rut;
  }
}

/** A duration for people: `13 d 23 h`, `23 h 59 min`, `5 min`, `< 1 min`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return `${minutes} min`;
  return '< 1 min';
}

/** `quedan 23 h 59 min` / `23 h 59 min left`, or `vencida` / `expired`. */
export function timeLeft(seconds: number | null | undefined): string {
  if (seconds == null) return '';
  return seconds > 0 ? t('time.left', formatDuration(seconds)) : t('time.expired');
}

/** A plain table (no colours, so it reads the same in a terminal, a pipe or a log). */
export function renderTable(head: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const row of rows) table.push(row.map((c) => (c == null ? '' : String(c))));
  return table.toString();
}

/** Label: value lines with the labels padded to one width. */
export function renderFields(fields: Array<[label: string, value: string | null | undefined]>): string {
  const width = Math.max(...fields.map(([l]) => l.length));
  return fields.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value ?? ''}`).join('\n');
}

export const yesNo = (v: boolean): string => (v ? t('yes') : t('no'));

/** stdout for results, stderr for progress and problems; with --json only the API's JSON goes to stdout. */
export interface Output {
  readonly json: boolean;
  /** A human line on stdout (skipped with --json). */
  line(text?: string): void;
  /** The API's JSON on stdout (only with --json). */
  data(value: unknown): void;
  /** A note on stderr (also with --json, since stdout is the JSON). */
  note(text: string): void;
}

export function createOutput(json: boolean, stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Output {
  return {
    json,
    line(text = '') {
      if (!json) stdout.write(`${text}\n`);
    },
    data(value) {
      if (json) stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    note(text) {
      stderr.write(`${text}\n`);
    },
  };
}

