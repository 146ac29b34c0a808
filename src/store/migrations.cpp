#include "store/migrations.h"

#include <array>
#include <charconv>
#include <optional>
#include <string>
#include <utility>

#include "store/postgres/postgres_database.h"
#include "store/sqlite/sqlite_database.h"

namespace openmsp::store {
namespace {

constexpr std::array kMigrations = {
    Migration{
        .version = 1,
        .name = "tenants and their OCPI party ids",
        .sqlite_sql = R"sql(
CREATE TABLE tenants (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  default_currency TEXT NOT NULL CHECK (length(default_currency) = 3),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE tenant_parties (
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  UNIQUE (country_code, party_id)
);
CREATE INDEX tenant_parties_by_tenant ON tenant_parties (tenant_id);
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE tenants (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  default_currency CHAR(3) NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE tenant_parties (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code CHAR(2) NOT NULL,
  party_id CHAR(3) NOT NULL,
  UNIQUE (country_code, party_id)
);
CREATE INDEX tenant_parties_by_tenant ON tenant_parties (tenant_id);
)sql",
    },
    Migration{
        .version = 2,
        .name = "organisation unit tree; the order of a tenant's party ids",
        .sqlite_sql = R"sql(
ALTER TABLE tenant_parties ADD COLUMN ordinal INTEGER NOT NULL DEFAULT 0;
CREATE TABLE organisation_units (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  parent_id INTEGER,
  name TEXT NOT NULL,
  billing_legal_name TEXT,
  billing_address TEXT,
  billing_vat_number TEXT,
  billing_email TEXT,
  billing_cost_centre TEXT,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES organisation_units (tenant_id, id),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE UNIQUE INDEX organisation_units_one_root ON organisation_units (tenant_id) WHERE parent_id IS NULL;
CREATE INDEX organisation_units_by_parent ON organisation_units (tenant_id, parent_id);
)sql",
        .postgresql_sql = R"sql(
ALTER TABLE tenant_parties ADD COLUMN ordinal INTEGER NOT NULL DEFAULT 0;
CREATE TABLE organisation_units (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  parent_id BIGINT,
  name TEXT NOT NULL,
  billing_legal_name TEXT,
  billing_address TEXT,
  billing_vat_number TEXT,
  billing_email TEXT,
  billing_cost_centre TEXT,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES organisation_units (tenant_id, id),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE UNIQUE INDEX organisation_units_one_root ON organisation_units (tenant_id) WHERE parent_id IS NULL;
CREATE INDEX organisation_units_by_parent ON organisation_units (tenant_id, parent_id);
)sql",
    },
    Migration{
        .version = 3,
        .name = "profiles and tokens",
        .sqlite_sql = R"sql(
CREATE TABLE profiles (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  organisation_unit_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('driver', 'vehicle')),
  email TEXT,
  prices_hidden INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id)
);
CREATE INDEX profiles_by_organisation_unit ON profiles (tenant_id, organisation_unit_id);
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  profile_id INTEGER NOT NULL,
  uid TEXT NOT NULL CHECK (length(uid) BETWEEN 1 AND 36),
  type TEXT NOT NULL CHECK (type IN ('AD_HOC_USER', 'APP_USER', 'EMAID', 'OTHER', 'RFID')),
  contract_id TEXT NOT NULL,
  visual_number TEXT,
  issuer TEXT NOT NULL,
  group_id TEXT,
  whitelist TEXT NOT NULL CHECK (whitelist IN ('ALWAYS', 'ALLOWED', 'ALLOWED_OFFLINE', 'NEVER')),
  language TEXT CHECK (length(language) = 2),
  valid_from TEXT,
  valid_until TEXT,
  cost_centre TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'blocked', 'expired', 'lost')),
  FOREIGN KEY (tenant_id, profile_id) REFERENCES profiles (tenant_id, id)
);
CREATE UNIQUE INDEX tokens_by_uid ON tokens (tenant_id, type, upper(uid));
CREATE INDEX tokens_by_contract_id ON tokens (tenant_id, contract_id);
CREATE INDEX tokens_by_profile ON tokens (tenant_id, profile_id);
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE profiles (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  organisation_unit_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('driver', 'vehicle')),
  email TEXT,
  prices_hidden BOOLEAN NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id)
);
CREATE INDEX profiles_by_organisation_unit ON profiles (tenant_id, organisation_unit_id);
CREATE TABLE tokens (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  profile_id BIGINT NOT NULL,
  uid TEXT NOT NULL CHECK (length(uid) BETWEEN 1 AND 36),
  type TEXT NOT NULL CHECK (type IN ('AD_HOC_USER', 'APP_USER', 'EMAID', 'OTHER', 'RFID')),
  contract_id TEXT NOT NULL,
  visual_number TEXT,
  issuer TEXT NOT NULL,
  group_id TEXT,
  whitelist TEXT NOT NULL CHECK (whitelist IN ('ALWAYS', 'ALLOWED', 'ALLOWED_OFFLINE', 'NEVER')),
  language TEXT CHECK (length(language) = 2),
  valid_from TIMESTAMPTZ,
  valid_until TIMESTAMPTZ,
  cost_centre TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'blocked', 'expired', 'lost')),
  FOREIGN KEY (tenant_id, profile_id) REFERENCES profiles (tenant_id, id)
);
CREATE UNIQUE INDEX tokens_by_uid ON tokens (tenant_id, type, upper(uid));
CREATE INDEX tokens_by_contract_id ON tokens (tenant_id, contract_id);
CREATE INDEX tokens_by_profile ON tokens (tenant_id, profile_id);
)sql",
    },
    Migration{
        .version = 4,
        .name = "a tenant's VAT table, branding and host names",
        .sqlite_sql = R"sql(
CREATE TABLE tenant_vat_rates (
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  valid_from TEXT NOT NULL CHECK (length(valid_from) = 10),
  percent TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, country_code, valid_from)
);
CREATE TABLE tenant_branding (
  tenant_id INTEGER PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  display_name TEXT NOT NULL,
  primary_colour TEXT NOT NULL,
  accent_colour TEXT NOT NULL,
  support_email TEXT,
  logo_media_type TEXT,
  logo_base64 TEXT
);
CREATE TABLE tenant_host_names (
  host_name TEXT PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL
);
CREATE INDEX tenant_host_names_by_tenant ON tenant_host_names (tenant_id);
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE tenant_vat_rates (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code CHAR(2) NOT NULL,
  valid_from DATE NOT NULL,
  percent NUMERIC NOT NULL,
  ordinal INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, country_code, valid_from)
);
CREATE TABLE tenant_branding (
  tenant_id BIGINT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  display_name TEXT NOT NULL,
  primary_colour TEXT NOT NULL,
  accent_colour TEXT NOT NULL,
  support_email TEXT,
  logo_media_type TEXT,
  logo_base64 TEXT
);
CREATE TABLE tenant_host_names (
  host_name TEXT PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL
);
CREATE INDEX tenant_host_names_by_tenant ON tenant_host_names (tenant_id);
)sql",
    },
    Migration{
        .version = 5,
        .name = "tokens.last_updated",
        .sqlite_sql = R"sql(
ALTER TABLE tokens ADD COLUMN last_updated TEXT NOT NULL DEFAULT '';
UPDATE tokens SET last_updated = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
CREATE INDEX tokens_by_last_updated ON tokens (tenant_id, last_updated, id);
)sql",
        .postgresql_sql = R"sql(
ALTER TABLE tokens ADD COLUMN last_updated TIMESTAMPTZ NOT NULL DEFAULT now();
ALTER TABLE tokens ALTER COLUMN last_updated DROP DEFAULT;
CREATE INDEX tokens_by_last_updated ON tokens (tenant_id, last_updated, id);
)sql",
    },
    Migration{
        .version = 6,
        .name = "the job table background work is taken from",
        .sqlite_sql = R"sql(
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER REFERENCES tenants (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
  payload TEXT NOT NULL,
  dedupe_key TEXT CHECK (length(dedupe_key) BETWEEN 1 AND 200),
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'dead')),
  attempts INTEGER NOT NULL CHECK (attempts >= 0),
  max_attempts INTEGER NOT NULL CHECK (max_attempts BETWEEN 1 AND 100),
  run_at TEXT NOT NULL,
  lease_owner TEXT,
  lease_expires_at TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((state = 'running') = (lease_expires_at IS NOT NULL)),
  CHECK (state <> 'running' OR lease_owner IS NOT NULL)
);
CREATE INDEX jobs_claimable ON jobs (run_at, id) WHERE state IN ('queued', 'running');
CREATE UNIQUE INDEX jobs_pending_dedupe ON jobs (coalesce(tenant_id, 0), kind, dedupe_key)
  WHERE dedupe_key IS NOT NULL AND state IN ('queued', 'running');
CREATE INDEX jobs_by_state ON jobs (state, id);
CREATE INDEX jobs_by_tenant ON jobs (tenant_id, state, id);
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE jobs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT REFERENCES tenants (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
  payload TEXT NOT NULL,
  dedupe_key TEXT CHECK (length(dedupe_key) BETWEEN 1 AND 200),
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'dead')),
  attempts INTEGER NOT NULL CHECK (attempts >= 0),
  max_attempts INTEGER NOT NULL CHECK (max_attempts BETWEEN 1 AND 100),
  run_at TIMESTAMPTZ NOT NULL,
  lease_owner TEXT,
  lease_expires_at TIMESTAMPTZ,
  last_error TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  CHECK ((state = 'running') = (lease_expires_at IS NOT NULL)),
  CHECK (state <> 'running' OR lease_owner IS NOT NULL)
);
CREATE INDEX jobs_claimable ON jobs (run_at, id) WHERE state IN ('queued', 'running');
CREATE UNIQUE INDEX jobs_pending_dedupe ON jobs (coalesce(tenant_id, 0), kind, dedupe_key)
  WHERE dedupe_key IS NOT NULL AND state IN ('queued', 'running');
