-- The stream position of the classification a contact's facts hold, so that the merge keeps the latest one whatever
-- order the batches bring them in (catch-up order follows transaction ids, which can differ from a stream's order: a
-- transaction that took its id early may append a later position). The projection compares positions across batches;
-- before, a classification from a later batch always replaced the stored one.
ALTER TABLE rm.contact_facts ADD COLUMN class_position integer;

-- The facts already built hold the classification of the highest position in almost every case; a rebuild
-- (`helpline-stats project rebuild contact_counts`) recomputes them from the events if in doubt.
UPDATE rm.contact_facts f
   SET class_position = c.position
  FROM (SELECT metadata->>'helpline' AS helpline, metadata->>'contactId' AS contact_id, max(stream_position) AS position
          FROM es.events WHERE event_type IN ('ContactClassified', 'ContactReclassified')
         GROUP BY 1, 2) c
 WHERE c.helpline = f.helpline AND c.contact_id = f.contact_id;
