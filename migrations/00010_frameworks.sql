-- JTAI frameworks and their lines of enquiry are data, versioned: the inspectorates announce
-- new themes every six months (seed 000) and revise a framework's lines, so an admin adds a
-- framework or a new version of one (PUT /api/v1/frameworks/{key}) without a new binary. An
-- inspection keeps the version it was recorded under. The five frameworks current in October
-- 2024 are shipped below, their lines as the partnerships' briefings quote them
-- (../shared/domain/seeds/004 lists all five; JTAI.md gathers the SYV strands). Each framework
-- names its inspectorates (HM Inspectorate of Probation joins for serious youth violence) and its
-- age scope: the criminal exploitation framework's lines name care leavers, so its case sample
-- accepts care leavers past 17. The written statement of proposed action is due 70 working days
-- after publication by default, with the basis stated, and can be adjusted per inspection.

-- +goose Up
CREATE TABLE frameworks (
    key                     text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,63}$'),
    version                 int NOT NULL CHECK (version >= 1),
    title                   text NOT NULL,
    inspectorates           text[] NOT NULL,
    inspectorates_note      text NOT NULL DEFAULT '',
    min_age                 int NOT NULL CHECK (min_age BETWEEN 0 AND 17),
    max_age                 int NOT NULL CHECK (max_age BETWEEN min_age AND 17),
    -- 0, or the oldest age of a care leaver the framework's lines name.
    care_leaver_max_age     int NOT NULL DEFAULT 0 CHECK (care_leaver_max_age = 0 OR care_leaver_max_age BETWEEN 18 AND 25),
    age_note                text NOT NULL DEFAULT '',
    notification_day        text NOT NULL DEFAULT 'Monday',
    written_statement_days  int NOT NULL DEFAULT 70 CHECK (written_statement_days BETWEEN 1 AND 260),
    written_statement_basis text NOT NULL DEFAULT
        '70 working days after publication, as published JTAI timetables count it; one briefing (seed 004) says within 70 days of receiving the final letter, and the inspectorates set the date in the letter.',
    created_at              timestamptz NOT NULL DEFAULT now(),
    created_by              bigint REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (key, version)
);

CREATE TABLE framework_lines (
    framework text NOT NULL,
    version   int NOT NULL,
    key       text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,63}$'),
    position  int NOT NULL,
    strand    text NOT NULL,
    title     text NOT NULL,
    text      text NOT NULL,
    PRIMARY KEY (framework, version, key),
    FOREIGN KEY (framework, version) REFERENCES frameworks (key, version) ON DELETE CASCADE
);

INSERT INTO frameworks (key, version, title, inspectorates, inspectorates_note, min_age, max_age, care_leaver_max_age, age_note)
    VALUES ('early_help', 1, 'The multi-agency response to children and families who need help (early help)',
    ARRAY['ofsted', 'cqc', 'hmicfrs'], 'Ofsted, CQC and HMICFRS, as the October 2024 overview lists (seed 004).',
    0, 17, 0, '');
INSERT INTO frameworks (key, version, title, inspectorates, inspectorates_note, min_age, max_age, care_leaver_max_age, age_note)
    VALUES ('criminal_exploitation', 1, 'The multi-agency response to the criminal exploitation of children',
    ARRAY['ofsted', 'cqc', 'hmicfrs', 'hmip'], 'Ofsted, CQC, HMICFRS and HMI Probation: youth justice services, which HMI Probation inspects, are in scope for exploitation; check against the framework in force.',
    0, 17, 20, 'Children, and care leavers aged 18 to 20 because the framework''s lines name the support and care of care leavers.');
INSERT INTO frameworks (key, version, title, inspectorates, inspectorates_note, min_age, max_age, care_leaver_max_age, age_note)
    VALUES ('front_door', 1, 'The multi-agency response to identification of initial need and risk (front door)',
    ARRAY['ofsted', 'cqc', 'hmicfrs'], 'Ofsted, CQC and HMICFRS, as the October 2024 overview lists (seed 004).',
    0, 17, 0, '');
INSERT INTO frameworks (key, version, title, inspectorates, inspectorates_note, min_age, max_age, care_leaver_max_age, age_note)
    VALUES ('serious_youth_violence', 1, 'The multi-agency response to serious youth violence',
    ARRAY['ofsted', 'cqc', 'hmicfrs', 'hmip'], 'Ofsted, CQC, HMICFRS and HMI Probation, as the SYV briefings name them (seeds 000, 001).',
    10, 17, 0, 'Children aged 10 and over at risk of or affected by serious youth violence (seed 003).');
INSERT INTO frameworks (key, version, title, inspectorates, inspectorates_note, min_age, max_age, care_leaver_max_age, age_note)
    VALUES ('domestic_abuse', 1, 'The multi-agency response to children who are victims of domestic abuse',
    ARRAY['ofsted', 'cqc', 'hmicfrs'], 'Ofsted, CQC and HMICFRS, as the October 2024 overview lists (seed 004).',
    0, 17, 0, '');