CREATE INDEX jobs_by_state ON jobs (state, id);
CREATE INDEX jobs_by_tenant ON jobs (tenant_id, state, id);
)sql",
    },
    Migration{
        .version = 7,
        .name = "locations, EVSEs and connectors from CPOs; location groups; business partner groups",
        .sqlite_sql = R"sql(
CREATE TABLE location_groups (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  priority INTEGER NOT NULL,
  is_default INTEGER NOT NULL CHECK (is_default IN (0, 1)),
  min_power_kw TEXT,
  max_power_kw TEXT,
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX location_groups_by_name ON location_groups (tenant_id, lower(name));
CREATE UNIQUE INDEX location_groups_by_priority ON location_groups (tenant_id, priority) WHERE is_default = 0;
CREATE UNIQUE INDEX location_groups_one_default ON location_groups (tenant_id) WHERE is_default = 1;
INSERT INTO location_groups (tenant_id, name, priority, is_default) SELECT id, 'Default', 0, 1 FROM tenants;
CREATE TRIGGER tenants_default_location_group AFTER INSERT ON tenants BEGIN
  INSERT INTO location_groups (tenant_id, name, priority, is_default) VALUES (NEW.id, 'Default', 0, 1);
END;
CREATE TABLE location_group_criteria (
  tenant_id INTEGER NOT NULL,
  location_group_id INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('country', 'party', 'power_type', 'accessibility', 'evse_id')),
  value TEXT NOT NULL,
  PRIMARY KEY (location_group_id, kind, ordinal),
  FOREIGN KEY (tenant_id, location_group_id) REFERENCES location_groups (tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE locations (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  location_id TEXT NOT NULL CHECK (length(location_id) BETWEEN 1 AND 36),
  publish INTEGER NOT NULL CHECK (publish IN (0, 1)),
  name TEXT,
  address TEXT NOT NULL,
  city TEXT NOT NULL,
  postal_code TEXT,
  country TEXT NOT NULL CHECK (length(country) = 3),
  latitude TEXT NOT NULL,
  longitude TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  parking_type TEXT,
  facilities TEXT,
  accessibility_override TEXT CHECK (accessibility_override IN ('PUBLIC', 'SEMI_PRIVATE', 'PRIVATE')),
  last_updated TEXT NOT NULL,
  raw_json TEXT NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX locations_by_key ON locations (tenant_id, country_code, party_id, upper(location_id));
CREATE TABLE evses (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL,
  location_row_id INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  uid TEXT NOT NULL CHECK (length(uid) BETWEEN 1 AND 36),
  evse_id TEXT,
  evse_id_canonical TEXT,
  status TEXT NOT NULL,
  last_updated TEXT NOT NULL,
  raw_json TEXT NOT NULL,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, location_row_id) REFERENCES locations (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX evses_by_uid ON evses (tenant_id, location_row_id, upper(uid));
CREATE INDEX evses_by_evse_id ON evses (tenant_id, evse_id_canonical);
CREATE TABLE connectors (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL,
  evse_row_id INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  connector_id TEXT NOT NULL CHECK (length(connector_id) BETWEEN 1 AND 36),
  standard TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('SOCKET', 'CABLE')),
  power_type TEXT NOT NULL,
  max_voltage INTEGER NOT NULL,
  max_amperage INTEGER NOT NULL,
  max_electric_power INTEGER,
  tariff_ids TEXT,
  last_updated TEXT NOT NULL,
  raw_json TEXT NOT NULL,
  location_group_id INTEGER NOT NULL,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, evse_row_id) REFERENCES evses (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, location_group_id) REFERENCES location_groups (tenant_id, id)
);
CREATE UNIQUE INDEX connectors_by_id ON connectors (tenant_id, evse_row_id, upper(connector_id));
CREATE INDEX connectors_by_location_group ON connectors (tenant_id, location_group_id, id);
CREATE TABLE location_group_locations (
  tenant_id INTEGER NOT NULL,
  location_group_id INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  location_row_id INTEGER NOT NULL,
  PRIMARY KEY (location_group_id, location_row_id),
  FOREIGN KEY (tenant_id, location_group_id) REFERENCES location_groups (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, location_row_id) REFERENCES locations (tenant_id, id)
);
CREATE INDEX location_group_locations_by_location ON location_group_locations (tenant_id, location_row_id);
CREATE TABLE business_partner_groups (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX business_partner_groups_by_name ON business_partner_groups (tenant_id, lower(name));
CREATE TABLE business_partner_group_units (
  tenant_id INTEGER NOT NULL,
  business_partner_group_id INTEGER NOT NULL,
  organisation_unit_id INTEGER NOT NULL,
  PRIMARY KEY (business_partner_group_id, organisation_unit_id),
  FOREIGN KEY (tenant_id, business_partner_group_id) REFERENCES business_partner_groups (tenant_id, id)
    ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id)
);
CREATE INDEX business_partner_group_units_by_unit ON business_partner_group_units (tenant_id, organisation_unit_id);
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE location_groups (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  priority INTEGER NOT NULL,
  is_default BOOLEAN NOT NULL,
  min_power_kw NUMERIC,
  max_power_kw NUMERIC,
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX location_groups_by_name ON location_groups (tenant_id, lower(name));
CREATE UNIQUE INDEX location_groups_by_priority ON location_groups (tenant_id, priority) WHERE NOT is_default;
CREATE UNIQUE INDEX location_groups_one_default ON location_groups (tenant_id) WHERE is_default;
INSERT INTO location_groups (tenant_id, name, priority, is_default) SELECT id, 'Default', 0, TRUE FROM tenants;
CREATE FUNCTION add_default_location_group() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  INSERT INTO location_groups (tenant_id, name, priority, is_default) VALUES (NEW.id, 'Default', 0, TRUE);
  RETURN NEW;
END
$body$;
CREATE TRIGGER tenants_default_location_group AFTER INSERT ON tenants
  FOR EACH ROW EXECUTE FUNCTION add_default_location_group();
CREATE TABLE location_group_criteria (
  tenant_id BIGINT NOT NULL,
  location_group_id BIGINT NOT NULL,
  ordinal INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('country', 'party', 'power_type', 'accessibility', 'evse_id')),
  value TEXT NOT NULL,
  PRIMARY KEY (location_group_id, kind, ordinal),
  FOREIGN KEY (tenant_id, location_group_id) REFERENCES location_groups (tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE locations (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  location_id TEXT NOT NULL CHECK (length(location_id) BETWEEN 1 AND 36),
  publish BOOLEAN NOT NULL,
  name TEXT,
  address TEXT NOT NULL,
  city TEXT NOT NULL,
  postal_code TEXT,
  country TEXT NOT NULL CHECK (length(country) = 3),
  latitude TEXT NOT NULL,
  longitude TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  parking_type TEXT,
  facilities TEXT,
  accessibility_override TEXT CHECK (accessibility_override IN ('PUBLIC', 'SEMI_PRIVATE', 'PRIVATE')),
  last_updated TIMESTAMPTZ NOT NULL,
  raw_json TEXT NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX locations_by_key ON locations (tenant_id, country_code, party_id, upper(location_id));
CREATE TABLE evses (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL,
  location_row_id BIGINT NOT NULL,
  ordinal INTEGER NOT NULL,
  uid TEXT NOT NULL CHECK (length(uid) BETWEEN 1 AND 36),
  evse_id TEXT,
  evse_id_canonical TEXT,
  status TEXT NOT NULL,
  last_updated TIMESTAMPTZ NOT NULL,
  raw_json TEXT NOT NULL,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, location_row_id) REFERENCES locations (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX evses_by_uid ON evses (tenant_id, location_row_id, upper(uid));
CREATE INDEX evses_by_evse_id ON evses (tenant_id, evse_id_canonical);
CREATE TABLE connectors (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL,
  evse_row_id BIGINT NOT NULL,
  ordinal INTEGER NOT NULL,
  connector_id TEXT NOT NULL CHECK (length(connector_id) BETWEEN 1 AND 36),
  standard TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('SOCKET', 'CABLE')),
  power_type TEXT NOT NULL,
  max_voltage INTEGER NOT NULL,
  max_amperage INTEGER NOT NULL,
  max_electric_power INTEGER,
  tariff_ids TEXT,
  last_updated TIMESTAMPTZ NOT NULL,
  raw_json TEXT NOT NULL,
  location_group_id BIGINT NOT NULL,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, evse_row_id) REFERENCES evses (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, location_group_id) REFERENCES location_groups (tenant_id, id)
);
CREATE UNIQUE INDEX connectors_by_id ON connectors (tenant_id, evse_row_id, upper(connector_id));
CREATE INDEX connectors_by_location_group ON connectors (tenant_id, location_group_id, id);
CREATE TABLE location_group_locations (
  tenant_id BIGINT NOT NULL,
  location_group_id BIGINT NOT NULL,
  ordinal INTEGER NOT NULL,
  location_row_id BIGINT NOT NULL,
  PRIMARY KEY (location_group_id, location_row_id),
  FOREIGN KEY (tenant_id, location_group_id) REFERENCES location_groups (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, location_row_id) REFERENCES locations (tenant_id, id)
);
CREATE INDEX location_group_locations_by_location ON location_group_locations (tenant_id, location_row_id);
CREATE TABLE business_partner_groups (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX business_partner_groups_by_name ON business_partner_groups (tenant_id, lower(name));
CREATE TABLE business_partner_group_units (
  tenant_id BIGINT NOT NULL,
  business_partner_group_id BIGINT NOT NULL,
  organisation_unit_id BIGINT NOT NULL,
  PRIMARY KEY (business_partner_group_id, organisation_unit_id),
  FOREIGN KEY (tenant_id, business_partner_group_id) REFERENCES business_partner_groups (tenant_id, id)
    ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id)
);
CREATE INDEX business_partner_group_units_by_unit ON business_partner_group_units (tenant_id, organisation_unit_id);
)sql",
    },
    Migration{
        .version = 8,
        .name = "users and role assignments, OCPI peers with credentials and sync state, audit log",
        .sqlite_sql = R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  display_name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
  password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  profile_id INTEGER,
  created_at TEXT NOT NULL,
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, email),
  UNIQUE (tenant_id, profile_id),
  FOREIGN KEY (tenant_id, profile_id) REFERENCES profiles (tenant_id, id)
);
CREATE TABLE role_assignments (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL,
  role TEXT NOT NULL
    CHECK (role IN ('tenant_admin', 'ou_admin', 'fleet_manager', 'finance', 'viewer', 'driver')),
  organisation_unit_id INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (tenant_id, user_id, role, organisation_unit_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id)
);
CREATE INDEX role_assignments_by_organisation_unit ON role_assignments (tenant_id, organisation_unit_id);
CREATE TABLE ocpi_peers (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'connected', 'suspended', 'unregistered')),
  incoming_token_digest TEXT UNIQUE CHECK (length(incoming_token_digest) = 64),
  outgoing_token TEXT,
  outgoing_token_base64 INTEGER NOT NULL,
  versions_url TEXT,
  version TEXT,
  created_at TEXT NOT NULL,
  registered_at TEXT,
  UNIQUE (tenant_id, id),
  CHECK ((status = 'unregistered') = (incoming_token_digest IS NULL))
);
CREATE TABLE ocpi_peer_roles (
  tenant_id INTEGER NOT NULL,
  peer_id INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('CPO', 'EMSP', 'HUB', 'NAP', 'NSP', 'OTHER', 'SCSP')),
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  business_name TEXT NOT NULL,
  PRIMARY KEY (tenant_id, peer_id, role, country_code, party_id),
  FOREIGN KEY (tenant_id, peer_id) REFERENCES ocpi_peers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ocpi_peer_roles_by_party ON ocpi_peer_roles (tenant_id, country_code, party_id);
