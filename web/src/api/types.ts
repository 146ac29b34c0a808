// The shapes the Control Centre API answers (docs/api.md; the OpenAPI document at /api/v1/openapi.json).
// Amounts and quantities are decimal strings with their scale ("11.45"): shown as given, never turned
// into JS numbers for arithmetic. A few routes still answer JSON numbers (a session's kWh); those are
// typed `number | string` and shown as given too.

/** A page of a list: `next` is the opaque cursor of the following page (`?after=`), null at the end. */
export interface Page<T> {
  items: T[];
  next?: string | null;
}

export interface OrganisationUnit {
  id: number;
  name: string;
  parent_id: number | null;
}

export interface Profile {
  id: number;
  organisation_unit_id: number;
  name: string;
  kind: 'driver' | 'vehicle';
  email: string;
  prices_hidden: boolean;
  created_at: string;
}

export type TokenStatus = 'pending' | 'active' | 'blocked' | 'expired' | 'lost';
export const TOKEN_TYPES = ['RFID', 'APP_USER', 'AD_HOC_USER', 'EMAID', 'OTHER'] as const;

export interface Token {
  id: number;
  profile_id: number;
  uid: string;
  type: (typeof TOKEN_TYPES)[number];
  contract_id: string;
  visual_number: string;
  issuer: string;
  group_id: string;
  whitelist: string;
  language: string;
  valid_from: string | null;
  valid_until: string | null;
  cost_centre: string;
  status: TokenStatus;
  last_updated: string;
}

export interface TokenImportReport {
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  rows: { row: number; line: number; uid: string; outcome: string; token_id: number | null; field: string; reason: string }[];
}

/** The roles of domain.md §1, in the order of the role table. */
export const ROLES = ['tenant_admin', 'ou_admin', 'fleet_manager', 'finance', 'viewer', 'driver'] as const;

export interface CpoCdr {
  id: number;
  cpo: string;
  cdr_id: string;
  start_date_time: string;
  end_date_time: string;
  currency: string;
  /** Null without pricing.read at the root, as `body`. */
  total_cost: { excl_vat: string; incl_vat: string | null } | null;
  total_energy: string;
  total_time: string;
  token: { uid: string; type: string; contract_id: string };
  location_id: string;
  evse_uid: string;
  last_updated: string;
  organisation_unit_id: number | null;
  received_at: string;
  body_sha256: string;
}

export interface MspCdr {
  id: number;
  cpo_cdr_id: number;
  cpo: string;
  session_start: string;
  session_end: string;
  rated_at: string;
  needs_attention: boolean;
  attention: { reason: string; detail: string } | null;
  token_id: number | null;
  profile_id: number | null;
  organisation_unit_id: number | null;
  billing_unit_id: number | null;
  business_partner_groups: number[];
  location_group_id: number | null;
  plan_version_id: number | null;
  currency: string;
  /** Null for a driver whose profile hides prices (docs/api.md, "Who sees which money"). */
  total_excl_vat: string | null;
  vat_percent: string;
  vat_country: string | null;
  vat_amount: string | null;
  total_incl_vat: string | null;
  cpo_currency: string;
  /** What the MSP pays and earns: null without pricing.read at the root. */
  cpo_cost_excl_vat: string | null;
  exchange_rate: string | null;
  cpo_cost: string | null;
  margin: string | null;
  credit_of: number | null;
  cost_audit: { recomputed_cost_excl_vat: string; difference: string; discrepancy: boolean } | null;
}

export interface MspCdrLine {
  kind: 'RULE' | 'MINIMUM_PRICE' | 'MAXIMUM_PRICE';
  tariff_code_id: number | null;
  rule_id: number | null;
  unit: string;
  measured: string;
  quantity: string;
  /** Null, as the explanation, for a driver whose profile hides prices. */
  unit_price: string | null;
  amount: string | null;
  description: string;
}