INSERT INTO framework_lines (framework, version, key, position, strand, title, text) VALUES
    ('serious_youth_violence', 1, 'syv_intelligence', 1, 'strategic', 'Information and intelligence',
        'How partnerships collate and share information and intelligence to understand risk and the implications of serious youth violence within the local community or communities.'),
    ('serious_youth_violence', 1, 'syv_decisions', 2, 'strategic', 'Interventions and commissioning',
        'How partnerships use this information and engage with communities to inform their decision-making on interventions and commissioning services.'),
    ('serious_youth_violence', 1, 'syv_engagement', 3, 'strategic', 'Engaging children, parents and carers',
        'How partnerships engage meaningfully with children, parents and carers to understand their needs and views.'),
    ('serious_youth_violence', 1, 'syv_prevention', 4, 'strategic', 'Prevention',
        'How partnerships develop and implement approaches to prevention, including the role of education providers and multi-agency interventions in places and spaces to address risk and improve safety for children.'),
    ('serious_youth_violence', 1, 'syv_workforce', 5, 'strategic', 'Supporting the workforce',
        'How partnerships support the workforce, so that they have the skills, the knowledge and the right working conditions to help and protect children.'),
    ('serious_youth_violence', 1, 'syv_oversight', 6, 'strategic', 'Evaluation and oversight',
        'How partnerships evaluate and oversee their responses to serious youth violence.'),
    ('serious_youth_violence', 1, 'syv_identification', 7, 'work_with_children', 'Response at the point of identification',
        'How partners respond to all forms of serious youth violence and child criminal exploitation at the point of identification.'),
    ('serious_youth_violence', 1, 'syv_assessment', 8, 'work_with_children', 'Assessment, planning and decisions',
        'How partners assess, plan and make decisions in response to notifications and referrals of children at risk of or subject to serious youth violence and/or criminal exploitation.'),
    ('serious_youth_violence', 1, 'syv_protection', 9, 'work_with_children', 'Protection, support and care',
        'How partners protect, support and care for children who are at risk of or have been harmed by serious youth violence and/or criminal exploitation, including looked-after children.'),
    ('serious_youth_violence', 1, 'pas_q1', 10, 'places_and_spaces', 'Q1 Information and intelligence',
        'What information and intelligence partners use to inform their decisions about interventions in places and spaces.'),
    ('serious_youth_violence', 1, 'pas_q2', 11, 'places_and_spaces', 'Q2 Partnership approach, method and aim',
        'Whether this is a partnership approach, what methodology or approach partners use and what the aim of the intervention(s) is.'),
    ('serious_youth_violence', 1, 'pas_q3', 12, 'places_and_spaces', 'Q3 Consulting children and communities',
        'How partners consult and engage children and communities in relation to this work.'),
    ('serious_youth_violence', 1, 'pas_q4', 13, 'places_and_spaces', 'Q4 Safer children and places',
        'How partners make sure that children and places and spaces are safer.'),
    ('serious_youth_violence', 1, 'pas_q5', 14, 'places_and_spaces', 'Q5 Outcome and evaluation',
        'What the outcome is and how partners evaluate their interventions.'),
    ('early_help', 1, 'eh_right_help', 1, 'focus', 'Right help at the right time',
        'Whether agencies work effectively together so that children and their families get the right help at the right time.'),
    ('early_help', 1, 'eh_vision', 2, 'focus', 'Shared strategic vision',
        'Whether there is a shared strategic vision for helping families early, and whether it is well understood across the local partnership, at all operational levels, and by families and communities.'),
    ('early_help', 1, 'eh_local_need', 3, 'focus', 'Understanding local need',
        'How effectively leaders understand local need and engage with families, their neighbourhoods and communities to deliver an appropriate local offer.'),
    ('early_help', 1, 'eh_changing_need', 4, 'focus', 'Responding to changing need',
        'Whether leaders understand how local need changes over time, and update their offer of help to respond to these changes effectively.'),
    ('early_help', 1, 'eh_oversight', 5, 'focus', 'Monitoring and evaluation',
        'Whether the local safeguarding partnership monitors and evaluates the work of statutory partners effectively.'),
    ('early_help', 1, 'eh_workforce', 6, 'focus', 'Workforce',
        'Whether the workforce has the appropriate skills, knowledge and capacity to support children and their families effectively.'),
    ('criminal_exploitation', 1, 'cce_identification', 1, 'focus', 'Response at the point of identification',
        'The multi-agency arrangements for responding to all forms of child criminal exploitation at the point of identification.'),
    ('criminal_exploitation', 1, 'cce_assessment', 2, 'focus', 'Assessment, planning and decisions',
        'Assessment, planning and decision-making in response to notifications and referrals of children at risk of criminal exploitation, or who have been criminally exploited.'),
    ('criminal_exploitation', 1, 'cce_protection', 3, 'focus', 'Protection, support and care',
        'Protecting, supporting and caring for children who are at risk of or have been harmed by criminal exploitation, including the support and care of children looked after and care leavers.'),
    ('criminal_exploitation', 1, 'cce_prevention', 4, 'focus', 'Prevention and disruption',
        'Preventing child criminal exploitation, including through awareness-raising and the use of disruption activity.'),
    ('criminal_exploitation', 1, 'cce_sexual_exploitation', 5, 'focus', 'Child sexual exploitation',
        'Identifying children at risk of sexual exploitation and the multi-agency response.'),
    ('criminal_exploitation', 1, 'cce_oversight', 6, 'focus', 'Partnership oversight',
        'How effectively the local partnership, through its multi-agency safeguarding arrangements, monitors, promotes, coordinates and evaluates the work of the statutory partners.'),
    ('front_door', 1, 'fd_front_doors', 1, 'focus', 'Agencies'' front doors',
        'How effectively the front doors of individual agencies identify and respond to initial need and risk.'),
    ('front_door', 1, 'fd_mash', 2, 'focus', 'The multi-agency safeguarding hub',
        'The effectiveness of the multi-agency safeguarding hub (MASH) or equivalent.'),
    ('front_door', 1, 'fd_contribution', 3, 'focus', 'Each agency''s contribution',
        'How effectively each agency contributes to the multi-agency response, including early decision-making across early help, child in need and child protection.'),
    ('front_door', 1, 'fd_oversight', 4, 'focus', 'Partnership oversight',
        'How effectively the local partnership, through its multi-agency safeguarding arrangements, monitors, promotes, coordinates and evaluates the work of the statutory partners.'),
    ('front_door', 1, 'fd_leadership', 5, 'focus', 'Leaders and managers',
        'The impact of leaders and managers on practice with children and families in relation to the front door.'),
    ('front_door', 1, 'fd_timeliness', 6, 'focus', 'Timeliness and improvement',
        'The timeliness of this work and the impact of the local area''s actions to improve the multi-agency response to children in need of help and protection.'),
    ('domestic_abuse', 1, 'da_identification', 1, 'focus', 'Response at the point of identification',
        'The multi-agency arrangements for responding to children who are victims of domestic abuse, at the point of identification.'),
    ('domestic_abuse', 1, 'da_assessment', 2, 'focus', 'Assessment, planning and decisions',
        'Assessment, planning and decision-making in response to notifications and referrals of children who are victims of domestic abuse.'),
    ('domestic_abuse', 1, 'da_protection', 3, 'focus', 'Protection, support and care',
        'Protecting, supporting and caring for children who are at risk of, or who have been victims of, domestic abuse.'),
    ('domestic_abuse', 1, 'da_prevention', 4, 'focus', 'Prevention',
        'Preventing children from becoming victims of domestic abuse.');

