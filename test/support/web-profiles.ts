/**
 * A small profile table for the web tests, generated row by row so that a naive recount in the
 * test can check every number the UI shows.
 */

export interface WebProfile {
  customer_id: string;
  city: string | null;
  plan: string;
  spend: number;
  age: number;
  newsletter: string;
  signup_date: string;
}

const CITIES = ['Seattle', 'Portland', 'Boise', 'Reno', 'Tucson'];
const PLANS = ['basic', 'pro', 'free'];

/** `count` customers; every 11th has no city, so breakdowns get an "(empty)" value. */
export function webProfiles(count = 120): WebProfile[] {
  return Array.from({ length: count }, (_, index) => {
    const i = index + 1;
    return {
      customer_id: `C${String(i).padStart(4, '0')}`,
      city: i % 11 === 0 ? null : (CITIES[(i * 3) % CITIES.length] as string),
      plan: PLANS[Math.floor(i / 2) % PLANS.length] as string,
      spend: ((i * 37) % 1000) + 0.5,
      age: 18 + ((i * 13) % 60),
      newsletter: i % 3 === 0 ? 'no' : 'yes',
      signup_date: dayAfter('2024-01-01', i * 9),
    };
  });
}

export function profilesCsv(profiles: readonly WebProfile[]): string {
  const header = 'customer_id,city,plan,spend,age,newsletter,signup_date';
  const lines = profiles.map((p) => [p.customer_id, p.city ?? '', p.plan, p.spend, p.age, p.newsletter, p.signup_date].join(','));
  return `${[header, ...lines].join('\n')}\n`;
}

/** Returns the calendar date `days` after `start`, counted in UTC so no local zone moves it. */
function dayAfter(start: string, days: number): string {
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Exclusive region counts of `segments` over `profiles`, by the member names joined with "&";
 * "none" counts the customers in none of them.
 */
export function naiveRegions(profiles: readonly WebProfile[], segments: Record<string, (profile: WebProfile) => boolean>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const profile of profiles) {
    const names = Object.entries(segments)
      .filter(([, isMember]) => isMember(profile))
      .map(([name]) => name);
    const key = names.length === 0 ? 'none' : names.join('&');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
