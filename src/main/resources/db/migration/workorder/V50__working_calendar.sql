-- The working calendar of the SLA clocks: exceptions to "Monday to Friday is a working day".
-- HOLIDAY = a day off (weekend days inside a holiday period are listed too, so that a year's
-- list reads like the State Council notice); WORKDAY = a make-up working day (调休上班).
-- Administrators maintain it at /admin/calendar or PUT/DELETE /api/v1/workorders/calendar/{date};
-- the next year's arrangement is published by the State Council around November.
CREATE TABLE workorder_calendar_day (
	day        DATE PRIMARY KEY,
	kind       VARCHAR(16)  NOT NULL CHECK (kind IN ('HOLIDAY', 'WORKDAY')),
	name_zh    VARCHAR(100) NOT NULL,
	name_en    VARCHAR(100) NOT NULL,
	updated_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
	updated_by VARCHAR(100) NOT NULL DEFAULT 'system'
);

-- 2026: 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电, 2025-11-04, published by Xinhua).
-- Checked against the published text; an administrator should still compare it with the notice
-- before relying on it, as with every year's data.
INSERT INTO workorder_calendar_day (day, kind, name_zh, name_en)
SELECT d::date, 'HOLIDAY', h.name_zh, h.name_en
FROM (VALUES
	('2026-01-01', '2026-01-03', '元旦', 'New Year''s Day'),
	('2026-02-15', '2026-02-23', '春节', 'Spring Festival'),
	('2026-04-04', '2026-04-06', '清明节', 'Qingming Festival'),
	('2026-05-01', '2026-05-05', '劳动节', 'Labour Day'),
	('2026-06-19', '2026-06-21', '端午节', 'Dragon Boat Festival'),
	('2026-09-25', '2026-09-27', '中秋节', 'Mid-Autumn Festival'),
	('2026-10-01', '2026-10-07', '国庆节', 'National Day')
) AS h(first_day, last_day, name_zh, name_en),
	generate_series(h.first_day::date, h.last_day::date, interval '1 day') AS d;

INSERT INTO workorder_calendar_day (day, kind, name_zh, name_en) VALUES
	('2026-01-04', 'WORKDAY', '元旦调休上班', 'Make-up working day (New Year)'),
	('2026-02-14', 'WORKDAY', '春节调休上班', 'Make-up working day (Spring Festival)'),
	('2026-02-28', 'WORKDAY', '春节调休上班', 'Make-up working day (Spring Festival)'),
	('2026-05-09', 'WORKDAY', '劳动节调休上班', 'Make-up working day (Labour Day)'),
	('2026-09-20', 'WORKDAY', '国庆节调休上班', 'Make-up working day (National Day)'),
	('2026-10-10', 'WORKDAY', '国庆节调休上班', 'Make-up working day (National Day)');
