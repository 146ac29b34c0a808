// Objects as the API answers them (docs/api.md), for the page tests.
import type { ChargingSession, Command, CpoCdr, Invoice, InvoiceDetail, InvoiceLine, Location, MspCdr, MspCdrDetail, Token } from '../api/types';

export function mspCdr(id: number, changes: Partial<MspCdr> = {}): MspCdr {
  return {
    id,
    cpo_cdr_id: 100 + id,
    cpo: 'NL-CPO',
    session_start: '2026-03-02T20:00:00Z',
    session_end: '2026-03-02T22:00:00Z',
    rated_at: '2026-03-02T22:05:00Z',
    needs_attention: false,
    attention: null,
    token_id: 5,
    profile_id: 5,
    organisation_unit_id: 6,
    billing_unit_id: 6,
    business_partner_groups: [],
    location_group_id: 2,
    plan_version_id: 1,
    currency: 'EUR',
    total_excl_vat: '6.70',
    vat_percent: '21',
    vat_country: 'NLD',
    vat_amount: '1.41',
    total_incl_vat: '8.11',
    cpo_currency: 'EUR',
    cpo_cost_excl_vat: '5.00',
    exchange_rate: null,
    cpo_cost: '5.00',
    margin: '1.70',
    credit_of: null,
    cost_audit: null,
    ...changes,
  };
}

export function cpoCdr(id: number): CpoCdr {
  return {
    id,
    cpo: 'NL-CPO',
    cdr_id: `CDR-${id}`,
    start_date_time: '2026-03-02T20:00:00Z',
    end_date_time: '2026-03-02T22:00:00Z',
    currency: 'EUR',
    total_cost: { excl_vat: '5.00', incl_vat: '6.05' },
    total_energy: '20.000',
    total_time: '2.0000',
    token: { uid: '04DE0000000005', type: 'RFID', contract_id: 'NL-DEM-C00000005-3' },
    location_id: 'LOC-AMS-1',
    evse_uid: 'EVSE-1',
    last_updated: '2026-03-02T22:01:00Z',
    organisation_unit_id: 6,
    received_at: '2026-03-02T22:01:02Z',
    body_sha256: 'ab',
  };
}

export function mspCdrDetail(id: number, changes: Partial<MspCdrDetail> = {}): MspCdrDetail {
  return {
    ...mspCdr(id),
    lines: [
      { kind: 'RULE', tariff_code_id: 1, rule_id: 6, unit: 'kWh', measured: '10.000', quantity: '10.000', unit_price: '0.35', amount: '3.50', description: 'ENERGY 21:00–22:00' },
      { kind: 'RULE', tariff_code_id: 1, rule_id: 7, unit: 'kWh', measured: '10.000', quantity: '10.000', unit_price: '0.27', amount: '2.70', description: 'ENERGY 22:00–23:00' },
      { kind: 'RULE', tariff_code_id: 2, rule_id: 9, unit: 'session', measured: '1', quantity: '1', unit_price: '0.50', amount: '0.50', description: 'SESSION_FEE' },
    ],
    explanation: 'Rule 6 (NL-CPO network, day) priced 10.000 kWh at 0.35.',
    cpo_cdr: cpoCdr(100 + id),
    ...changes,
  };
}

export function token(id: number, changes: Partial<Token> = {}): Token {
  return {
    id,
    profile_id: 5,
    uid: `04DE000000000${id}`,
    type: 'RFID',
    contract_id: `NL-DEM-C0000000${id}-X`,
    visual_number: '',
    issuer: 'Demo MSP',
    group_id: '',
    whitelist: 'ALLOWED',
    language: 'nl',
    valid_from: null,
    valid_until: null,
    cost_centre: '',
    status: 'active',
    last_updated: '2026-03-01T10:00:00Z',
    ...changes,
  };
}

export function chargingSession(id: number, changes: Partial<ChargingSession> = {}): ChargingSession {
  return {
    id,
    cpo: 'NL-CPO',
    session_id: `S-${id}`,
    status: 'ACTIVE',
    start_date_time: '2026-03-02T20:00:00Z',
    end_date_time: null,
    kwh: 7.5,
    currency: 'EUR',
    total_cost: { excl_vat: 2.62, incl_vat: 3.17 },
    auth_method: 'WHITELIST',
    authorization_reference: 'ref',
    location_id: 'LOC-AMS-1',
    evse_uid: 'EVSE-1',
    connector_id: '1',
    token_uid: '04DE0000000005',
    token_type: 'RFID',
    contract_id: 'NL-DEM-C00000005-3',
    token_id: 5,
    profile_id: 5,
    organisation_unit_id: 4,
    last_updated: '2026-03-02T20:30:00Z',
    ...changes,
  };
}