ALTER TABLE inspections
    DROP CONSTRAINT inspections_framework_check,
    ADD COLUMN framework_version int NOT NULL DEFAULT 1,
    ADD CONSTRAINT inspections_framework_fkey FOREIGN KEY (framework, framework_version) REFERENCES frameworks (key, version),
    ADD COLUMN written_statement_days int NOT NULL DEFAULT 70 CHECK (written_statement_days BETWEEN 1 AND 260),
    ADD COLUMN written_statement_basis text NOT NULL DEFAULT '';
UPDATE inspections i SET written_statement_basis = f.written_statement_basis
    FROM frameworks f WHERE f.key = i.framework AND f.version = i.framework_version;
ALTER TABLE inspections ALTER COLUMN framework_version DROP DEFAULT;

-- Care leavers in the case sample, where the framework names them.
ALTER TABLE case_sample
    DROP CONSTRAINT case_sample_age_at_notification_check,
    ADD CONSTRAINT case_sample_age_at_notification_check CHECK (age_at_notification BETWEEN 0 AND 25),
    ADD COLUMN care_leaver boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE case_sample DROP COLUMN care_leaver,
    DROP CONSTRAINT case_sample_age_at_notification_check,
    ADD CONSTRAINT case_sample_age_at_notification_check CHECK (age_at_notification BETWEEN 0 AND 17);
ALTER TABLE inspections DROP CONSTRAINT inspections_framework_fkey,
    DROP COLUMN framework_version, DROP COLUMN written_statement_days, DROP COLUMN written_statement_basis,
    ADD CONSTRAINT inspections_framework_check CHECK (framework IN
        ('early_help', 'criminal_exploitation', 'front_door', 'serious_youth_violence', 'domestic_abuse'));
DROP TABLE framework_lines, frameworks;
