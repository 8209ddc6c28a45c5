/**
 * Places and e-mail domains of the synthetic customers. Weights are relative shares of customers
 * (made up, shaped like a European-led online shop); `spendFactor` scales the typical order value
 * for local prices.
 */
export interface DemoCity {
  city: string;
  country: string;
  weight: number;
  spendFactor: number;
}

export const DEMO_CITIES: readonly DemoCity[] = [
  { city: 'London', country: 'United Kingdom', weight: 6, spendFactor: 1.2 },
  { city: 'New York', country: 'United States', weight: 6, spendFactor: 1.25 },
  { city: 'Paris', country: 'France', weight: 4.5, spendFactor: 1.1 },
  { city: 'Berlin', country: 'Germany', weight: 4, spendFactor: 1 },
  { city: 'Tokyo', country: 'Japan', weight: 4, spendFactor: 1.1 },
  { city: 'Los Angeles', country: 'United States', weight: 4, spendFactor: 1.15 },
  { city: 'Toronto', country: 'Canada', weight: 3, spendFactor: 1 },
  { city: 'Sydney', country: 'Australia', weight: 3, spendFactor: 1.1 },
  { city: 'Madrid', country: 'Spain', weight: 3, spendFactor: 0.9 },
  { city: 'Chicago', country: 'United States', weight: 3, spendFactor: 1.05 },
  { city: 'São Paulo', country: 'Brazil', weight: 3, spendFactor: 0.7 },
  { city: 'Mumbai', country: 'India', weight: 3, spendFactor: 0.55 },
  { city: 'Amsterdam', country: 'Netherlands', weight: 2.5, spendFactor: 1.1 },
  { city: 'Milan', country: 'Italy', weight: 2.5, spendFactor: 1.05 },
  { city: 'Munich', country: 'Germany', weight: 2.5, spendFactor: 1.15 },
  { city: 'Manchester', country: 'United Kingdom', weight: 2.5, spendFactor: 0.95 },
  { city: 'Barcelona', country: 'Spain', weight: 2.5, spendFactor: 0.95 },
  { city: 'Seoul', country: 'South Korea', weight: 2.5, spendFactor: 1 },
  { city: 'Singapore', country: 'Singapore', weight: 2.5, spendFactor: 1.2 },
  { city: 'Mexico City', country: 'Mexico', weight: 2.5, spendFactor: 0.7 },
  { city: 'San Francisco', country: 'United States', weight: 2.5, spendFactor: 1.3 },
  { city: 'Melbourne', country: 'Australia', weight: 2, spendFactor: 1.05 },
  { city: 'Dublin', country: 'Ireland', weight: 2, spendFactor: 1.1 },
  { city: 'Stockholm', country: 'Sweden', weight: 2, spendFactor: 1.15 },
  { city: 'Vienna', country: 'Austria', weight: 1.8, spendFactor: 1.05 },
  { city: 'Zürich', country: 'Switzerland', weight: 1.8, spendFactor: 1.5 },
  { city: 'Copenhagen', country: 'Denmark', weight: 1.5, spendFactor: 1.2 },
  { city: 'Lisbon', country: 'Portugal', weight: 1.5, spendFactor: 0.85 },
  { city: 'Warsaw', country: 'Poland', weight: 1.5, spendFactor: 0.75 },
  { city: 'Rome', country: 'Italy', weight: 1.5, spendFactor: 0.95 },
  { city: 'Lyon', country: 'France', weight: 1.5, spendFactor: 0.95 },
  { city: 'Hamburg', country: 'Germany', weight: 1.5, spendFactor: 1.05 },
  { city: 'Vancouver', country: 'Canada', weight: 1.5, spendFactor: 1.05 },
  { city: 'Osaka', country: 'Japan', weight: 1.5, spendFactor: 1 },
  { city: 'Bengaluru', country: 'India', weight: 1.5, spendFactor: 0.55 },
  { city: 'Cape Town', country: 'South Africa', weight: 1.2, spendFactor: 0.7 },
  { city: 'Buenos Aires', country: 'Argentina', weight: 1.2, spendFactor: 0.65 },
  { city: 'Auckland', country: 'New Zealand', weight: 1, spendFactor: 1.05 },
  { city: 'Oslo', country: 'Norway', weight: 1, spendFactor: 1.35 },
  { city: 'Helsinki', country: 'Finland', weight: 1, spendFactor: 1.1 },
];

/** Webmail used everywhere, with relative weights. */
export const WEBMAIL_DOMAINS: readonly (readonly [domain: string, weight: number])[] = [
  ['gmail.com', 42],
  ['outlook.com', 12],
  ['yahoo.com', 9],
  ['icloud.com', 9],
  ['hotmail.com', 8],
  ['proton.me', 2],
  ['aol.com', 1.5],
];

/** Work addresses: a small share of customers sign up with an employer's domain. */
export const COMPANY_DOMAINS: readonly string[] = [
  'northwind-traders.com',
  'brightline.io',
  'harbour-bank.co.uk',
  'meridian-health.org',
  'kestrel-logistics.de',
];

/** A national provider that some customers of each country use instead of webmail. */
export const LOCAL_DOMAINS: Readonly<Record<string, string>> = {
  'United Kingdom': 'btinternet.com',
  France: 'orange.fr',
  Germany: 'gmx.de',
  Japan: 'yahoo.co.jp',
  Brazil: 'uol.com.br',
  India: 'rediffmail.com',
  'South Korea': 'naver.com',
  Italy: 'libero.it',
  Spain: 'telefonica.net',
  Netherlands: 'ziggo.nl',
  Poland: 'wp.pl',
  Switzerland: 'bluewin.ch',
};
