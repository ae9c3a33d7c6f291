-- NTM dashboard database. Built from data/ and the reference folder by `python -m ntm build`.
-- Naming: *_code = official code (mã ĐVHC), *_id = our key, met = boolean, provenance on every fact row.

CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE districts (
    district_code VARCHAR PRIMARY KEY,
    district_name VARCHAR NOT NULL,
    district_short VARCHAR NOT NULL,
    district_type VARCHAR NOT NULL
);

-- One row per unit *version*: GSO re-uses codes, so unit_id (not unit_code) identifies a unit in time.
CREATE TABLE units (
    unit_id VARCHAR PRIMARY KEY,
    unit_code VARCHAR NOT NULL,
    unit_name VARCHAR NOT NULL,
    unit_type VARCHAR NOT NULL,          -- xã / phường / thị trấn
    district_code VARCHAR NOT NULL REFERENCES districts (district_code),
    valid_from DATE,
    valid_to DATE
);

CREATE TABLE unit_lineage (
    from_unit_id VARCHAR NOT NULL REFERENCES units (unit_id),
    to_unit_id VARCHAR NOT NULL REFERENCES units (unit_id),
    kind VARCHAR NOT NULL,               -- continues_as / merged_into
    effective_date DATE NOT NULL,
    status VARCHAR NOT NULL,             -- confirmed / inferred
    note VARCHAR
);

CREATE TABLE criteria_sets (
    set_id VARCHAR PRIMARY KEY,
    level VARCHAR NOT NULL,
    name_vi VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    legal_basis VARCHAR NOT NULL,
    valid_from DATE,
    valid_to DATE,
    source VARCHAR,
    source_status VARCHAR
);

CREATE TABLE criteria (
    set_id VARCHAR NOT NULL REFERENCES criteria_sets (set_id),
    criterion_code VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL,
    name_vi VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    group_no VARCHAR NOT NULL,
    group_vi VARCHAR NOT NULL,
    group_en VARCHAR NOT NULL,
    source VARCHAR,
    source_status VARCHAR,
    PRIMARY KEY (set_id, criterion_code)
);

CREATE TABLE indicators (
    set_id VARCHAR NOT NULL,
    criterion_code VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    name_vi VARCHAR NOT NULL,
    name_en VARCHAR,
    unit VARCHAR,
    threshold VARCHAR,
    comparator VARCHAR,
    source_status VARCHAR,
    PRIMARY KEY (set_id, indicator_code)
);

CREATE TABLE criterion_owners (
    set_id VARCHAR NOT NULL,
    criterion_code VARCHAR NOT NULL,
    department VARCHAR NOT NULL,
    supporting_units VARCHAR,
    status VARCHAR,
    PRIMARY KEY (set_id, criterion_code)
);

CREATE TABLE criteria_bands (
    set_id VARCHAR NOT NULL,
    band_order INTEGER NOT NULL,
    label_vi VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL,
    min_met INTEGER NOT NULL,
    max_met INTEGER NOT NULL,
    PRIMARY KEY (set_id, band_order)
);

CREATE TABLE periods (
    period_id VARCHAR PRIMARY KEY,
    label_vi VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL,
    as_of_date DATE NOT NULL,
    criteria_set_id VARCHAR NOT NULL REFERENCES criteria_sets (set_id),
    base_note_vi VARCHAR,
    base_note_en VARCHAR,
    source VARCHAR,
    boundary_layer VARCHAR,              -- map boundaries drawn for the period (geo/layers.py): 2019 / 2020_approx
    is_default BOOLEAN                   -- the period the dashboard opens on
);

-- The commune base of each period (143 / 134 / 127 ...): a period carries its own base.
CREATE TABLE period_units (
    period_id VARCHAR NOT NULL REFERENCES periods (period_id),
    unit_id VARCHAR NOT NULL REFERENCES units (unit_id),
    PRIMARY KEY (period_id, unit_id)
);

CREATE TABLE commune_status (
    period_id VARCHAR NOT NULL,
    unit_id VARCHAR NOT NULL,
    criterion_code VARCHAR NOT NULL,
    met BOOLEAN NOT NULL,
    value DOUBLE,
    provenance VARCHAR NOT NULL,         -- source document, or 'illustrative'
    PRIMARY KEY (period_id, unit_id, criterion_code),
    FOREIGN KEY (period_id, unit_id) REFERENCES period_units (period_id, unit_id)
);

CREATE TABLE recognitions (
    unit_id VARCHAR NOT NULL REFERENCES units (unit_id),
    level VARCHAR NOT NULL,              -- NTM / NTM nâng cao / NTM kiểu mẫu
    year INTEGER NOT NULL,
    decision_no VARCHAR,
    decision_date DATE,
    provenance VARCHAR NOT NULL,
    source VARCHAR
);

CREATE TABLE targets (
    target_id VARCHAR PRIMARY KEY,
    scope_type VARCHAR NOT NULL,
    scope_code VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    value DOUBLE NOT NULL,
    unit VARCHAR,
    valid_from DATE,
    deadline DATE NOT NULL,
    direction VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    source_status VARCHAR,
    target_group VARCHAR,                -- issue 5: which directive of the plan (ntm/plan.py)
    label_vi VARCHAR,
    label_en VARCHAR,
    baseline_period_id VARCHAR,          -- progress is measured from this period (Letter 417: 2020-02)
    provenance VARCHAR                   -- confirmed / illustrative
);

