CREATE TABLE agency (
    id                 VARCHAR(100) NOT NULL PRIMARY KEY,
    agency_type        VARCHAR(40)  NOT NULL,
    name               VARCHAR(300) NOT NULL,
    postcode_areas     VARCHAR(300),
    office_phone       VARCHAR(30),
    out_of_hours_phone VARCHAR(30)
);

CREATE TABLE cp_plan (
    plan_id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    nhs_number        CHAR(10)     NOT NULL,
    plan_type         VARCHAR(4)   NOT NULL,
    start_date        DATE         NOT NULL,
    end_date          DATE,
    local_authority   VARCHAR(100) NOT NULL,
    given_name        VARCHAR(100) NOT NULL,
    family_name       VARCHAR(100) NOT NULL,
    birth_date        DATE         NOT NULL,
    contact_name      VARCHAR(200),
    contact_phone     VARCHAR(30),
    contact_ooh_phone VARCHAR(30),
    core_group        VARCHAR(5200),
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX cp_plan_nhs_number ON cp_plan (nhs_number);
