/**
 * When an audience's next scheduled export starts, from its schedule alone. Schedules
 * are UTC: `startDate`/`endDate` are days (the end day included), `startTime` is `HH:MM`.
 * Pure.
 */
import type { Millis, Schedule } from '@/lib/model';
import { DAY, HOUR, utcDayStart } from './utc';

const PERIOD: Record<string, Millis> = {
  DAILY: DAY,
  EVERY_3_HOURS: 3 * HOUR,
  EVERY_6_HOURS: 6 * HOUR,
  EVERY_8_HOURS: 8 * HOUR,
  EVERY_12_HOURS: 12 * HOUR,
};

function timeOfDay(value: string | undefined): Millis | undefined {
  const match = value ? /^(\d{1,2}):(\d{2})$/.exec(value.trim()) : null;
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours < 24 && minutes < 60 ? hours * HOUR + minutes * 60_000 : undefined;
}

/**
 * The first scheduled start after `now`, or null when none can be known: no start time,
 * an export after each segment evaluation (whose time no API gives), a frequency we do
 * not know, or a schedule with no start left before its end.
 */
export function nextScheduledExport(schedule: Schedule | undefined, now: Millis): Millis | null {
  if (!schedule || schedule.triggerType === 'AFTER_SEGMENT_EVAL') return null;
  const offset = timeOfDay(schedule.startTime);
  if (offset === undefined) return null;
  const startDay = utcDayStart(schedule.startDate);
  const endDay = utcDayStart(schedule.endDate);
  const end = endDay === undefined ? Infinity : endDay + DAY;
  let next: Millis;
  if (schedule.frequency === 'ONCE') {
    if (startDay === undefined) return null;
    next = startDay + offset;
    if (next <= now) return null;
  } else {
    const period = PERIOD[schedule.frequency];
    if (period === undefined) return null;
    const anchor = (startDay ?? Math.floor(now / DAY) * DAY) + offset;
    next = now < anchor && startDay !== undefined ? anchor : anchor + (Math.floor((now - anchor) / period) + 1) * period;
  }
  return next < end ? next : null;
}