export function command(id: number, changes: Partial<Command> = {}): Command {
  return {
    id,
    type: 'START_SESSION',
    state: 'requested',
    cpo: 'NL-CPO',
    peer_id: 1,
    authorization_reference: 'auth-1',
    requested_at: '2026-03-02T20:00:00Z',
    deadline: '2026-03-02T20:05:00Z',
    answered_at: null,
    response_message: '',
    result: null,
    result_at: null,
    result_message: '',
    ...changes,
  };
}

export function location(id: number, changes: Partial<Location> = {}): Location {
  return {
    id,
    cpo: 'NL-CPO',
    location_id: `LOC-${id}`,
    name: `Charging hub ${id}`,
    address: 'Damrak 1',
    city: 'Amsterdam',
    postal_code: '1012 LG',
    country: 'NLD',
    coordinates: { latitude: '52.3740', longitude: '4.8897' },
    time_zone: 'Europe/Amsterdam',
    evses: [
      { uid: 'EVSE-1', evse_id: 'NL*CPO*E1', status: 'AVAILABLE', connectors: [{ id: '1', standard: 'IEC_62196_T2', format: 'SOCKET', power_type: 'AC_3_PHASE', max_power_kw: '22.000' }] },
      { uid: 'EVSE-2', evse_id: 'NL*CPO*E2', status: 'CHARGING', connectors: [{ id: '1', standard: 'IEC_62196_T2_COMBO', format: 'CABLE', power_type: 'DC', max_power_kw: '150.000' }] },
    ],
    ...changes,
  };
}

export function invoice(id: number, changes: Partial<Invoice> = {}): Invoice {
  return {
    id,
    number: null,
    status: 'DRAFT',
    kind: 'INVOICE',
    run_id: 3,
    period: '2026-10',
    billing_unit_id: 2,
    profile_id: null,
    customer_name: 'Acme Logistics B.V.',
    currency: 'EUR',
    credited_invoice_id: null,
    sessions: 2,
    total_excl_vat: '16.40',
    vat_amount: '3.44',
    total_incl_vat: '19.84',
    created_at: '2026-11-01T02:00:00Z',
    issued_at: null,
    paid_at: null,
    voided_at: null,
    ...changes,
  };
}

/** An invoice of two sessions, one converted from CHF, with a cost centre each. */
export function invoiceDetail(id: number, changes: Partial<InvoiceDetail> = {}): InvoiceDetail {
  const line = (msp_cdr_id: number, more: Partial<InvoiceLine>): InvoiceLine => ({
    msp_cdr_id,
    session_start: '2026-10-02T20:00:00Z',
    location: 'Charging hub 1',
    evse: 'NL*CPO*E1',
    card: 'ACME-0001',
    cost_centre: 'SALES',
    energy_kwh: '20.000',
    duration_hours: '2',
    vat_country: 'NL',
    vat_percent: '21',
    amount_excl_vat: '6.70',
    vat_amount: '1.41',
    amount_incl_vat: '8.11',
    original_currency: null,
    original_amount_excl_vat: null,
    exchange_rate: null,
    ...more,
  });
  return {
    ...invoice(id),
    lines: [
      line(11, {}),
      line(12, { cost_centre: 'SERVICE', vat_country: 'DE', vat_percent: '19', amount_excl_vat: '9.70', vat_amount: '2.03', amount_incl_vat: '11.73', original_currency: 'CHF', original_amount_excl_vat: '10.00', exchange_rate: '0.97' }),
    ],
    vat_breakdown: [
      { country: 'DE', percent: '19', sessions: 1, taxable_amount: '9.70', vat_amount: '2.03', amount_incl_vat: '11.73' },
      { country: 'NL', percent: '21', sessions: 1, taxable_amount: '6.70', vat_amount: '1.41', amount_incl_vat: '8.11' },
    ],
    cost_centres: [
      { cost_centre: 'SALES', sessions: 1, amount_excl_vat: '6.70', vat_amount: '1.41', amount_incl_vat: '8.11' },
      { cost_centre: 'SERVICE', sessions: 1, amount_excl_vat: '9.70', vat_amount: '2.03', amount_incl_vat: '11.73' },
    ],
    ...changes,
  };
}
