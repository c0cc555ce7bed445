// Due dates relative to the reader's today. The page is built once and read for months, so a
// review's "77 days ago" in the page is only as of the build day: this rewrites each
// <time data-review-due> from its datetime (YYYY-MM-DD) and the reader's own calendar day.

const DAY = 86_400_000;

/** Days from `due` (YYYY-MM-DD) to `today` (a UTC midnight, in ms): positive when overdue. */
export function daysOverdue(due: string, today: number): number {
  return Math.round((today - Date.parse(due)) / DAY);
}

/** A promised review in words, as of `today`: "Review overdue by 77 days (due 2026-01-01)", "Review due today", "Review due in 5 days (by …)". */
export function reviewDueInWords(due: string, today: number): { overdue: boolean; text: string } {
  const n = daysOverdue(due, today);
  const count = (k: number) => `${k} day${k === 1 ? '' : 's'}`;
  if (n > 0) return { overdue: true, text: `Review overdue by ${count(n)} (due ${due})` };
  if (n === 0) return { overdue: false, text: `Review due today (${due})` };
  return { overdue: false, text: `Review due in ${count(-n)} (by ${due})` };
}

/** The reader's calendar day, as the UTC midnight of the same date. */
function readersToday(now = new Date()): number {
  return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
}

for (const el of document.querySelectorAll<HTMLTimeElement>('time[data-review-due]')) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(el.dateTime)) continue;
  const { overdue, text } = reviewDueInWords(el.dateTime, readersToday());
  el.textContent = text;
  const badge = el.closest('.badge');
  badge?.classList.toggle('overdue', overdue);
  badge?.classList.toggle('due', !overdue);
}
