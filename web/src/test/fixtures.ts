// Objects as the API answers them (docs/api.md), for the page tests.
import type { CpoCdr, MspCdr, MspCdrDetail, Token } from '../api/types';

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