CREATE TABLE ocpi_peer_endpoints (
  tenant_id INTEGER NOT NULL,
  peer_id INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  module TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('SENDER', 'RECEIVER')),
  url TEXT NOT NULL,
  PRIMARY KEY (tenant_id, peer_id, module, role),
  FOREIGN KEY (tenant_id, peer_id) REFERENCES ocpi_peers (tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE ocpi_peer_sync_states (
  tenant_id INTEGER NOT NULL,
  peer_id INTEGER NOT NULL,
  module TEXT NOT NULL,
  last_attempt_at TEXT,
  last_success_at TEXT,
  last_error_at TEXT,
  date_from TEXT,
  last_error TEXT,
  PRIMARY KEY (tenant_id, peer_id, module),
  FOREIGN KEY (tenant_id, peer_id) REFERENCES ocpi_peers (tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE audit_entries (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id),
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'peer', 'system')),
  actor_user_id INTEGER,
  actor_peer_id INTEGER,
  actor_system TEXT,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT,
  recorded_at TEXT NOT NULL,
  CHECK ((actor_kind = 'user') = (actor_user_id IS NOT NULL)),
  CHECK ((actor_kind = 'peer') = (actor_peer_id IS NOT NULL)),
  CHECK ((actor_kind = 'system') = (actor_system IS NOT NULL)),
  FOREIGN KEY (tenant_id, actor_user_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, actor_peer_id) REFERENCES ocpi_peers (tenant_id, id)
);
CREATE INDEX audit_entries_by_time ON audit_entries (tenant_id, recorded_at, id);
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN
  SELECT RAISE(ABORT, 'audit_entries is append-only');
END;
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN
  SELECT RAISE(ABORT, 'audit_entries is append-only');
END;
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE users (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  display_name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
  password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  profile_id BIGINT,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, email),
  UNIQUE (tenant_id, profile_id),
  FOREIGN KEY (tenant_id, profile_id) REFERENCES profiles (tenant_id, id)
);
CREATE TABLE role_assignments (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  role TEXT NOT NULL
    CHECK (role IN ('tenant_admin', 'ou_admin', 'fleet_manager', 'finance', 'viewer', 'driver')),
  organisation_unit_id BIGINT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (tenant_id, user_id, role, organisation_unit_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id)
);
CREATE INDEX role_assignments_by_organisation_unit ON role_assignments (tenant_id, organisation_unit_id);
CREATE TABLE ocpi_peers (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'connected', 'suspended', 'unregistered')),
  incoming_token_digest TEXT UNIQUE CHECK (length(incoming_token_digest) = 64),
  outgoing_token TEXT,
  outgoing_token_base64 BOOLEAN NOT NULL,
  versions_url TEXT,
  version TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  registered_at TIMESTAMPTZ,
  UNIQUE (tenant_id, id),
  CHECK ((status = 'unregistered') = (incoming_token_digest IS NULL))
);
CREATE TABLE ocpi_peer_roles (
  tenant_id BIGINT NOT NULL,
  peer_id BIGINT NOT NULL,
  ordinal INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('CPO', 'EMSP', 'HUB', 'NAP', 'NSP', 'OTHER', 'SCSP')),
  country_code CHAR(2) NOT NULL,
  party_id CHAR(3) NOT NULL,
  business_name TEXT NOT NULL,
  PRIMARY KEY (tenant_id, peer_id, role, country_code, party_id),
  FOREIGN KEY (tenant_id, peer_id) REFERENCES ocpi_peers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ocpi_peer_roles_by_party ON ocpi_peer_roles (tenant_id, country_code, party_id);
CREATE TABLE ocpi_peer_endpoints (
  tenant_id BIGINT NOT NULL,
  peer_id BIGINT NOT NULL,
  ordinal INTEGER NOT NULL,
  module TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('SENDER', 'RECEIVER')),
  url TEXT NOT NULL,
  PRIMARY KEY (tenant_id, peer_id, module, role),
  FOREIGN KEY (tenant_id, peer_id) REFERENCES ocpi_peers (tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE ocpi_peer_sync_states (
  tenant_id BIGINT NOT NULL,
  peer_id BIGINT NOT NULL,
  module TEXT NOT NULL,
  last_attempt_at TIMESTAMPTZ,
  last_success_at TIMESTAMPTZ,
  last_error_at TIMESTAMPTZ,
  date_from TIMESTAMPTZ,
  last_error TEXT,
  PRIMARY KEY (tenant_id, peer_id, module),
  FOREIGN KEY (tenant_id, peer_id) REFERENCES ocpi_peers (tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE audit_entries (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id),
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'peer', 'system')),
  actor_user_id BIGINT,
  actor_peer_id BIGINT,
  actor_system TEXT,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT,
  recorded_at TIMESTAMPTZ NOT NULL,
  CHECK ((actor_kind = 'user') = (actor_user_id IS NOT NULL)),
  CHECK ((actor_kind = 'peer') = (actor_peer_id IS NOT NULL)),
  CHECK ((actor_kind = 'system') = (actor_system IS NOT NULL)),
  FOREIGN KEY (tenant_id, actor_user_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, actor_peer_id) REFERENCES ocpi_peers (tenant_id, id)
);
CREATE INDEX audit_entries_by_time ON audit_entries (tenant_id, recorded_at, id);
CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entries is append-only';
END
$$;
CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
)sql",
    },
    Migration{
        .version = 9,
        .name = "tariff codes, tariff plans, their versions and rules",
        .sqlite_sql = R"sql(
CREATE TABLE tariff_codes (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 36),
  kind TEXT NOT NULL
    CHECK (kind IN ('ENERGY', 'CHARGING_TIME', 'PARKING_TIME', 'SESSION_TIME', 'SESSION_FEE', 'CPO_COST')),
  unit TEXT NOT NULL CHECK (unit IN ('KWH', 'HOUR', 'MINUTE', 'SESSION', 'COST')),
  step_size TEXT NOT NULL,
  free_units TEXT NOT NULL,
  grace_period_minutes INTEGER NOT NULL CHECK (grace_period_minutes BETWEEN 0 AND 1440),
  description TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX tariff_codes_by_code ON tariff_codes (tenant_id, upper(code));
CREATE TABLE tariff_plans (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL UNIQUE REFERENCES tenants (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE TABLE tariff_plan_versions (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL,
  tariff_plan_id INTEGER NOT NULL,
  valid_from TEXT NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  min_session_price TEXT,
  max_session_price TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, valid_from),
  FOREIGN KEY (tenant_id, tariff_plan_id) REFERENCES tariff_plans (tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE tariff_plan_rules (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL,
  tariff_plan_version_id INTEGER NOT NULL,
  location_group_id INTEGER,
  business_partner_group_id INTEGER,
  tariff_code_id INTEGER NOT NULL,
  unit_price TEXT NOT NULL,
  priority INTEGER NOT NULL,
  start_minute INTEGER CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute INTEGER CHECK (end_minute BETWEEN 0 AND 1439),
  weekdays INTEGER NOT NULL CHECK (weekdays BETWEEN 0 AND 127),
  min_power_kw TEXT,
  max_power_kw TEXT,
  valid_from_date TEXT CHECK (length(valid_from_date) = 10),
  valid_until_date TEXT CHECK (length(valid_until_date) = 10),
  CHECK ((start_minute IS NULL) = (end_minute IS NULL)),
  FOREIGN KEY (tenant_id, tariff_plan_version_id) REFERENCES tariff_plan_versions (tenant_id, id)
    ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, location_group_id) REFERENCES location_groups (tenant_id, id),
  FOREIGN KEY (tenant_id, business_partner_group_id) REFERENCES business_partner_groups (tenant_id, id),
  FOREIGN KEY (tenant_id, tariff_code_id) REFERENCES tariff_codes (tenant_id, id)
);
CREATE INDEX tariff_plan_rules_by_version ON tariff_plan_rules (tenant_id, tariff_plan_version_id, id);
CREATE INDEX tariff_plan_rules_by_location_group ON tariff_plan_rules (tenant_id, location_group_id);
CREATE INDEX tariff_plan_rules_by_business_partner_group
  ON tariff_plan_rules (tenant_id, business_partner_group_id);
CREATE INDEX tariff_plan_rules_by_tariff_code ON tariff_plan_rules (tenant_id, tariff_code_id);
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE tariff_codes (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 36),
  kind TEXT NOT NULL
    CHECK (kind IN ('ENERGY', 'CHARGING_TIME', 'PARKING_TIME', 'SESSION_TIME', 'SESSION_FEE', 'CPO_COST')),
  unit TEXT NOT NULL CHECK (unit IN ('KWH', 'HOUR', 'MINUTE', 'SESSION', 'COST')),
  step_size NUMERIC NOT NULL,
  free_units NUMERIC NOT NULL,
  grace_period_minutes INTEGER NOT NULL CHECK (grace_period_minutes BETWEEN 0 AND 1440),
  description TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX tariff_codes_by_code ON tariff_codes (tenant_id, upper(code));
CREATE TABLE tariff_plans (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL UNIQUE REFERENCES tenants (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE TABLE tariff_plan_versions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL,
  tariff_plan_id BIGINT NOT NULL,
  valid_from TIMESTAMPTZ NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  min_session_price NUMERIC,
  max_session_price NUMERIC,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, valid_from),
  FOREIGN KEY (tenant_id, tariff_plan_id) REFERENCES tariff_plans (tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE tariff_plan_rules (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL,
  tariff_plan_version_id BIGINT NOT NULL,
  location_group_id BIGINT,
  business_partner_group_id BIGINT,
  tariff_code_id BIGINT NOT NULL,
  unit_price NUMERIC NOT NULL,
  priority INTEGER NOT NULL,
  start_minute INTEGER CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute INTEGER CHECK (end_minute BETWEEN 0 AND 1439),
  weekdays INTEGER NOT NULL CHECK (weekdays BETWEEN 0 AND 127),
  min_power_kw NUMERIC,
  max_power_kw NUMERIC,
  valid_from_date DATE,
  valid_until_date DATE,
  CHECK ((start_minute IS NULL) = (end_minute IS NULL)),
  FOREIGN KEY (tenant_id, tariff_plan_version_id) REFERENCES tariff_plan_versions (tenant_id, id)
    ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, location_group_id) REFERENCES location_groups (tenant_id, id),
  FOREIGN KEY (tenant_id, business_partner_group_id) REFERENCES business_partner_groups (tenant_id, id),
  FOREIGN KEY (tenant_id, tariff_code_id) REFERENCES tariff_codes (tenant_id, id)
);
CREATE INDEX tariff_plan_rules_by_version ON tariff_plan_rules (tenant_id, tariff_plan_version_id, id);
CREATE INDEX tariff_plan_rules_by_location_group ON tariff_plan_rules (tenant_id, location_group_id);
CREATE INDEX tariff_plan_rules_by_business_partner_group
  ON tariff_plan_rules (tenant_id, business_partner_group_id);
CREATE INDEX tariff_plan_rules_by_tariff_code ON tariff_plan_rules (tenant_id, tariff_code_id);
)sql",
    },
    Migration{
        .version = 10,
        .name = "live charging sessions as CPOs report them",
        .sqlite_sql = R"sql(
CREATE UNIQUE INDEX tokens_by_tenant_and_id ON tokens (tenant_id, id);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  session_id TEXT NOT NULL CHECK (length(session_id) BETWEEN 1 AND 36),
  start_date_time TEXT NOT NULL,
  end_date_time TEXT,
  kwh TEXT NOT NULL,
  token_country_code TEXT NOT NULL CHECK (length(token_country_code) = 2),
  token_party_id TEXT NOT NULL CHECK (length(token_party_id) = 3),
  token_uid TEXT NOT NULL CHECK (length(token_uid) BETWEEN 1 AND 36),
  token_type TEXT NOT NULL CHECK (token_type IN ('AD_HOC_USER', 'APP_USER', 'EMAID', 'OTHER', 'RFID')),
  token_contract_id TEXT NOT NULL CHECK (length(token_contract_id) BETWEEN 1 AND 36),
  auth_method TEXT NOT NULL CHECK (auth_method IN ('AUTH_REQUEST', 'COMMAND', 'WHITELIST')),
  authorization_reference TEXT,
  location_id TEXT NOT NULL,
  evse_uid TEXT NOT NULL,
  connector_id TEXT NOT NULL,
  meter_id TEXT,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  total_cost_excl_vat TEXT,
  total_cost_incl_vat TEXT,
  status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'COMPLETED', 'INVALID', 'PENDING', 'RESERVATION')),
  last_updated TEXT NOT NULL,
  raw_json TEXT NOT NULL,
  token_id INTEGER,
  profile_id INTEGER,
  organisation_unit_id INTEGER,
  cdr_country_code TEXT,
  cdr_party_id TEXT,
  cdr_id TEXT CHECK (length(cdr_id) BETWEEN 1 AND 39),
  UNIQUE (tenant_id, id),
  CHECK ((token_id IS NULL) = (profile_id IS NULL) AND (profile_id IS NULL) = (organisation_unit_id IS NULL)),
  CHECK ((cdr_id IS NULL) = (cdr_country_code IS NULL) AND (cdr_id IS NULL) = (cdr_party_id IS NULL)),
  CHECK (total_cost_incl_vat IS NULL OR total_cost_excl_vat IS NOT NULL),
  FOREIGN KEY (tenant_id, token_id) REFERENCES tokens (tenant_id, id),
  FOREIGN KEY (tenant_id, profile_id) REFERENCES profiles (tenant_id, id),
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id)
);
CREATE UNIQUE INDEX sessions_by_key ON sessions (tenant_id, country_code, party_id, upper(session_id));
CREATE INDEX sessions_live ON sessions (tenant_id, start_date_time, id)
  WHERE status IN ('ACTIVE', 'PENDING') AND cdr_id IS NULL;
