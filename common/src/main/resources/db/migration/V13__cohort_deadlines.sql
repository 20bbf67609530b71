-- A cohort's deadline: the day by which its members should have finished the course. Reminder rules
-- "before_deadline_days" count back from the end of that day (UTC).
ALTER TABLE cohorts ADD COLUMN deadline DATE CHECK (deadline IS NULL OR starts_on IS NULL OR deadline >= starts_on);
