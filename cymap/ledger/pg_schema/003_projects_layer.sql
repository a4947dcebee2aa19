-- cymap shared ledger, version 3: the `projects` layer for QGIS (and any GIS): one feature per
-- ledger row with its geocoded geometry in EPSG:4326, updated by every write (it is a view of
-- ledger_rows). Key column: id. Districts are listed with 、 between names.
CREATE VIEW projects AS
SELECT id,
       cells ->> 'name_zh' AS name_zh,
       cells ->> 'name_en' AS name_en,
       cells ->> 'action' AS action,
       cells ->> 'task' AS task,
       cells ->> 'category' AS category,
       cells ->> 'location' AS location,
       cells ->> 'status' AS status,
       cells ->> 'target_year' AS target_year,
       cells ->> 'target' AS target,
       cells ->> 'updated' AS updated,
       cells ->> 'note' AS note,
       array_to_string(districts, '、') AS districts,
       array_to_string(districts_2023, '、') AS districts_2023,
       precision,
       version,
       geom
FROM ledger_rows;