export interface MspCdrDetail extends MspCdr {
  lines: MspCdrLine[];
  explanation: string | null;
  cpo_cdr: CpoCdr;
}

export const ATTENTION_REASONS = [
  'UNREADABLE_CDR',
  'UNKNOWN_TOKEN',
  'UNKNOWN_TIME_ZONE',
  'NO_PLAN_VERSION',
  'NO_MATCHING_RULE',
  'NO_EXCHANGE_RATE',
  'NO_VAT_RATE',
  'UNKNOWN_CREDIT_REFERENCE',
  'END_BEFORE_START',
  'ENERGY_OUT_OF_RANGE',
  'DURATION_TOO_LONG',
  'TOTALS_INCONSISTENT',
  'IN_FUTURE',
] as const;

export interface ChargingSession {
  id: number;
  cpo: string;
  session_id: string;
  status: 'ACTIVE' | 'COMPLETED' | 'INVALID' | 'PENDING' | 'RESERVATION';
  start_date_time: string;
  end_date_time: string | null;
  kwh: number | string;
  currency: string;
  total_cost: { excl_vat: number | string; incl_vat: number | string | null } | null;
  auth_method: string;
  authorization_reference: string;
  location_id: string;
  evse_uid: string;
  connector_id: string;
  token_uid: string;
  token_type: string;
  contract_id: string;
  token_id: number | null;
  profile_id: number | null;
  organisation_unit_id: number | null;
  last_updated: string;
  live?: boolean;
}

export type CommandState =
  | 'requested'
  | 'accepted'
  | 'rejected'
  | 'not_supported'
  | 'unknown_session'
  | 'unreachable'
  | 'succeeded'
  | 'failed'
  | 'timed_out'
  | 'canceled';

export interface Command {
  id: number;
  type: string;
  state: CommandState;
  cpo: string;
  peer_id: number;
  authorization_reference: string;
  requested_at: string;
  deadline: string;
  answered_at: string | null;
  response_message: string;
  result: string | null;
  result_at: string | null;
  result_message: string;
}

export interface Connector {
  id: string;
  standard: string;
  format: string;
  power_type: string;
  max_power_kw: string;
}

export interface Evse {
  uid: string;
  evse_id: string | null;
  status: string;
  connectors: Connector[];
}

export interface Location {
  id: number;
  cpo: string;
  location_id: string;
  name: string | null;
  address: string;
  city: string;
  postal_code: string | null;
  country: string;
  coordinates: { latitude: string; longitude: string };
  time_zone: string;
  evses: Evse[];
}

export interface Peer {
  id: number;
  name: string;
  status: 'pending' | 'connected' | 'suspended' | 'unregistered';
  versions_url: string | null;
  version: string | null;
  roles: { role: string; party: string; business_name: string }[];
  endpoints: { module: string; role: 'SENDER' | 'RECEIVER'; url: string }[];
  sync: { module: string; last_attempt_at: string | null; last_success_at: string | null; last_error_at: string | null; date_from: string | null; last_error: string | null }[];
  created_at: string;
  registered_at: string | null;
}

export interface AuditEntry {
  id: number;
  recorded_at: string;
  actor: { kind: 'user' | 'peer' | 'system'; user_id: number | null; peer_id: number | null; system: string | null };
  action: string;
  object_type: string;
  object_id: string;
  before: unknown;
  after: unknown;
  request_id: string | null;
}

export const POWER_TYPES = ['AC_1_PHASE', 'AC_2_PHASE', 'AC_3_PHASE', 'DC'] as const;

export interface LocationGroupCriteria {
  countries: string[];
  parties: string[];
  power_types: string[];
  min_power_kw: number | string | null;
  max_power_kw: number | string | null;
  accessibilities: string[];
  locations: number[];
  evse_ids: string[];
}

export interface LocationGroup {
  id: number;
  name: string;
  priority: number;
  is_default: boolean;
  criteria: LocationGroupCriteria;
}

