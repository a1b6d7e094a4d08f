-- The current météo of every subject.
SELECT subject_kind, subject_id, status, explanation FROM meteo_current