CREATE INDEX sessions_live_by_unit ON sessions (tenant_id, organisation_unit_id, start_date_time, id)
  WHERE status IN ('ACTIVE', 'PENDING') AND cdr_id IS NULL;
CREATE INDEX sessions_live_by_profile ON sessions (tenant_id, profile_id, start_date_time, id)
  WHERE status IN ('ACTIVE', 'PENDING') AND cdr_id IS NULL;
CREATE INDEX sessions_live_by_token ON sessions (tenant_id, token_id, start_date_time, id)
  WHERE status IN ('ACTIVE', 'PENDING') AND cdr_id IS NULL;
)sql",
        .postgresql_sql = R"sql(
CREATE UNIQUE INDEX tokens_by_tenant_and_id ON tokens (tenant_id, id);
CREATE TABLE sessions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  session_id TEXT NOT NULL CHECK (length(session_id) BETWEEN 1 AND 36),
  start_date_time TIMESTAMPTZ NOT NULL,
  end_date_time TIMESTAMPTZ,
  kwh NUMERIC NOT NULL,
  token_country_code TEXT NOT NULL CHECK (length(token_country_code) = 2),
  token_party_id TEXT NOT NULL CHECK (length(token_party_id) = 3),
  token_uid TEXT NOT NULL CHECK (length(token_uid) BETWEEN 1 AND 36),
  token_type TEXT NOT NULL CHECK (token_type IN ('AD_HOC_USER', 'APP_USER', 'EMAID', 'OTHER', 'RFID')),
  token_contract_id TEXT NOT NULL CHECK (length(token_contract_id) BETWEEN 1 AND 36),
  auth_method TEXT NOT NULL CHECK (auth_method IN ('AUTH_REQUEST', 'COMMAND', 'WHITELIST')),
  authorization_reference TEXT,
  location_id TEXT NOT NULL,
  evse_uid TEXT NOT NULL,
  connector_id TEXT NOT NULL,
  meter_id TEXT,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  total_cost_excl_vat NUMERIC,
  total_cost_incl_vat NUMERIC,
  status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'COMPLETED', 'INVALID', 'PENDING', 'RESERVATION')),
  last_updated TIMESTAMPTZ NOT NULL,
  raw_json TEXT NOT NULL,
  token_id BIGINT,
  profile_id BIGINT,
  organisation_unit_id BIGINT,
  cdr_country_code TEXT,
  cdr_party_id TEXT,
  cdr_id TEXT CHECK (length(cdr_id) BETWEEN 1 AND 39),
  UNIQUE (tenant_id, id),
  CHECK ((token_id IS NULL) = (profile_id IS NULL) AND (profile_id IS NULL) = (organisation_unit_id IS NULL)),
  CHECK ((cdr_id IS NULL) = (cdr_country_code IS NULL) AND (cdr_id IS NULL) = (cdr_party_id IS NULL)),
  CHECK (total_cost_incl_vat IS NULL OR total_cost_excl_vat IS NOT NULL),
  FOREIGN KEY (tenant_id, token_id) REFERENCES tokens (tenant_id, id),
  FOREIGN KEY (tenant_id, profile_id) REFERENCES profiles (tenant_id, id),
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id)
);
CREATE UNIQUE INDEX sessions_by_key ON sessions (tenant_id, country_code, party_id, upper(session_id));
CREATE INDEX sessions_live ON sessions (tenant_id, start_date_time, id)
  WHERE status IN ('ACTIVE', 'PENDING') AND cdr_id IS NULL;
CREATE INDEX sessions_live_by_unit ON sessions (tenant_id, organisation_unit_id, start_date_time, id)
  WHERE status IN ('ACTIVE', 'PENDING') AND cdr_id IS NULL;
CREATE INDEX sessions_live_by_profile ON sessions (tenant_id, profile_id, start_date_time, id)
  WHERE status IN ('ACTIVE', 'PENDING') AND cdr_id IS NULL;
