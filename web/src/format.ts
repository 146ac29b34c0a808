// How values of the API are shown. Amounts stay the decimal strings the API answers: never parsed into
// JS numbers, so nothing is rounded on the way.

/** "11.45 EUR"; an absent amount as a dash. */
export function money(amount: string | number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || amount === '') return '–';
  return `${amount} ${currency}`;
}

/** An OCPI date-time ("2026-03-02T20:00:00Z") as "2026-03-02 20:00 UTC"; other text as given. */
export function instant(value: string | null | undefined): string {
  if (!value) return '–';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?Z$/.exec(value);
  return match ? `${match[1]} ${match[2]} UTC` : value;
}

/** A date input's "YYYY-MM-DD" as the OCPI date-time of that day's start in UTC; '' stays ''. */
export function dayStart(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date;
}

/** The calendar month (UTC, "YYYY-MM") before the one `now` is in: the latest month that has ended. */
export function previousMonth(now: Date = new Date()): string {
  const year = now.getUTCMonth() === 0 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
  const month = now.getUTCMonth() === 0 ? 12 : now.getUTCMonth();
  return `${year}-${String(month).padStart(2, '0')}`;
}
