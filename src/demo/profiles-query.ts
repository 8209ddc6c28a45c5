import { InvalidInputError } from '../core/errors.js';
import { COMPANY_DOMAINS, DEMO_CITIES, LOCAL_DOMAINS, WEBMAIL_DOMAINS } from './demo-places.js';
import { SeededDraws, numberListSql, textListSql, weightedIndexSql } from './seeded-draws.js';

/**
 * Sets of cities the profiles live in. `world` is 40 real cities with their countries. `numbered`
 * is 1,000 cities "City 0001" to "City 1000" with Zipf-like shares (city k gets about 1/k), for
 * breakdowns with many values.
 */
export const CITY_SETS = ['world', 'numbered'] as const;
export type CitySet = (typeof CITY_SETS)[number];

export interface SyntheticProfilesOptions {
  rows: number;
  seed: number;
  citySet: CitySet;
}

export const NUMBERED_CITY_COUNT = 1000;
const NUMBERED_COUNTRY_COUNT = 25;
const LOCAL_DOMAIN_CHOICE = '(national provider)';

/** Signups run from the first date to the last, and the last is also "today" for recency. */
const FIRST_SIGNUP = '2018-01-01';
const LAST_DAY = '2025-06-30';

/** Shares of missing values (nulls), so that breakdowns and rules meet them. */
export const MISSING_SHARES = { city: 0.01, gender: 0.02, satisfaction_score: 0.02 } as const;

/**
 * Builds the DuckDB SELECT that generates synthetic customer profiles, one per row of
 * `range(rows)`, in customer order.
 *
 * The model draws a few hidden traits per customer (engagement, signup date, age) and derives the
 * visible fields from them, so that the fields correlate the way shop data does. Engaged customers
 * order more and more recently. Spend grows with orders, age and local prices, and loyalty tier
 * follows spend. Churn risk rises with low satisfaction, a long gap since the last order and a
 * short tenure. Every constant below is made up to give plausible shares, not fitted to real data.
 */
export function buildSyntheticProfilesSql(options: SyntheticProfilesOptions): string {
  validateRows(options.rows);
  const draws = new SeededDraws(options.seed, 'i');
  const stages = [
    `draws AS (${drawsStage(draws, options.rows)})`,
    `traits AS (${traitsStage(options.citySet)})`,
    `activity AS (${activityStage(options.citySet)})`,
    `scores AS (${scoresStage()})`,
  ];
  return `WITH ${stages.join(',\n')}\n${profilesSelect(options)}`;
}

function validateRows(rows: number): void {
  if (!Number.isSafeInteger(rows) || rows < 1 || rows > 99_999_999) {
    throw new InvalidInputError(
      `invalid number of profiles ${rows}. Use a whole number from 1 to 99,999,999`,
    );
  }
}

/** Selects one column per random input, so that later stages can use a draw more than once. */
function drawsStage(draws: SeededDraws, rows: number): string {
  const uniforms = ['city', 'gender', 'signup', 'recency', 'email'];
  const missing = ['city_missing', 'gender_missing', 'satisfaction_missing'];
  const normals = ['age', 'engagement', 'orders', 'order_value', 'tier', 'satisfaction', 'churn'];
  const columns = [
    ...[...uniforms, ...missing].map((name) => `${draws.uniform(name)} AS u_${name}`),
    ...normals.map((name) => `${draws.normal(name)} AS z_${name}`),
  ];
  return `SELECT i, ${columns.join(',\n  ')} FROM range(${rows}) AS profile_rows(i)`;
}

function traitsStage(citySet: CitySet): string {
  const spanDays = `(DATE '${LAST_DAY}' - DATE '${FIRST_SIGNUP}')`;
  return `SELECT *,
    ${cityIndexSql(citySet)} AS city_index,
    -- Right-skewed adult ages: median about 40, few past 80.
    least(90.0, 18.0 + exp(ln(22.0) + 0.5 * z_age)) AS age_years,
    -- The square root makes signups grow linearly over time, as a growing shop's do.
    (${spanDays} - floor(${spanDays} * sqrt(u_signup)))::INTEGER AS tenure_days,
    ${weightedIndexSql('u_email', EMAIL_CHOICES.map((choice) => choice.weight))} AS email_slot
  FROM draws`;
}

function cityIndexSql(citySet: CitySet): string {
  if (citySet === 'world') {
    return weightedIndexSql('u_city', DEMO_CITIES.map((city) => city.weight));
  }
  // Inverse of the continuous Zipf CDF ln(k + 1) / ln(n + 1): city k gets a share near 1/k.
  return `least(${NUMBERED_CITY_COUNT}, floor(pow(${NUMBERED_CITY_COUNT + 1}.0, u_city))::INTEGER)`;
}