CREATE INDEX sessions_live_by_token ON sessions (tenant_id, token_id, start_date_time, id)
  WHERE status IN ('ACTIVE', 'PENDING') AND cdr_id IS NULL;
)sql",
    },
    Migration{
        .version = 11,
        .name = "CPO CDRs and refused conflicting CDR bodies",
        .sqlite_sql = R"sql(
CREATE TABLE cpo_cdrs (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  cdr_id TEXT NOT NULL CHECK (length(cdr_id) BETWEEN 1 AND 39),
  body TEXT NOT NULL,
  body_sha256 TEXT NOT NULL CHECK (length(body_sha256) = 64),
  start_unix_ms INTEGER NOT NULL,
  end_unix_ms INTEGER NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  total_cost_excl_vat TEXT NOT NULL,
  total_cost_incl_vat TEXT,
  total_energy TEXT NOT NULL,
  total_time TEXT NOT NULL,
  token_uid TEXT NOT NULL,
  token_type TEXT NOT NULL CHECK (token_type IN ('AD_HOC_USER', 'APP_USER', 'EMAID', 'OTHER', 'RFID')),
  contract_id TEXT NOT NULL,
  location_id TEXT NOT NULL,
  evse_uid TEXT NOT NULL,
  last_updated_unix_ms INTEGER NOT NULL,
  organisation_unit_id INTEGER,
  received_unix_ms INTEGER NOT NULL,
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id)
);
CREATE UNIQUE INDEX cpo_cdrs_by_key ON cpo_cdrs (tenant_id, country_code, party_id, upper(cdr_id));
CREATE INDEX cpo_cdrs_by_start ON cpo_cdrs (tenant_id, start_unix_ms, id);
CREATE INDEX cpo_cdrs_by_unit_and_start ON cpo_cdrs (tenant_id, organisation_unit_id, start_unix_ms, id);
CREATE TABLE cpo_cdr_conflicts (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  cpo_cdr_id INTEGER NOT NULL REFERENCES cpo_cdrs (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL,
  party_id TEXT NOT NULL,
  cdr_id TEXT NOT NULL,
  body TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  received_unix_ms INTEGER NOT NULL
);
CREATE INDEX cpo_cdr_conflicts_by_key ON cpo_cdr_conflicts (tenant_id, country_code, party_id, upper(cdr_id));
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE cpo_cdrs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  cdr_id TEXT NOT NULL CHECK (length(cdr_id) BETWEEN 1 AND 39),
  body TEXT COMPRESSION lz4 NOT NULL,
  body_sha256 TEXT NOT NULL CHECK (length(body_sha256) = 64),
  start_unix_ms BIGINT NOT NULL,
  end_unix_ms BIGINT NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  total_cost_excl_vat TEXT NOT NULL,
  total_cost_incl_vat TEXT,
  total_energy TEXT NOT NULL,
  total_time TEXT NOT NULL,
  token_uid TEXT NOT NULL,
  token_type TEXT NOT NULL CHECK (token_type IN ('AD_HOC_USER', 'APP_USER', 'EMAID', 'OTHER', 'RFID')),
  contract_id TEXT NOT NULL,
  location_id TEXT NOT NULL,
  evse_uid TEXT NOT NULL,
  last_updated_unix_ms BIGINT NOT NULL,
  organisation_unit_id BIGINT,
  received_unix_ms BIGINT NOT NULL,
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id)
);
CREATE UNIQUE INDEX cpo_cdrs_by_key ON cpo_cdrs (tenant_id, country_code, party_id, upper(cdr_id));
CREATE INDEX cpo_cdrs_by_start ON cpo_cdrs (tenant_id, start_unix_ms, id);
CREATE INDEX cpo_cdrs_by_unit_and_start ON cpo_cdrs (tenant_id, organisation_unit_id, start_unix_ms, id);
CREATE TABLE cpo_cdr_conflicts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  cpo_cdr_id BIGINT NOT NULL REFERENCES cpo_cdrs (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL,
  party_id TEXT NOT NULL,
  cdr_id TEXT NOT NULL,
  body TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  received_unix_ms BIGINT NOT NULL
);
CREATE INDEX cpo_cdr_conflicts_by_key ON cpo_cdr_conflicts (tenant_id, country_code, party_id, upper(cdr_id));
)sql",
    },
    Migration{
        .version = 12,
        .name = "a tenant's exchange rates and rating settings",
        .sqlite_sql = R"sql(
CREATE TABLE tenant_exchange_rates (
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  from_currency TEXT NOT NULL CHECK (length(from_currency) = 3),
  to_currency TEXT NOT NULL CHECK (length(to_currency) = 3),
  valid_from TEXT NOT NULL CHECK (length(valid_from) = 10),
  rate TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, from_currency, to_currency, valid_from),
  CHECK (from_currency <> to_currency)
);
CREATE TABLE tenant_rating_settings (
  tenant_id INTEGER PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  max_energy_kwh TEXT NOT NULL,
  max_session_duration_hours INTEGER NOT NULL CHECK (max_session_duration_hours BETWEEN 1 AND 744),
  cost_audit_tolerance TEXT NOT NULL
);
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE tenant_exchange_rates (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  from_currency CHAR(3) NOT NULL,
  to_currency CHAR(3) NOT NULL,
  valid_from DATE NOT NULL,
  rate NUMERIC NOT NULL CHECK (rate > 0),
  ordinal INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, from_currency, to_currency, valid_from),
  CHECK (from_currency <> to_currency)
);
CREATE TABLE tenant_rating_settings (
  tenant_id BIGINT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  max_energy_kwh NUMERIC NOT NULL CHECK (max_energy_kwh > 0),
  max_session_duration_hours INTEGER NOT NULL CHECK (max_session_duration_hours BETWEEN 1 AND 744),
  cost_audit_tolerance NUMERIC NOT NULL CHECK (cost_audit_tolerance >= 0)
);
)sql",
    },
    Migration{
        .version = 13,
        .name = "MSP CDRs with their lines and business partner groups",
        .sqlite_sql = R"sql(
CREATE UNIQUE INDEX cpo_cdrs_by_tenant_and_id ON cpo_cdrs (tenant_id, id);
CREATE UNIQUE INDEX tariff_plan_rules_by_tenant_and_id ON tariff_plan_rules (tenant_id, id);
CREATE TABLE msp_cdrs (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  cpo_cdr_id INTEGER NOT NULL,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  session_start TEXT NOT NULL,
  session_end TEXT NOT NULL,
  attention_reason TEXT CHECK (attention_reason IN ('UNREADABLE_CDR', 'UNKNOWN_TOKEN', 'UNKNOWN_TIME_ZONE',
    'NO_PLAN_VERSION', 'NO_MATCHING_RULE', 'NO_EXCHANGE_RATE', 'NO_VAT_RATE', 'UNKNOWN_CREDIT_REFERENCE',
    'END_BEFORE_START', 'ENERGY_OUT_OF_RANGE', 'DURATION_TOO_LONG', 'TOTALS_INCONSISTENT', 'IN_FUTURE')),
  attention_detail TEXT NOT NULL,
  token_id INTEGER,
  profile_id INTEGER,
  organisation_unit_id INTEGER,
  billing_unit_id INTEGER,
  location_group_id INTEGER,
  plan_version_id INTEGER,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  total_excl_vat TEXT NOT NULL,
  vat_percent TEXT NOT NULL,
  vat_country TEXT CHECK (length(vat_country) = 2),
  vat_amount TEXT NOT NULL,
  total_incl_vat TEXT NOT NULL,
  cpo_currency TEXT NOT NULL CHECK (length(cpo_currency) = 3),
  cpo_cost_excl_vat TEXT NOT NULL,
  exchange_rate TEXT,
  cpo_cost TEXT NOT NULL,
  margin TEXT NOT NULL,
  credit_of INTEGER,
  audit_recomputed_cost_excl_vat TEXT,
  audit_difference TEXT,
  audit_discrepancy INTEGER CHECK (audit_discrepancy IN (0, 1)),
  explanation TEXT NOT NULL,
  rated_at TEXT NOT NULL,
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, cpo_cdr_id),
  CHECK (attention_reason IS NOT NULL OR (token_id IS NOT NULL AND profile_id IS NOT NULL AND
    organisation_unit_id IS NOT NULL AND location_group_id IS NOT NULL AND plan_version_id IS NOT NULL AND
    vat_country IS NOT NULL)),
  CHECK ((audit_recomputed_cost_excl_vat IS NULL) = (audit_difference IS NULL) AND
    (audit_difference IS NULL) = (audit_discrepancy IS NULL)),
  FOREIGN KEY (tenant_id, cpo_cdr_id) REFERENCES cpo_cdrs (tenant_id, id),
  FOREIGN KEY (tenant_id, credit_of) REFERENCES msp_cdrs (tenant_id, id),
  FOREIGN KEY (tenant_id, token_id) REFERENCES tokens (tenant_id, id),
  FOREIGN KEY (tenant_id, profile_id) REFERENCES profiles (tenant_id, id),
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id),
  FOREIGN KEY (tenant_id, billing_unit_id) REFERENCES organisation_units (tenant_id, id),
  FOREIGN KEY (tenant_id, location_group_id) REFERENCES location_groups (tenant_id, id),
  FOREIGN KEY (tenant_id, plan_version_id) REFERENCES tariff_plan_versions (tenant_id, id)
);
CREATE INDEX msp_cdrs_by_start ON msp_cdrs (tenant_id, session_start, id);
CREATE INDEX msp_cdrs_needing_attention ON msp_cdrs (tenant_id, session_start, id)
  WHERE attention_reason IS NOT NULL;
CREATE INDEX msp_cdrs_by_attention_reason ON msp_cdrs (tenant_id, attention_reason, session_start, id)
  WHERE attention_reason IS NOT NULL;
CREATE INDEX msp_cdrs_by_credit_of ON msp_cdrs (tenant_id, credit_of) WHERE credit_of IS NOT NULL;
CREATE TABLE msp_cdr_lines (
  tenant_id INTEGER NOT NULL,
  msp_cdr_id INTEGER NOT NULL,
  position INTEGER NOT NULL CHECK (position >= 0),
  kind TEXT NOT NULL CHECK (kind IN ('RULE', 'MINIMUM_PRICE', 'MAXIMUM_PRICE')),
  tariff_code_id INTEGER,
  rule_id INTEGER,
  unit TEXT NOT NULL CHECK (unit IN ('KWH', 'HOUR', 'MINUTE', 'SESSION', 'COST')),
  measured TEXT NOT NULL,
  quantity TEXT NOT NULL,
  unit_price TEXT NOT NULL,
  amount TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (tenant_id, msp_cdr_id, position),
  CHECK ((kind = 'RULE') = (tariff_code_id IS NOT NULL) AND (kind = 'RULE') = (rule_id IS NOT NULL)),
  FOREIGN KEY (tenant_id, msp_cdr_id) REFERENCES msp_cdrs (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, tariff_code_id) REFERENCES tariff_codes (tenant_id, id),
  FOREIGN KEY (tenant_id, rule_id) REFERENCES tariff_plan_rules (tenant_id, id)
) WITHOUT ROWID;
CREATE TABLE msp_cdr_business_partner_groups (
  tenant_id INTEGER NOT NULL,
  msp_cdr_id INTEGER NOT NULL,
  position INTEGER NOT NULL CHECK (position >= 0),
  business_partner_group_id INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, msp_cdr_id, position),
  FOREIGN KEY (tenant_id, msp_cdr_id) REFERENCES msp_cdrs (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, business_partner_group_id) REFERENCES business_partner_groups (tenant_id, id)
) WITHOUT ROWID;
)sql",
        .postgresql_sql = R"sql(
