-- Holidays per helpline instead of Belgium's for everyone (docs/STATISTICS.md §2, docs/READ_MODELS.md "Helpline
-- settings"): the built-in calendars a helpline's campaign model takes, and its own extra holiday dates. A helpline
-- without a settings row takes Belgium's public holidays and the Flemish school holidays.
ALTER TABLE rm.helpline_settings
    ADD COLUMN holiday_calendars text[] NOT NULL DEFAULT '{belgium,flanders_school}'
        CHECK (holiday_calendars <@ ARRAY['belgium', 'belgium_communities', 'flanders_school']);

CREATE TABLE rm.helpline_holidays (
    helpline text NOT NULL,
    date     date NOT NULL,
    name     text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- Holidays of one category share one model column; a new category is a new column.
    category text NOT NULL DEFAULT 'public holiday' CHECK (length(category) BETWEEN 1 AND 50),
    PRIMARY KEY (helpline, date, category)
);

SELECT rm.grant_service();