export interface ConnectorMove {
  location: number;
  cpo: string;
  location_id: string;
  evse_uid: string;
  evse_id: string | null;
  connector_id: string;
  from: number | null;
  to: number | null;
}

export interface LocationGroupPreview {
  joining_count: number;
  leaving_count: number;
  joining: ConnectorMove[];
  leaving: ConnectorMove[];
}

export const TARIFF_CODE_KINDS = ['ENERGY', 'CHARGING_TIME', 'PARKING_TIME', 'SESSION_TIME', 'SESSION_FEE', 'CPO_COST'] as const;
export const TARIFF_UNITS = ['KWH', 'HOUR', 'MINUTE', 'SESSION', 'COST'] as const;

/** Pricing routes answer some amounts as JSON numbers still; shown as given all the same. */
export type Amount = string | number;

export interface TariffCode {
  id: number;
  code: string;
  kind: string;
  unit: string;
  step_size: Amount;
  free_units: Amount;
  grace_period_minutes: number;
  description: string;
  created_at: string;
}

export interface BusinessPartnerGroup {
  id: number;
  name: string;
  units: number[];
}

export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

export interface RuleRestrictions {
  time_of_day?: { start: string; end: string } | null;
  weekdays?: string[];
  min_power_kw?: Amount | null;
  max_power_kw?: Amount | null;
  valid_from_date?: string | null;
  valid_until_date?: string | null;
}

export interface PlanRule {
  id?: number;
  location_group_id: number | null;
  business_partner_group_id: number | null;
  tariff_code_id: number;
  unit_price: Amount;
  priority: number;
  restrictions: RuleRestrictions | null;
}

export interface PlanVersion {
  id: number;
  status: 'in_force' | 'scheduled' | 'past';
  valid_from: string;
  valid_until: string | null;
  currency: string;
  min_session_price: Amount | null;
  max_session_price: Amount | null;
  rule_count: number;
  created_at: string;
  rules?: PlanRule[];
}

export interface TariffPlan {
  id: number;
  name: string;
  created_at: string;
  versions: PlanVersion[];
}

export interface PlanDraft {
  id: number;
  name: string;
  currency: string;
  min_session_price: Amount | null;
  max_session_price: Amount | null;
  rules: PlanRule[];
  created_at: string;
  updated_at: string;
}

export interface PricePreview {
  priced: boolean;
  complete: boolean;
  attention: string | null;
  attention_detail: string;
  priced_with: { kind: 'in_force' | 'version' | 'draft'; id: number | null };
  plan_version_id: number | null;
  session_start: string;
  session_end: string;
  energy_kwh: Amount;
  charging_minutes: number;
  parking_minutes: number;
  location_group_id: number | null;
  business_partner_group_ids: number[];
  currency: string;
  lines: { kind: string; tariff_code_id: number | null; rule_id: number | null; description: string; unit: string; measured: Amount; quantity: Amount; unit_price: Amount; amount: Amount }[];
  total_excl_vat: Amount;
  vat_percent: Amount;
  vat_amount: Amount;
  total_incl_vat: Amount;
  not_included: { tariff_code_id: number; rule_id: number; unit_price: Amount; detail: string }[];
  assumptions: string[];
  explanation: string;
}

/**
 * One month of GET /statistics/monthly (per currency), as the portal uses it. Amounts are null where the
 * API withholds them (a cost and margin without pricing.read at the root; prices hidden from a driver).
 */
export interface MonthlyStatistics {
  month: string;
  currency: string;
  sessions: number;
  credits: number;
  needs_attention: number;
  energy_kwh: string;
  revenue_excl_vat: string | null;
  revenue_incl_vat: string | null;
  cpo_cost: string | null;
  margin: string | null;
}

// --- Invoices, billing runs and settlement (docs/api.md "Invoices, billing runs and settlement") -------