CREATE UNIQUE INDEX cpo_cdrs_by_tenant_and_id ON cpo_cdrs (tenant_id, id);
CREATE UNIQUE INDEX tariff_plan_rules_by_tenant_and_id ON tariff_plan_rules (tenant_id, id);
CREATE TABLE msp_cdrs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  cpo_cdr_id BIGINT NOT NULL,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  session_start TIMESTAMPTZ NOT NULL,
  session_end TIMESTAMPTZ NOT NULL,
  attention_reason TEXT CHECK (attention_reason IN ('UNREADABLE_CDR', 'UNKNOWN_TOKEN', 'UNKNOWN_TIME_ZONE',
    'NO_PLAN_VERSION', 'NO_MATCHING_RULE', 'NO_EXCHANGE_RATE', 'NO_VAT_RATE', 'UNKNOWN_CREDIT_REFERENCE',
    'END_BEFORE_START', 'ENERGY_OUT_OF_RANGE', 'DURATION_TOO_LONG', 'TOTALS_INCONSISTENT', 'IN_FUTURE')),
  attention_detail TEXT NOT NULL,
  token_id BIGINT,
  profile_id BIGINT,
  organisation_unit_id BIGINT,
  billing_unit_id BIGINT,
  location_group_id BIGINT,
  plan_version_id BIGINT,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  total_excl_vat NUMERIC NOT NULL,
  vat_percent NUMERIC NOT NULL,
  vat_country TEXT CHECK (length(vat_country) = 2),
  vat_amount NUMERIC NOT NULL,
  total_incl_vat NUMERIC NOT NULL,
  cpo_currency TEXT NOT NULL CHECK (length(cpo_currency) = 3),
  cpo_cost_excl_vat NUMERIC NOT NULL,
  exchange_rate NUMERIC,
  cpo_cost NUMERIC NOT NULL,
  margin NUMERIC NOT NULL,
  credit_of BIGINT,
  audit_recomputed_cost_excl_vat NUMERIC,
  audit_difference NUMERIC,
  audit_discrepancy BOOLEAN,
  explanation TEXT NOT NULL,
  rated_at TIMESTAMPTZ NOT NULL,
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, cpo_cdr_id),
  CHECK (attention_reason IS NOT NULL OR (token_id IS NOT NULL AND profile_id IS NOT NULL AND
    organisation_unit_id IS NOT NULL AND location_group_id IS NOT NULL AND plan_version_id IS NOT NULL AND
    vat_country IS NOT NULL)),
  CHECK ((audit_recomputed_cost_excl_vat IS NULL) = (audit_difference IS NULL) AND
    (audit_difference IS NULL) = (audit_discrepancy IS NULL)),
  FOREIGN KEY (tenant_id, cpo_cdr_id) REFERENCES cpo_cdrs (tenant_id, id),
  FOREIGN KEY (tenant_id, credit_of) REFERENCES msp_cdrs (tenant_id, id),
  FOREIGN KEY (tenant_id, token_id) REFERENCES tokens (tenant_id, id),
  FOREIGN KEY (tenant_id, profile_id) REFERENCES profiles (tenant_id, id),
  FOREIGN KEY (tenant_id, organisation_unit_id) REFERENCES organisation_units (tenant_id, id),
  FOREIGN KEY (tenant_id, billing_unit_id) REFERENCES organisation_units (tenant_id, id),
  FOREIGN KEY (tenant_id, location_group_id) REFERENCES location_groups (tenant_id, id),
  FOREIGN KEY (tenant_id, plan_version_id) REFERENCES tariff_plan_versions (tenant_id, id)
);
CREATE INDEX msp_cdrs_by_start ON msp_cdrs (tenant_id, session_start, id);
CREATE INDEX msp_cdrs_needing_attention ON msp_cdrs (tenant_id, session_start, id)
  WHERE attention_reason IS NOT NULL;
CREATE INDEX msp_cdrs_by_attention_reason ON msp_cdrs (tenant_id, attention_reason, session_start, id)
  WHERE attention_reason IS NOT NULL;
CREATE INDEX msp_cdrs_by_credit_of ON msp_cdrs (tenant_id, credit_of) WHERE credit_of IS NOT NULL;
CREATE TABLE msp_cdr_lines (
  tenant_id BIGINT NOT NULL,
  msp_cdr_id BIGINT NOT NULL,
  position INTEGER NOT NULL CHECK (position >= 0),
  kind TEXT NOT NULL CHECK (kind IN ('RULE', 'MINIMUM_PRICE', 'MAXIMUM_PRICE')),
  tariff_code_id BIGINT,
  rule_id BIGINT,
  unit TEXT NOT NULL CHECK (unit IN ('KWH', 'HOUR', 'MINUTE', 'SESSION', 'COST')),
  measured NUMERIC NOT NULL,
  quantity NUMERIC NOT NULL,
  unit_price NUMERIC NOT NULL,
  amount NUMERIC NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (tenant_id, msp_cdr_id, position),
  CHECK ((kind = 'RULE') = (tariff_code_id IS NOT NULL) AND (kind = 'RULE') = (rule_id IS NOT NULL)),
  FOREIGN KEY (tenant_id, msp_cdr_id) REFERENCES msp_cdrs (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, tariff_code_id) REFERENCES tariff_codes (tenant_id, id),
  FOREIGN KEY (tenant_id, rule_id) REFERENCES tariff_plan_rules (tenant_id, id)
);
CREATE TABLE msp_cdr_business_partner_groups (
  tenant_id BIGINT NOT NULL,
  msp_cdr_id BIGINT NOT NULL,
  position INTEGER NOT NULL CHECK (position >= 0),
  business_partner_group_id BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, msp_cdr_id, position),
  FOREIGN KEY (tenant_id, msp_cdr_id) REFERENCES msp_cdrs (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, business_partner_group_id) REFERENCES business_partner_groups (tenant_id, id)
);
)sql",
    },
    Migration{
        .version = 14,
        .name = "OCPI commands sent to CPOs and their outcomes",
        .sqlite_sql = R"sql(
CREATE TABLE ocpi_commands (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  peer_id INTEGER NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('CANCEL_RESERVATION', 'RESERVE_NOW', 'START_SESSION', 'STOP_SESSION',
    'UNLOCK_CONNECTOR')),
  uid TEXT NOT NULL CHECK (length(uid) BETWEEN 1 AND 36),
  cpo_country_code TEXT NOT NULL CHECK (length(cpo_country_code) = 2),
  cpo_party_id TEXT NOT NULL CHECK (length(cpo_party_id) = 3),
  request_body TEXT NOT NULL,
  authorization_reference TEXT,
  state TEXT NOT NULL CHECK (state IN ('requested', 'accepted', 'rejected', 'not_supported', 'unknown_session',
    'unreachable', 'succeeded', 'failed', 'timed_out', 'canceled')),
  requested_at TEXT NOT NULL,
  deadline TEXT NOT NULL,
  answered_at TEXT,
  timeout_seconds INTEGER,
  response_message TEXT NOT NULL,
  result TEXT CHECK (result IN ('ACCEPTED', 'CANCELED_RESERVATION', 'EVSE_OCCUPIED', 'EVSE_INOPERATIVE', 'FAILED',
    'NOT_SUPPORTED', 'REJECTED', 'TIMEOUT', 'UNKNOWN_RESERVATION')),
  result_at TEXT,
  result_message TEXT NOT NULL,
  canceled_at TEXT,
  UNIQUE (tenant_id, uid),
  CHECK ((result IS NULL) = (result_at IS NULL)),
  FOREIGN KEY (tenant_id, peer_id) REFERENCES ocpi_peers (tenant_id, id)
);
CREATE INDEX ocpi_commands_awaiting_outcome ON ocpi_commands (tenant_id, deadline)
  WHERE state IN ('requested', 'accepted');
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE ocpi_commands (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  peer_id BIGINT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('CANCEL_RESERVATION', 'RESERVE_NOW', 'START_SESSION', 'STOP_SESSION',
    'UNLOCK_CONNECTOR')),
  uid TEXT NOT NULL CHECK (length(uid) BETWEEN 1 AND 36),
  cpo_country_code CHAR(2) NOT NULL,
  cpo_party_id CHAR(3) NOT NULL,
  request_body TEXT NOT NULL,
  authorization_reference TEXT,
  state TEXT NOT NULL CHECK (state IN ('requested', 'accepted', 'rejected', 'not_supported', 'unknown_session',
    'unreachable', 'succeeded', 'failed', 'timed_out', 'canceled')),
  requested_at TIMESTAMPTZ NOT NULL,
  deadline TIMESTAMPTZ NOT NULL,
  answered_at TIMESTAMPTZ,
  timeout_seconds BIGINT,
  response_message TEXT NOT NULL,
  result TEXT CHECK (result IN ('ACCEPTED', 'CANCELED_RESERVATION', 'EVSE_OCCUPIED', 'EVSE_INOPERATIVE', 'FAILED',
    'NOT_SUPPORTED', 'REJECTED', 'TIMEOUT', 'UNKNOWN_RESERVATION')),
  result_at TIMESTAMPTZ,
  result_message TEXT NOT NULL,
  canceled_at TIMESTAMPTZ,
  UNIQUE (tenant_id, uid),
  CHECK ((result IS NULL) = (result_at IS NULL)),
  FOREIGN KEY (tenant_id, peer_id) REFERENCES ocpi_peers (tenant_id, id)
);
CREATE INDEX ocpi_commands_awaiting_outcome ON ocpi_commands (tenant_id, deadline)
  WHERE state IN ('requested', 'accepted');
)sql",
    },
    Migration{
        .version = 15,
        .name = "the tariffs CPOs push over OCPI",
        .sqlite_sql = R"sql(
CREATE TABLE cpo_tariffs (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  tariff_id TEXT NOT NULL CHECK (length(tariff_id) BETWEEN 1 AND 36),
  last_updated TEXT NOT NULL,
  raw_json TEXT NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX cpo_tariffs_by_key ON cpo_tariffs (tenant_id, country_code, party_id, upper(tariff_id));
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE cpo_tariffs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  tariff_id TEXT NOT NULL CHECK (length(tariff_id) BETWEEN 1 AND 36),
  last_updated TIMESTAMPTZ NOT NULL,
  raw_json TEXT NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX cpo_tariffs_by_key ON cpo_tariffs (tenant_id, country_code, party_id, upper(tariff_id));
)sql",
    },
    Migration{
        .version = 16,
        .name = "the parties behind each hub peer, as the hub reported them (OCPI hubclientinfo)",
        .sqlite_sql = R"sql(
CREATE TABLE hub_clients (
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  peer_id INTEGER NOT NULL,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  role TEXT NOT NULL CHECK (role IN ('CPO', 'EMSP', 'HUB', 'NAP', 'NSP', 'OTHER', 'SCSP')),
  status TEXT NOT NULL CHECK (status IN ('CONNECTED', 'OFFLINE', 'PLANNED', 'SUSPENDED')),
  last_updated TEXT NOT NULL,
  PRIMARY KEY (tenant_id, peer_id, country_code, party_id),
  FOREIGN KEY (tenant_id, peer_id) REFERENCES ocpi_peers (tenant_id, id) ON DELETE CASCADE
);
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE hub_clients (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  peer_id BIGINT NOT NULL,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  role TEXT NOT NULL CHECK (role IN ('CPO', 'EMSP', 'HUB', 'NAP', 'NSP', 'OTHER', 'SCSP')),
  status TEXT NOT NULL CHECK (status IN ('CONNECTED', 'OFFLINE', 'PLANNED', 'SUSPENDED')),
  last_updated TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (tenant_id, peer_id, country_code, party_id),
  FOREIGN KEY (tenant_id, peer_id) REFERENCES ocpi_peers (tenant_id, id) ON DELETE CASCADE
);
)sql",
    },
    Migration{
        .version = 17,
        .name = "indexes for the Control Centre's location search (country, latitude)",
        .sqlite_sql = R"sql(
CREATE INDEX locations_by_country ON locations (tenant_id, country, id);
CREATE INDEX locations_by_latitude ON locations (tenant_id, CAST(latitude AS NUMERIC));
)sql",
        .postgresql_sql = R"sql(