CREATE TABLE published_figures (
    period_label VARCHAR NOT NULL,
    period_id VARCHAR,
    ntm_communes INTEGER,
    commune_base INTEGER,
    pct_ntm DOUBLE,
    avg_criteria VARCHAR,
    poverty_rate_pct DOUBLE,
    source VARCHAR,
    status VARCHAR
);

-- Agency (sở, ban, ngành) helping a commune build NTM (Letter 417 §2a).
CREATE TABLE sponsors (
    unit_id VARCHAR NOT NULL REFERENCES units (unit_id),
    agency VARCHAR NOT NULL,
    valid_from DATE,
    provenance VARCHAR NOT NULL
);

-- Traffic-light rule of the district league table (issue 4), kept as data (data/traffic_lights.csv).
-- A district gets the first light (by sort_order) whose bound it reaches: share meeting the standard
-- minus the target >= min_gap_points (points); the last light has no bound (NULL).
CREATE TABLE traffic_lights (
    light VARCHAR PRIMARY KEY,
    sort_order INTEGER NOT NULL,
    label_vi VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL,
    colour VARCHAR NOT NULL,
    min_gap_points DOUBLE,
    source VARCHAR NOT NULL
);

-- ---- issue 5: the 2020 plan as targets, district-level NTM, poverty reduction ---------------------
-- Status of a target (ntm/targets.py): the first rule in rule_order that matches. applies_when is one of
-- not_in_force / no_data / any / before_deadline / after_deadline; thresholds in percent (NULL = none).
CREATE TABLE target_status_rules (
    rule_order INTEGER PRIMARY KEY,
    status VARCHAR NOT NULL,             -- achieved / on_track / at_risk / off_track / not_in_force / no_data
    label_vi VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL,
    colour VARCHAR NOT NULL,
    icon VARCHAR NOT NULL,               -- shown with the label: status never told by colour alone
    applies_when VARCHAR NOT NULL,
    min_progress_pct DOUBLE,
    min_lead_pct DOUBLE,                 -- progress minus share of time used, in points
    rule_vi VARCHAR NOT NULL,
    rule_en VARCHAR NOT NULL
);

-- District NTM criteria (QĐ 558/QĐ-TTg); code 'cond' rows are the recognition conditions A / B.
CREATE TABLE district_criteria (
    set_id VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    name_vi VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    requirement_vi VARCHAR,
    requirement_en VARCHAR,
    threshold VARCHAR,
    source VARCHAR,
    source_status VARCHAR,
    notes VARCHAR,
    PRIMARY KEY (set_id, indicator_code)
);

CREATE TABLE district_criteria_status (
    period_id VARCHAR NOT NULL REFERENCES periods (period_id),
    district_code VARCHAR NOT NULL REFERENCES districts (district_code),
    set_id VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    met BOOLEAN NOT NULL,
    provenance VARCHAR NOT NULL,
    PRIMARY KEY (period_id, district_code, set_id, indicator_code)
);

-- Recognitions as xã NTM nâng cao / kiểu mẫu (the NTM level stays in recognitions).
CREATE TABLE advanced_recognitions (
    unit_id VARCHAR NOT NULL REFERENCES units (unit_id),
    unit_code VARCHAR NOT NULL,
    level VARCHAR NOT NULL,              -- NTM nâng cao / NTM kiểu mẫu
    year INTEGER NOT NULL,
    decision_no VARCHAR,
    decision_date DATE,
    provenance VARCHAR NOT NULL,
    source VARCHAR
);

CREATE TABLE poverty_province (
    year INTEGER PRIMARY KEY,
    standard_vi VARCHAR NOT NULL,
    standard_en VARCHAR NOT NULL,
    poverty_rate_pct DOUBLE NOT NULL,
    poor_households INTEGER,
    near_poor_rate_pct DOUBLE,
    near_poor_households INTEGER,
    source VARCHAR NOT NULL,
    source_status VARCHAR NOT NULL
);

-- Districts on (remaining) or taken off (exited) the national poor-district list (Programme 30a).
CREATE TABLE poor_districts (
    district_code VARCHAR PRIMARY KEY REFERENCES districts (district_code),
    list_status VARCHAR NOT NULL,
    note_vi VARCHAR,
    note_en VARCHAR,
    source VARCHAR NOT NULL,
    source_status VARCHAR NOT NULL
);

CREATE TABLE poverty_district (
    year INTEGER NOT NULL,
    district_code VARCHAR NOT NULL REFERENCES districts (district_code),
    households INTEGER NOT NULL,
    poor_households INTEGER NOT NULL,
    near_poor_households INTEGER,
    provenance VARCHAR NOT NULL,
    PRIMARY KEY (year, district_code)
);

CREATE TABLE resource_sources (
    source_code VARCHAR PRIMARY KEY,
    sort_order INTEGER NOT NULL,
    label_vi VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL
);

-- Resources mobilised for NTM (Letter 417 §1d), million VND.
CREATE TABLE resources (
    year INTEGER NOT NULL,
    district_code VARCHAR NOT NULL REFERENCES districts (district_code),
    source_code VARCHAR NOT NULL REFERENCES resource_sources (source_code),
    amount_mil_vnd DOUBLE NOT NULL,
    provenance VARCHAR NOT NULL,
    PRIMARY KEY (year, district_code, source_code)
);

-- Other spellings of a unit's name (press, older catalogues), used by search and name matching.
CREATE TABLE unit_aliases (
    unit_code VARCHAR NOT NULL,
    alias VARCHAR NOT NULL,
    source VARCHAR
);