export const INVOICE_STATUSES = ['DRAFT', 'ISSUED', 'PAID', 'VOID'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** An invoice or credit note as the list answers it; the customer is a unit or a private profile. */
export interface Invoice {
  id: number;
  /** `YYYY-NNNNNN` from issue on; null for a draft. */
  number: string | null;
  status: InvoiceStatus;
  kind: 'INVOICE' | 'CREDIT_NOTE';
  run_id: number;
  /** YYYY-MM */
  period: string;
  billing_unit_id: number | null;
  profile_id: number | null;
  /** The unit's billing legal name (its name without billing details), or the private customer's profile name. */
  customer_name: string;
  currency: string;
  credited_invoice_id: number | null;
  sessions: number;
  total_excl_vat: string;
  vat_amount: string;
  total_incl_vat: string;
  created_at: string;
  issued_at: string | null;
  paid_at: string | null;
  voided_at: string | null;
}

/** One session on an invoice; a converted one keeps its original currency, amount and rate. */
export interface InvoiceLine {
  msp_cdr_id: number;
  session_start: string;
  location: string;
  evse: string;
  card: string;
  cost_centre: string;
  energy_kwh: string;
  duration_hours: string;
  vat_country: string;
  vat_percent: string;
  amount_excl_vat: string;
  vat_amount: string;
  amount_incl_vat: string;
  original_currency: string | null;
  original_amount_excl_vat: string | null;
  exchange_rate: string | null;
}

export interface InvoiceDetail extends Invoice {
  lines: InvoiceLine[];
  vat_breakdown: { country: string; percent: string; sessions: number; taxable_amount: string; vat_amount: string; amount_incl_vat: string }[];
  cost_centres: { cost_centre: string; sessions: number; amount_excl_vat: string; vat_amount: string; amount_incl_vat: string }[];
}

export type BillingRunStatus = 'QUEUED' | 'RUNNING' | 'COMPLETE' | 'INTERRUPTED';

/** A billing run as `GET /billing-runs` lists it: a month queued, running, complete or interrupted. */
export interface BillingRunSummary {
  period: string;
  status: BillingRunStatus;
  /** null while only queued */
  run_id: number | null;
  started_at: string | null;
  completed_at: string | null;
  invoices: number;
  credit_notes: number;
  /** invoice lines of its drafts */
  sessions: number;
}

/** What `POST /billing-runs` answers: 202 with the run queued or running, 200 once the month is complete. */
export interface BillingRunReport extends BillingRunSummary {
  already_complete: boolean;
}

export interface CpoSettlement {
  cpo: string;
  currency: string;
  cdrs: number;
  credits: number;
  total_excl_vat: string;
  /** null when a CDR did not state it */
  total_incl_vat: string | null;
}

/** `POST /settlement/reconciliation`: our CPO CDRs of a period against the CPO's invoice (CSV). */
export interface Reconciliation {
  cpo: string;
  period: string;
  currency: string;
  agrees: boolean;
  matched: number;
  our_total: string;
  their_total: string;
  their_stated_total: string | null;
  stated_total_differs: boolean;
  other_currency_cdrs: number;
  differences: { kind: 'ONLY_OURS' | 'ONLY_THEIRS' | 'AMOUNT_DIFFERS'; cdr_id: string; ours: string | null; theirs: string | null; line: number }[];
}

// --- What-if re-rating (POST /tariff-plan/what-if) ---------------------------------------------------

export interface WhatIfTotals {
  cdrs: number;
  held_now: number;
  held_draft: number;
  revenue_now: string;
  revenue_draft: string;
  revenue_difference: string;
  margin_now: string;
  margin_draft: string;
  margin_difference: string;
}

export interface WhatIfReport {
  priced_with: { kind: 'version' | 'draft'; id: number };
  from: string;
  to: string;
  total: WhatIfTotals;
  by_location_group: (WhatIfTotals & { location_group_id: number })[];
  /** business_partner_group_id null: customers in no group */
  by_business_partner_group: (WhatIfTotals & { business_partner_group_id: number | null })[];
  other_currency: number;
}