CREATE INDEX locations_by_country ON locations (tenant_id, country, id);
CREATE INDEX locations_by_latitude ON locations (tenant_id, (CAST(latitude AS NUMERIC)));
)sql",
    },
    Migration{
        .version = 18,
        .name = "the last contract number each tenant issued per eMSP party; tokens by status",
        .sqlite_sql = R"sql(
CREATE TABLE contract_id_counters (
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  last_number INTEGER NOT NULL CHECK (last_number BETWEEN 1 AND 99999999),
  PRIMARY KEY (tenant_id, country_code, party_id)
);
CREATE INDEX tokens_by_status ON tokens (tenant_id, status, id);
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE contract_id_counters (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  country_code TEXT NOT NULL CHECK (length(country_code) = 2),
  party_id TEXT NOT NULL CHECK (length(party_id) = 3),
  last_number BIGINT NOT NULL CHECK (last_number BETWEEN 1 AND 99999999),
  PRIMARY KEY (tenant_id, country_code, party_id)
);
CREATE INDEX tokens_by_status ON tokens (tenant_id, status, id);
)sql",
    },
    Migration{
        .version = 19,
        .name = "the Control Centre API's browser sessions, API keys, password reset tokens and failed logins",
        .sqlite_sql = R"sql(
CREATE TABLE web_sessions (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL,
  token_digest TEXT NOT NULL UNIQUE CHECK (length(token_digest) = 64),
  csrf_digest TEXT NOT NULL CHECK (length(csrf_digest) = 64),
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX web_sessions_by_user ON web_sessions (tenant_id, user_id);
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 400),
  digest TEXT NOT NULL UNIQUE CHECK (length(digest) = 64),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE UNIQUE INDEX api_keys_unrevoked_name ON api_keys (tenant_id, user_id, name) WHERE revoked_at IS NULL;
CREATE TABLE password_resets (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL,
  created_by INTEGER NOT NULL,
  digest TEXT NOT NULL UNIQUE CHECK (length(digest) = 64),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
);
CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('email', 'client_address')),
  subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 254),
  failed_at TEXT NOT NULL
);
CREATE INDEX login_failures_by_subject ON login_failures (tenant_id, subject_kind, subject, failed_at);
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE web_sessions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  token_digest TEXT NOT NULL UNIQUE CHECK (length(token_digest) = 64),
  csrf_digest TEXT NOT NULL CHECK (length(csrf_digest) = 64),
  created_at TIMESTAMPTZ NOT NULL,
  last_seen_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX web_sessions_by_user ON web_sessions (tenant_id, user_id);
CREATE TABLE api_keys (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 400),
  digest TEXT NOT NULL UNIQUE CHECK (length(digest) = 64),
  created_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE UNIQUE INDEX api_keys_unrevoked_name ON api_keys (tenant_id, user_id, name) WHERE revoked_at IS NULL;
CREATE TABLE password_resets (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  digest TEXT NOT NULL UNIQUE CHECK (length(digest) = 64),
  created_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  used_at TIMESTAMPTZ,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
);
CREATE TABLE login_failures (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('email', 'client_address')),
  subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 254),
  failed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_by_subject ON login_failures (tenant_id, subject_kind, subject, failed_at);
)sql",
    },
    Migration{
        .version = 20,
        .name = "MSP CDR lists by driver profile and by CPO, in session start order",
        .sqlite_sql = R"sql(
CREATE INDEX msp_cdrs_by_profile ON msp_cdrs (tenant_id, profile_id, session_start, id);
CREATE INDEX msp_cdrs_by_cpo ON msp_cdrs (tenant_id, country_code, party_id, session_start, id);
)sql",
        .postgresql_sql = R"sql(
CREATE INDEX msp_cdrs_by_profile ON msp_cdrs (tenant_id, profile_id, session_start, id);
CREATE INDEX msp_cdrs_by_cpo ON msp_cdrs (tenant_id, country_code, party_id, session_start, id);
)sql",
    },
    Migration{
        .version = 21,
        .name = "billing runs, invoices and credit notes, their lines, invoiced MSP CDRs and invoice numbers",
        .sqlite_sql = R"sql(
CREATE TABLE billing_runs (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  period TEXT NOT NULL CHECK (length(period) = 7),
  started_at TEXT NOT NULL,
  completed_at TEXT,
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, period)
);
CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  run_id INTEGER NOT NULL,
  period TEXT NOT NULL CHECK (length(period) = 7),
  kind TEXT NOT NULL CHECK (kind IN ('INVOICE', 'CREDIT_NOTE')),
  billing_unit_id INTEGER,
  profile_id INTEGER,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  credited_invoice_id INTEGER,
  invoice_key TEXT NOT NULL,
  total_excl_vat TEXT NOT NULL,
  vat_amount TEXT NOT NULL,
  total_incl_vat TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('DRAFT', 'ISSUED', 'PAID', 'VOID')),
  number_year INTEGER,
  number_sequence INTEGER,
  created_at TEXT NOT NULL,
  issued_at TEXT,
  paid_at TEXT,
  voided_at TEXT,
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, run_id, invoice_key),
  UNIQUE (tenant_id, number_year, number_sequence),
  CHECK ((billing_unit_id IS NULL) <> (profile_id IS NULL)),
  CHECK ((kind = 'CREDIT_NOTE') = (credited_invoice_id IS NOT NULL)),
  CHECK ((number_year IS NULL) = (number_sequence IS NULL) AND (number_sequence IS NULL) = (issued_at IS NULL)),
  FOREIGN KEY (tenant_id, run_id) REFERENCES billing_runs (tenant_id, id),
  FOREIGN KEY (tenant_id, billing_unit_id) REFERENCES organisation_units (tenant_id, id),
  FOREIGN KEY (tenant_id, profile_id) REFERENCES profiles (tenant_id, id),
  FOREIGN KEY (tenant_id, credited_invoice_id) REFERENCES invoices (tenant_id, id)
);
CREATE INDEX invoices_by_status ON invoices (tenant_id, status, id);
CREATE TABLE invoice_lines (
  tenant_id INTEGER NOT NULL,
  invoice_id INTEGER NOT NULL,
  position INTEGER NOT NULL CHECK (position >= 0),
  msp_cdr_id INTEGER NOT NULL,
  session_start TEXT NOT NULL,
  location TEXT NOT NULL,
  evse TEXT NOT NULL,
  card TEXT NOT NULL,
  cost_centre TEXT NOT NULL,
  energy_kwh TEXT NOT NULL,
  duration_hours TEXT NOT NULL,
  vat_country TEXT NOT NULL CHECK (length(vat_country) = 2),
  vat_percent TEXT NOT NULL,
  amount_excl_vat TEXT NOT NULL,
  vat_amount TEXT NOT NULL,
  amount_incl_vat TEXT NOT NULL,
  original_currency TEXT CHECK (length(original_currency) = 3),
  original_amount_excl_vat TEXT,
  exchange_rate TEXT,
  PRIMARY KEY (tenant_id, invoice_id, position),
  CHECK ((original_currency IS NULL) = (exchange_rate IS NULL) AND
    (exchange_rate IS NULL) = (original_amount_excl_vat IS NULL)),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, msp_cdr_id) REFERENCES msp_cdrs (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX invoice_lines_by_msp_cdr ON invoice_lines (tenant_id, msp_cdr_id);
CREATE TABLE invoiced_msp_cdrs (
  tenant_id INTEGER NOT NULL,
  msp_cdr_id INTEGER NOT NULL,
  invoice_id INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, msp_cdr_id),
  FOREIGN KEY (tenant_id, msp_cdr_id) REFERENCES msp_cdrs (tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX invoiced_msp_cdrs_by_invoice ON invoiced_msp_cdrs (tenant_id, invoice_id);
CREATE TABLE invoice_number_sequences (
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  last_number INTEGER NOT NULL CHECK (last_number >= 0),
  PRIMARY KEY (tenant_id, year)
);
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE billing_runs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  period TEXT NOT NULL CHECK (length(period) = 7),
  started_at TIMESTAMPTZ NOT NULL,
  completed_at TIMESTAMPTZ,
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, period)
);
CREATE TABLE invoices (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  run_id BIGINT NOT NULL,
  period TEXT NOT NULL CHECK (length(period) = 7),
  kind TEXT NOT NULL CHECK (kind IN ('INVOICE', 'CREDIT_NOTE')),
  billing_unit_id BIGINT,
  profile_id BIGINT,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  credited_invoice_id BIGINT,
  invoice_key TEXT NOT NULL,
  total_excl_vat TEXT NOT NULL,
  vat_amount TEXT NOT NULL,
  total_incl_vat TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('DRAFT', 'ISSUED', 'PAID', 'VOID')),
  number_year BIGINT,
  number_sequence BIGINT,
  created_at TIMESTAMPTZ NOT NULL,
  issued_at TIMESTAMPTZ,
  paid_at TIMESTAMPTZ,
  voided_at TIMESTAMPTZ,
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, run_id, invoice_key),
  UNIQUE (tenant_id, number_year, number_sequence),
  CHECK ((billing_unit_id IS NULL) <> (profile_id IS NULL)),
  CHECK ((kind = 'CREDIT_NOTE') = (credited_invoice_id IS NOT NULL)),
  CHECK ((number_year IS NULL) = (number_sequence IS NULL) AND (number_sequence IS NULL) = (issued_at IS NULL)),
  FOREIGN KEY (tenant_id, run_id) REFERENCES billing_runs (tenant_id, id),
  FOREIGN KEY (tenant_id, billing_unit_id) REFERENCES organisation_units (tenant_id, id),
  FOREIGN KEY (tenant_id, profile_id) REFERENCES profiles (tenant_id, id),
  FOREIGN KEY (tenant_id, credited_invoice_id) REFERENCES invoices (tenant_id, id)
);
CREATE INDEX invoices_by_status ON invoices (tenant_id, status, id);
CREATE TABLE invoice_lines (
  tenant_id BIGINT NOT NULL,
  invoice_id BIGINT NOT NULL,
  position BIGINT NOT NULL CHECK (position >= 0),
  msp_cdr_id BIGINT NOT NULL,
  session_start TIMESTAMPTZ NOT NULL,
  location TEXT NOT NULL,
  evse TEXT NOT NULL,
  card TEXT NOT NULL,
  cost_centre TEXT NOT NULL,
  energy_kwh TEXT NOT NULL,
  duration_hours TEXT NOT NULL,
  vat_country TEXT NOT NULL CHECK (length(vat_country) = 2),
  vat_percent TEXT NOT NULL,
  amount_excl_vat TEXT NOT NULL,
  vat_amount TEXT NOT NULL,
  amount_incl_vat TEXT NOT NULL,
  original_currency TEXT CHECK (length(original_currency) = 3),
  original_amount_excl_vat TEXT,
  exchange_rate TEXT,
  PRIMARY KEY (tenant_id, invoice_id, position),
  CHECK ((original_currency IS NULL) = (exchange_rate IS NULL) AND
    (exchange_rate IS NULL) = (original_amount_excl_vat IS NULL)),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, msp_cdr_id) REFERENCES msp_cdrs (tenant_id, id)
);
CREATE INDEX invoice_lines_by_msp_cdr ON invoice_lines (tenant_id, msp_cdr_id);
CREATE TABLE invoiced_msp_cdrs (
  tenant_id BIGINT NOT NULL,
  msp_cdr_id BIGINT NOT NULL,
  invoice_id BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, msp_cdr_id),
  FOREIGN KEY (tenant_id, msp_cdr_id) REFERENCES msp_cdrs (tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX invoiced_msp_cdrs_by_invoice ON invoiced_msp_cdrs (tenant_id, invoice_id);
CREATE TABLE invoice_number_sequences (
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  year BIGINT NOT NULL,
  last_number BIGINT NOT NULL CHECK (last_number >= 0),
  PRIMARY KEY (tenant_id, year)
);
)sql",
    },
    Migration{
        .version = 22,
        .name = "tariff plan drafts: plan versions being prepared, with their rules (no FK to groups: a draft may outlive one)",
        .sqlite_sql = R"sql(
CREATE TABLE tariff_plan_drafts (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (length(name) >= 1),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  min_session_price TEXT,
  max_session_price TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE TABLE tariff_plan_draft_rules (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL,
  tariff_plan_draft_id INTEGER NOT NULL,
  location_group_id INTEGER,
  business_partner_group_id INTEGER,
  tariff_code_id INTEGER NOT NULL,
  unit_price TEXT NOT NULL,
  priority INTEGER NOT NULL,
  start_minute INTEGER CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute INTEGER CHECK (end_minute BETWEEN 0 AND 1439),
  weekdays INTEGER NOT NULL CHECK (weekdays BETWEEN 0 AND 127),
  min_power_kw TEXT,
  max_power_kw TEXT,
  valid_from_date TEXT CHECK (length(valid_from_date) = 10),
  valid_until_date TEXT CHECK (length(valid_until_date) = 10),
  CHECK ((start_minute IS NULL) = (end_minute IS NULL)),
  FOREIGN KEY (tenant_id, tariff_plan_draft_id) REFERENCES tariff_plan_drafts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, tariff_code_id) REFERENCES tariff_codes (tenant_id, id)
);
CREATE INDEX tariff_plan_draft_rules_by_draft ON tariff_plan_draft_rules (tenant_id, tariff_plan_draft_id, id);
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE tariff_plan_drafts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (length(name) >= 1),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  min_session_price NUMERIC,
  max_session_price NUMERIC,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE TABLE tariff_plan_draft_rules (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id BIGINT NOT NULL,
  tariff_plan_draft_id BIGINT NOT NULL,
  location_group_id BIGINT,
  business_partner_group_id BIGINT,
  tariff_code_id BIGINT NOT NULL,
  unit_price NUMERIC NOT NULL,
  priority INTEGER NOT NULL,
  start_minute INTEGER CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute INTEGER CHECK (end_minute BETWEEN 0 AND 1439),
  weekdays INTEGER NOT NULL CHECK (weekdays BETWEEN 0 AND 127),
  min_power_kw NUMERIC,
  max_power_kw NUMERIC,
  valid_from_date DATE,
  valid_until_date DATE,
  CHECK ((start_minute IS NULL) = (end_minute IS NULL)),
  FOREIGN KEY (tenant_id, tariff_plan_draft_id) REFERENCES tariff_plan_drafts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, tariff_code_id) REFERENCES tariff_codes (tenant_id, id)
);
CREATE INDEX tariff_plan_draft_rules_by_draft ON tariff_plan_draft_rules (tenant_id, tariff_plan_draft_id, id);
)sql",
    },
    Migration{
        .version = 23,
        .name = "invoice lines claim their MSP CDR: a live line per MSP CDR (unique), voiding makes them not live; "
                "invoiced_msp_cdrs folded into invoice_lines",
        .sqlite_sql = R"sql(
ALTER TABLE invoice_lines ADD COLUMN live INTEGER NOT NULL DEFAULT 1;
UPDATE invoice_lines SET live = 0 WHERE EXISTS (SELECT 1 FROM invoices v WHERE v.tenant_id = invoice_lines.tenant_id
  AND v.id = invoice_lines.invoice_id AND v.status = 'VOID');
DROP INDEX invoice_lines_by_msp_cdr;
CREATE UNIQUE INDEX invoice_lines_live_by_msp_cdr ON invoice_lines (tenant_id, msp_cdr_id) WHERE live;
DROP TABLE invoiced_msp_cdrs;
)sql",
        .postgresql_sql = R"sql(