function activityStage(citySet: CitySet): string {
  return `SELECT *,
    1 + floor(exp(0.95 + 0.55 * z_engagement + 0.45 * ln(1.0 + tenure_days / 365.0)
      + 0.35 * z_orders))::INTEGER AS orders,
    exp(ln(75.0) + 0.012 * (age_years - 40.0) + 0.45 * z_order_value)
      * ${spendFactorSql(citySet)} AS order_value,
    -- Days since the last order: exponential, shorter for engaged customers, within the tenure.
    least(tenure_days, floor(-ln(1.0 - u_recency) * 45.0 * exp(-0.6 * z_engagement)))::INTEGER
      AS recency_days,
    greatest(1, least(10, round(7.2 + 1.5 * z_satisfaction + 0.4 * z_engagement)))::INTEGER
      AS satisfaction
  FROM traits`;
}

function spendFactorSql(citySet: CitySet): string {
  if (citySet === 'numbered') return '1.0';
  return `${numberListSql(DEMO_CITIES.map((city) => city.spendFactor))}[city_index]`;
}

function scoresStage(): string {
  return `SELECT *,
    orders * order_value AS spend,
    ln(orders * order_value) + 0.1 * tenure_days / 365.0 + 0.35 * z_tier AS tier_score,
    -0.55 * (satisfaction - 7) + 0.8 * ln(1.0 + recency_days / 30.0) - 0.25 * z_engagement
      + CASE WHEN tenure_days < 180 THEN 0.5 ELSE 0.0 END + 0.6 * z_churn AS churn_score
  FROM activity`;
}

function profilesSelect(options: SyntheticProfilesOptions): string {
  const idWidth = Math.max(7, String(options.rows).length);
  return `SELECT
    'C' || lpad((i + 1)::VARCHAR, ${idWidth}, '0') AS customer_id,
    CASE WHEN u_city_missing < ${MISSING_SHARES.city} THEN NULL
      ELSE ${cityNameSql(options.citySet)} END AS city,
    ${countryNameSql(options.citySet)} AS country,
    CASE WHEN u_gender_missing < ${MISSING_SHARES.gender} THEN NULL ELSE ${genderSql()} END
      AS gender,
    floor(age_years)::INTEGER AS age,
    ${textListSql(['bronze', 'silver', 'gold', 'platinum'])}[${tierIndexSql()}] AS loyalty_tier,
    round(spend, 2)::DECIMAL(12, 2) AS total_spend,
    orders,
    CASE WHEN u_satisfaction_missing < ${MISSING_SHARES.satisfaction_score} THEN NULL
      ELSE satisfaction END AS satisfaction_score,
    CASE WHEN churn_score < 0.75 THEN 'low' WHEN churn_score < 1.95 THEN 'medium' ELSE 'high' END
      AS churn_risk,
    DATE '${LAST_DAY}' - tenure_days AS signup_date,
    DATE '${LAST_DAY}' - recency_days AS last_order_date,
    ${emailDomainSql(options.citySet)} AS email_domain
  FROM scores`;
}

function genderSql(): string {
  const index = weightedIndexSql('u_gender', [49, 49, 2]);
  return `${textListSql(['female', 'male', 'non-binary'])}[${index}]`;
}

function tierIndexSql(): string {
  return `CASE WHEN tier_score < 6.15 THEN 1 WHEN tier_score < 7.0 THEN 2
    WHEN tier_score < 7.75 THEN 3 ELSE 4 END`;
}

function cityNameSql(citySet: CitySet): string {
  if (citySet === 'world') {
    return `${textListSql(DEMO_CITIES.map((city) => city.city))}[city_index]`;
  }
  return `'City ' || lpad(city_index::VARCHAR, 4, '0')`;
}

function countryNameSql(citySet: CitySet): string {
  if (citySet === 'world') {
    return `${textListSql(DEMO_CITIES.map((city) => city.country))}[city_index]`;
  }
  const country = `(city_index - 1) % ${NUMBERED_COUNTRY_COUNT} + 1`;
  return `'Country ' || lpad((${country})::VARCHAR, 2, '0')`;
}

/**
 * Webmail for most customers, a national provider for some, an employer's domain for a few.
 * Where the country has no national provider (and in numbered cities) that share goes to Gmail.
 */
const EMAIL_CHOICES: readonly { domain: string; weight: number }[] = [
  ...WEBMAIL_DOMAINS.map(([domain, weight]) => ({ domain, weight })),
  { domain: LOCAL_DOMAIN_CHOICE, weight: 8 },
  ...COMPANY_DOMAINS.map((domain) => ({ domain, weight: 1.6 })),
];

function emailDomainSql(citySet: CitySet): string {
  const domains = EMAIL_CHOICES.map((choice) =>
    choice.domain === LOCAL_DOMAIN_CHOICE ? 'gmail.com' : choice.domain,
  );
  const pick = `${textListSql(domains)}[email_slot]`;
  if (citySet === 'numbered') return pick;

  const localSlot = EMAIL_CHOICES.findIndex((choice) => choice.domain === LOCAL_DOMAIN_CHOICE) + 1;
  const localDomains = DEMO_CITIES.map((city) => LOCAL_DOMAINS[city.country] ?? 'gmail.com');
  const local = `${textListSql(localDomains)}[city_index]`;
  return `CASE WHEN email_slot = ${localSlot} THEN ${local} ELSE ${pick} END`;
}