ALTER TABLE invoice_lines ADD COLUMN live BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE invoice_lines l SET live = FALSE FROM invoices v WHERE v.tenant_id = l.tenant_id AND v.id = l.invoice_id
  AND v.status = 'VOID';
DROP INDEX invoice_lines_by_msp_cdr;
CREATE UNIQUE INDEX invoice_lines_live_by_msp_cdr ON invoice_lines (tenant_id, msp_cdr_id) WHERE live;
DROP TABLE invoiced_msp_cdrs;
)sql",
    },
    Migration{
        .version = 24,
        .name = "the issuer's legal details of a tenant: legal name, address and VAT number on its invoices",
        .sqlite_sql = R"sql(
CREATE TABLE tenant_issuer_details (
  tenant_id INTEGER PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  legal_name TEXT NOT NULL CHECK (length(CAST(legal_name AS BLOB)) <= 200),
  address TEXT NOT NULL CHECK (length(CAST(address AS BLOB)) <= 500),
  vat_number TEXT NOT NULL CHECK (length(vat_number) <= 30)
);
)sql",
        .postgresql_sql = R"sql(
CREATE TABLE tenant_issuer_details (
  tenant_id BIGINT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  legal_name TEXT NOT NULL CHECK (octet_length(legal_name) <= 200),
  address TEXT NOT NULL CHECK (octet_length(address) <= 500),
  vat_number TEXT NOT NULL CHECK (octet_length(vat_number) <= 30)
);
)sql",
    },
};

// How one back end spells the statements around a migration.
struct Dialect {
  std::string_view begin;
  std::string_view create_table;
  std::string_view Migration::*sql;
};

constexpr Dialect kSqliteDialect{
    .begin = "BEGIN IMMEDIATE",
    .create_table =
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, "
        "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))",
    .sql = &Migration::sqlite_sql,
};

// The advisory lock key is arbitrary but fixed: every openmsp process migrating the same database
// takes the same one ("OpenMSP" in ASCII).
constexpr Dialect kPostgresqlDialect{
    .begin = "BEGIN; SELECT pg_advisory_xact_lock(22360104104710992)",
    .create_table =
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    .sql = &Migration::postgresql_sql,
};

template <class Database>
Result<int> CurrentVersion(Database& database, const Dialect& dialect) {
  OPENMSP_RETURN_IF_ERROR(database.Execute(dialect.create_table));
  OPENMSP_ASSIGN_OR_RETURN(std::optional<std::string> text,
                           database.QueryText("SELECT max(version) FROM schema_migrations"));
  int version = 0;
  if (text && std::from_chars(text->data(), text->data() + text->size(), version).ec != std::errc()) {
    return Error{ErrorCode::kInternal, "database", "schema_migrations holds the version '" + *text + "'"};
  }
  if (version > LatestSchemaVersion()) {
    return Error{ErrorCode::kFailedPrecondition, "database",
                 "the database is at schema version " + std::to_string(version) + ", newer than the " +
                     std::to_string(LatestSchemaVersion()) + " this openmsp knows; upgrade openmsp"};
  }
  return version;
}

// What one transaction did: the version the database is at when it ends, and whether it applied a
// migration to get there.
struct Step {
  int version = 0;
  bool applied = false;
};

// Inside a transaction: reads the version under the lock and applies the next migration, if any.
template <class Database>
Result<Step> ApplyNext(Database& database, const Dialect& dialect) {
  OPENMSP_ASSIGN_OR_RETURN(int version, CurrentVersion(database, dialect));
  if (version == LatestSchemaVersion()) return Step{version, false};
  const Migration& next = kMigrations[static_cast<std::size_t>(version)];
  Result<void> applied = database.Execute(next.*dialect.sql);
  if (applied) {
    applied = database.Execute("INSERT INTO schema_migrations (version) VALUES (" +
                               std::to_string(next.version) + ")");
  }
  if (!applied) {
    Error error = std::move(applied).error();
    error.message = "migration " + std::to_string(next.version) + " (" + std::string(next.name) +
                    ") failed: " + error.message;
    return error;
  }
  return Step{next.version, true};
}

template <class Database>
Result<MigrationReport> MigrateWith(Database& database, const Dialect& dialect) {
  MigrationReport report;
  while (true) {
    Result<void> begun = database.Execute(dialect.begin);
    Result<Step> step = begun ? ApplyNext(database, dialect) : Result<Step>(std::move(begun).error());
    if (!step) {
      (void)database.Execute("ROLLBACK");
      return std::move(step).error();
    }
    OPENMSP_RETURN_IF_ERROR(database.Execute("COMMIT"));
    report.version = step->version;
    if (!step->applied) return report;
    ++report.applied;
  }
}

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestSchemaVersion() { return kMigrations.back().version; }

Result<MigrationReport> Migrate(SqliteDatabase& database) { return MigrateWith(database, kSqliteDialect); }

Result<MigrationReport> Migrate(PostgresDatabase& database) {
  return MigrateWith(database, kPostgresqlDialect);
}

Result<MigrationReport> OpenAndMigrate(const DatabaseUrl& url) {
  if (url.backend == DatabaseUrl::Backend::kPostgresql) {
    OPENMSP_ASSIGN_OR_RETURN(PostgresDatabase database, PostgresDatabase::Open(url.postgresql_url));
    return Migrate(database);
  }
  OPENMSP_ASSIGN_OR_RETURN(SqliteDatabase database, SqliteDatabase::Open(url.sqlite_path));
  return Migrate(database);
}

}  // namespace openmsp::store
